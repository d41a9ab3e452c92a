// CodeLens over every stage of a dvc.yaml and over a `.dvc` file (the lenses themselves come from codelens-model.ts):
// a plain stage's status and Run actions, one summary line over a foreach/matrix template. Each file's lenses are
// those of the workspace folder holding it; its Run actions pass that folder to the command after the stage ids.
import * as vscode from 'vscode';
import { pipelineLenses } from './codelens-model';
import type { RunService } from './run-service';

export class StageCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: RunService) {
    service.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const root = this.service.folderOf(document.uri.fsPath);
    if (!root) return [];
    // As saved: the model's copy; while edited: the buffer, read once per version (the lenses follow the names
    // as typed, and a status change costs only the lenses).
    const pipeline = this.service.model.pipelineOf(document);
    const problem = this.service.problem(root);
    const lenses = pipelineLenses(pipeline, root, {
      viewOf: (id) => this.service.viewOf(id, root),
      reasonsOf: (id) => this.service.info(id, root)?.reasons ?? [],
      ...(problem === undefined ? {} : { problem }),
    });
    return lenses.map(
      (l) =>
        new vscode.CodeLens(new vscode.Range(l.line, l.character, l.line, l.character), {
          title: l.title,
          command: l.command,
          ...(l.arguments ? { arguments: [...l.arguments, root] } : {}),
          ...(l.tooltip ? { tooltip: l.tooltip } : {}),
        }),
    );
  }
}
