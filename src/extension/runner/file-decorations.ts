// Explorer decorations for stage outputs (the data in output-decorations.ts): re-read when the workspace model's
// pipelines change, recoloured whenever the run service's statuses change.
import * as vscode from 'vscode';
import { outputDecoration, stageOutputs, type OwnedOutput } from './output-decorations';
import type { RunService } from './run-service';

export class OutputDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private outputs: Map<string, OwnedOutput> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: RunService) {
    this.disposables.push(
      service.model.onDidChangePipelines(() => (this.outputs = undefined)),
      service.onDidChange(() => this.repaint()),
    );
  }

  private paths(): Map<string, OwnedOutput> {
    if (this.outputs) return this.outputs;
    const root = this.service.root();
    try {
      const ws = this.service.model.pipelines();
      this.outputs = root && ws ? stageOutputs(ws.pipelines, root) : new Map();
    } catch {
      // A pipeline that cannot be read has no outputs to show; the Pipeline view says why.
      this.outputs = new Map();
    }
    return this.outputs;
  }

  private repaint(): void {
    const before = this.outputs ? [...this.outputs.keys()] : [];
    const after = [...this.paths().keys()];
    this.changed.fire([...new Set([...before, ...after])].map((p) => vscode.Uri.file(p)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const owner = this.paths().get(uri.fsPath);
    if (!owner) return undefined;
    const state = this.service.viewOf(owner.stageId) ?? 'unknown';
    const d = outputDecoration(owner, state, this.service.info(owner.stageId)?.reasons ?? []);
    return new vscode.FileDecoration(d.badge, d.tooltip, d.color ? new vscode.ThemeColor(d.color) : undefined);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
