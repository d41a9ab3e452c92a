// Explorer decorations for stage outputs and `.dvc`-tracked data (the data in output-decorations.ts): outputs re-read
// when the workspace model's pipelines change, tracked paths from each status the model computes; recoloured
// whenever the run service's statuses change.
import * as vscode from 'vscode';
import type { TrackedStatus } from '../../core/runner/tracked-data';
import {
  outputDecoration,
  stageOutputs,
  trackedDecoration,
  trackedPaths,
  type OutputDecoration,
  type OwnedOutput,
} from './output-decorations';
import type { RunService } from './run-service';

export class OutputDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private outputs: Map<string, OwnedOutput> | undefined;
  private tracked = new Map<string, TrackedStatus>();
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
    const before = [...(this.outputs?.keys() ?? []), ...this.tracked.keys()];
    const status = this.service.model.status();
    this.tracked = trackedPaths(status?.ok ? status.tracked : []);
    const after = [...this.paths().keys(), ...this.tracked.keys()];
    this.changed.fire([...new Set([...before, ...after])].map((p) => vscode.Uri.file(p)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const d = this.decorationOf(uri.fsPath);
    return d && new vscode.FileDecoration(d.badge, d.tooltip, d.color ? new vscode.ThemeColor(d.color) : undefined);
  }

  private decorationOf(file: string): OutputDecoration | undefined {
    const owner = this.paths().get(file);
    if (owner) {
      const state = this.service.viewOf(owner.stageId) ?? 'unknown';
      return outputDecoration(owner, state, this.service.info(owner.stageId)?.reasons ?? []);
    }
    const tracked = this.tracked.get(file);
    const root = this.service.root();
    return tracked && root ? trackedDecoration(tracked, root) : undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
