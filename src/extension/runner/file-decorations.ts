// Explorer decorations for stage outputs and `.dvc`-tracked data (the data in output-decorations.ts): outputs re-read
// when the workspace model's pipelines change, tracked paths from each status the model computes; recoloured
// whenever the run service's statuses change. Every workspace folder's outputs and tracked data, each read with its
// own folder's statuses.
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
  /** Output path → the stage writing it and the folder of that stage. */
  private outputs: Map<string, { owner: OwnedOutput; folder: string }> | undefined;
  private tracked = new Map<string, { status: TrackedStatus; folder: string }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: RunService) {
    this.disposables.push(
      service.model.onDidChangePipelines(() => (this.outputs = undefined)),
      service.onDidChange(() => this.repaint()),
    );
  }

  private paths(): Map<string, { owner: OwnedOutput; folder: string }> {
    if (this.outputs) return this.outputs;
    this.outputs = new Map();
    for (const folder of this.service.roots()) {
      try {
        const ws = this.service.model.pipelines(folder);
        for (const [file, owner] of ws ? stageOutputs(ws.pipelines, folder) : [])
          this.outputs.set(file, { owner, folder });
      } catch {
        // A pipeline that cannot be read has no outputs to show; the Pipeline view says why.
      }
    }
    return this.outputs;
  }

  private repaint(): void {
    const before = [...(this.outputs?.keys() ?? []), ...this.tracked.keys()];
    this.tracked = new Map();
    for (const folder of this.service.roots()) {
      const status = this.service.model.status(folder);
      for (const [file, t] of trackedPaths(status?.ok ? status.tracked : []))
        this.tracked.set(file, { status: t, folder });
    }
    const after = [...this.paths().keys(), ...this.tracked.keys()];
    this.changed.fire([...new Set([...before, ...after])].map((p) => vscode.Uri.file(p)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const d = this.decorationOf(uri.fsPath);
    return d && new vscode.FileDecoration(d.badge, d.tooltip, d.color ? new vscode.ThemeColor(d.color) : undefined);
  }

  private decorationOf(file: string): OutputDecoration | undefined {
    const output = this.paths().get(file);
    if (output) {
      const { owner, folder } = output;
      const state = this.service.viewOf(owner.stageId, folder) ?? 'unknown';
      return outputDecoration(owner, state, this.service.info(owner.stageId, folder)?.reasons ?? []);
    }
    const tracked = this.tracked.get(file);
    return tracked && trackedDecoration(tracked.status, tracked.folder);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
