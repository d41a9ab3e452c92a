// CodeLens over every stage of a dvc.yaml: its status (up to date / changed / running / failed) and
// Run · Run with upstream · Run downstream, or Stop while it runs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeId } from '../../core/pipeline/dag';
import { nodeFileSystem, overlayFileSystem } from '../../core/fs';
import { loadPipeline } from '../../core/pipeline';
import type { RunService, StageView } from './run-service';

const label: Record<StageView, string> = {
  'up-to-date': '$(check) up to date',
  changed: '$(circle-filled) changed',
  'never-run': '$(circle-outline) never run',
  frozen: '$(lock) frozen',
  running: '$(sync~spin) running',
  failed: '$(error) failed',
};

export class StageCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: RunService) {
    service.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const root = this.service.root();
    if (!root) return [];
    const file = document.uri.fsPath;
    const pipeline = loadPipeline(file, overlayFileSystem(nodeFileSystem, new Map([[file, document.getText()]])));
    const lenses: vscode.CodeLens[] = [];
    for (const stage of pipeline.stages) {
      const id = nodeId(pipeline, stage, path.resolve(root));
      const at = new vscode.Range(
        stage.nameRange.start.line,
        stage.nameRange.start.character,
        stage.nameRange.start.line,
        stage.nameRange.start.character,
      );
      const view = this.service.viewOf(id);
      const info = this.service.info(id);
      const status = view ? `${stage.expansion ? `${stage.name}: ` : ''}${label[view]}` : undefined;
      const problem = this.service.problem();
      if (problem !== undefined) {
        lenses.push(
          new vscode.CodeLens(at, {
            title: '$(error) status unavailable',
            command: 'mlops.showOutput',
            tooltip: problem,
          }),
        );
      } else if (status) {
        const reasons = info?.reasons.slice(0, 3).join('; ');
        lenses.push(
          new vscode.CodeLens(at, {
            title: `${status}${view === 'changed' && reasons ? ` — ${reasons}` : ''}`,
            command: 'mlops.showPipeline',
            tooltip: info?.reasons.join('\n'),
          }),
        );
      }
      if (view === 'running') {
        lenses.push(new vscode.CodeLens(at, { title: '$(debug-stop) Stop', command: 'mlops.stopRun' }));
        continue;
      }
      if (stage.expansion) {
        // foreach/matrix: one Run per expansion on the template's line keeps the line readable.
        lenses.push(
          new vscode.CodeLens(at, {
            title: `$(play) Run ${stage.expansion.key}`,
            command: 'mlops.runStage',
            arguments: [id],
            tooltip: `Run only ${stage.name}`,
          }),
        );
        continue;
      }
      lenses.push(
        new vscode.CodeLens(at, {
          title: '$(play) Run',
          command: 'mlops.runStage',
          arguments: [id],
          tooltip: `Run only ${stage.name}`,
        }),
        new vscode.CodeLens(at, {
          title: 'Run with upstream',
          command: 'mlops.runStageWithUpstream',
          arguments: [id],
          tooltip: `Run ${stage.name} and the stages it needs that are not up to date`,
        }),
        new vscode.CodeLens(at, {
          title: 'Run downstream',
          command: 'mlops.runDownstream',
          arguments: [id],
          tooltip: `Run ${stage.name} and everything that depends on it`,
        }),
      );
    }
    return lenses;
  }
}
