// The editor's one model of the workspace: its pipelines (every dvc.yaml, loaded once per change), the stages'
// status (computed once per change, through the core's one status entry point), and change signals for the
// recorded runs and the model registry. It watches the files once; CodeLens, the Pipeline view, the graph panel,
// the run service and the sidebar subscribe to its events instead of each reloading from disk. docs/ARCHITECTURE.md
// ("The workspace model") is its contract for new views.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Pipeline } from '../../core/pipeline/model';
import { loadWorkspace, type Workspace } from '../../core/runner/workspace';
import { workspaceStatus, type WorkspaceStatus } from '../../core/runner/workspace-status';
import { type ExperimentsSnapshot, loadExperiments } from '../../core/experiments/table-load';
import { classifyChange } from './change-kind';
import { DocumentPipelines } from './document-pipelines';

/** How long file events are gathered before one recomputation (a save, a git checkout, a run's outputs). */
const SETTLE_MS = 300;

export interface WorkspaceModelOptions {
  /** Status is not recomputed while this holds (a run writes outputs; the run ends with one recomputation). */
  statusPaused?: () => boolean;
  log?: vscode.LogOutputChannel;
}

export class WorkspaceModel implements vscode.Disposable {
  private readonly pipelinesChanged = new vscode.EventEmitter<void>();
  private readonly statusChanged = new vscode.EventEmitter<void>();
  private readonly runsChanged = new vscode.EventEmitter<void>();
  private readonly modelsChanged = new vscode.EventEmitter<void>();
  private readonly experimentsChanged = new vscode.EventEmitter<void>();
  /** The dvc.yaml files, params or dvc.lock changed: `pipelines()` is read again (the graph may differ). */
  readonly onDidChangePipelines = this.pipelinesChanged.event;
  /** `status()` has a new value (after any file change that can change a stage's status). */
  readonly onDidChangeStatus = this.statusChanged.event;
  /** The local store's runs changed on disk (another process, or our own run). */
  readonly onDidChangeRuns = this.runsChanged.event;
  /** The git tags that hold model versions changed. */
  readonly onDidChangeModels = this.modelsChanged.event;
  /** Experiments, the baseline, the queue or the working copy's values changed: read `experiments()` again. */
  readonly onDidChangeExperiments = this.experimentsChanged.event;

  private loaded: { root: string; workspace: Workspace } | undefined;
  private current: WorkspaceStatus | undefined;
  private computing: Promise<void> | undefined;
  /** The experiments as last read; dropped on a change and read again by the next caller. */
  private experimentsLoad: { root: string; snapshot: Promise<ExperimentsSnapshot> } | undefined;
  private again = false;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private statusPaused: () => boolean;
  private readonly edited = new DocumentPipelines();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly options: WorkspaceModelOptions = {}) {
    this.statusPaused = options.statusPaused ?? (() => false);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onFile = (uri: vscode.Uri): void => this.fileChanged(uri.fsPath);
    this.disposables.push(
      watcher,
      watcher.onDidChange(onFile),
      watcher.onDidCreate(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
      vscode.workspace.onDidSaveTextDocument((d) => this.edited.forget(d.uri.fsPath)),
      vscode.workspace.onDidCloseTextDocument((d) => this.edited.forget(d.uri.fsPath)),
      this.pipelinesChanged,
      this.statusChanged,
      this.runsChanged,
      this.modelsChanged,
      this.experimentsChanged,
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** While `paused()` holds, file changes do not recompute the status (set once by the run service). */
  pauseStatusWhile(paused: () => boolean): void {
    this.statusPaused = paused;
  }

  /** The folder the pipelines run in: the first workspace folder. */
  root(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  /** The workspace's pipelines and stage graph, as saved on disk (loaded on first use and after each change). */
  pipelines(): Workspace | undefined {
    const root = this.root();
    if (!root) return undefined;
    if (this.loaded?.root !== root) this.loaded = { root, workspace: loadWorkspace(root) };
    return this.loaded.workspace;
  }

  /** One dvc.yaml of the workspace as saved, if it is one. */
  pipeline(file: string): Pipeline | undefined {
    return this.pipelines()?.pipelines.find((p) => p.file === path.resolve(file));
  }

  /**
   * A dvc.yaml open in the editor as the reader sees it: the saved pipeline while the buffer is clean, else its
   * text, read once per version (CodeLens asks on every status change, the text changes only with the version).
   */
  pipelineOf(document: vscode.TextDocument): Pipeline {
    const file = document.uri.fsPath;
    return (
      (!document.isDirty && this.pipeline(file)) ||
      this.edited.pipelineOf({ file, version: document.version, getText: () => document.getText() })
    );
  }

  /** Reads the pipelines again now (before a run: what is on disk this moment) and recomputes the status. */
  reload(): Workspace | undefined {
    this.loaded = undefined;
    const ws = this.pipelines();
    this.pipelinesChanged.fire();
    this.refreshStatus(0);
    return ws;
  }

  /**
   * Every experiment under its baseline, the working copy and the queue (core/experiments/table-load.ts), read
   * once per change however many views ask; undefined without a workspace folder.
   */
  experiments(): Promise<ExperimentsSnapshot> | undefined {
    const root = this.root();
    if (!root) return undefined;
    if (this.experimentsLoad?.root !== root) {
      const snapshot = loadExperiments(root).catch((err: unknown) => {
        const problem = err instanceof Error ? err.message : String(err);
        this.options.log?.warn(`experiments: ${problem}`);
        return { rows: [], queue: [], problem };
      });
      this.experimentsLoad = { root, snapshot };
    }
    return this.experimentsLoad.snapshot;
  }

  /** Reads the experiments again after `delayMs` (events merged) and tells the subscribers. */
  refreshExperiments(delayMs = SETTLE_MS): void {
    this.later('experiments', delayMs, () => {
      this.experimentsLoad = undefined;
      this.experimentsChanged.fire();
    });
  }

  /** The last computed status; undefined until the first computation ends. */
  status(): WorkspaceStatus | undefined {
    return this.current;
  }

  /** Recomputes the status after `delayMs` (events within it are merged); hashes are cached, so a warm pass stats. */
  refreshStatus(delayMs = SETTLE_MS): void {
    this.later('status', delayMs, () => void this.computeStatus());
  }

  private fileChanged(file: string): void {
    const root = this.root();
    if (!root) return;
    switch (classifyChange(path.relative(root, file))) {
      case 'pipelines':
        this.refreshExperiments();
        this.later('pipelines', SETTLE_MS, () => {
          this.loaded = undefined;
          this.pipelinesChanged.fire();
          if (!this.statusPaused()) void this.computeStatus();
        });
        break;
      case 'data':
        // A vars file can rename stages or change a cmd, and is not told from data by its name: read the
        // pipelines again with the status (as cheap as before the model: one load per change, now shared).
        this.loaded = undefined;
        // Metrics files are data: the working copy's row shows them.
        this.refreshExperiments();
        if (!this.statusPaused()) this.refreshStatus();
        break;
      case 'runs':
        this.later('runs', SETTLE_MS, () => this.runsChanged.fire());
        break;
      case 'models':
        this.later('models', SETTLE_MS, () => this.modelsChanged.fire());
        break;
      case 'experiments':
        this.refreshExperiments();
        break;
      case 'refs':
        this.later('models', SETTLE_MS, () => this.modelsChanged.fire());
        this.refreshExperiments();
        break;
      case 'ignored':
        break;
    }
  }

  private later(key: string, delayMs: number, run: () => void): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  /** One computation at a time; changes during one are answered by one more after it. */
  private computeStatus(): Promise<void> {
    if (this.computing) {
      this.again = true;
      return this.computing;
    }
    this.computing = (async () => {
      do {
        this.again = false;
        this.current = await this.compute();
        this.statusChanged.fire();
      } while (this.again);
    })().finally(() => (this.computing = undefined));
    return this.computing;
  }

  private async compute(): Promise<WorkspaceStatus | undefined> {
    try {
      const ws = this.pipelines();
      return ws ? await workspaceStatus(ws, { tracked: true }) : undefined;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.options.log?.warn(`pipeline status failed: ${reason}`);
      return { ok: false, reason };
    }
  }
}
