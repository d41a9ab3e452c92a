// The editor's one model of the workspace: its pipelines (every dvc.yaml, loaded once per change), the stages'
// status (computed once per change, through the core's one status entry point), and change signals for the
// recorded runs and the model registry. It watches the files once; CodeLens, the Pipeline view, the graph panel,
// the run service and the sidebar subscribe to its events instead of each reloading from disk. It covers every
// workspace folder of a multi-root window (folder-models.ts holds the per-folder state); each event carries the
// folder that changed, and every query takes a folder, the first one by default. docs/ARCHITECTURE.md ("The
// workspace model") is its contract for new views.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableGates } from '../../core/checks/table-gates';
import type { ExperimentsSnapshot } from '../../core/experiments/table-load';
import type { Pipeline } from '../../core/pipeline/model';
import type { Workspace } from '../../core/runner/workspace';
import type { WorkspaceStatus } from '../../core/runner/workspace-status';
import { DocumentPipelines } from './document-pipelines';
import { FolderModels, type GatesOf } from './folder-models';

/** How long file events are gathered before one recomputation (a save, a git checkout, a run's outputs). */
const SETTLE_MS = 300;
/**
 * How long run and tag changes are gathered before the gates are computed again: a running stage appends its live
 * metrics all the time, and each computation may read the registry (GTO: git) — at most one every 2 s.
 */
const GATES_SETTLE_MS = 2000;
/** While an experiment runs, its folder's experiments are read again after this long without a change event. */
const RUNNING_REREAD_MS = 3000;

/** VS Code's own `files.watcherExclude` patterns (defaults of past and present versions). */
const DEFAULT_WATCHER_EXCLUDES = new Set([
  '**/.git/objects/**',
  '**/.git/subtree-cache/**',
  '**/.hg/store/**',
  '**/node_modules/*/**',
]);

/**
 * Whether the watcher's events cover `abs`, so a verified hash there may be reused until its next event: never
 * under the folders VS Code leaves unwatched by default, and nowhere once the user excluded more (a data folder
 * excluded for speed would otherwise keep its old hash: its files are then verified on every pass).
 */
function watchedPath(abs: string): boolean {
  const excludes = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('watcherExclude') ?? {};
  if (Object.entries(excludes).some(([glob, on]) => on && !DEFAULT_WATCHER_EXCLUDES.has(glob))) return false;
  return !/[\\/](\.git|\.hg|node_modules)([\\/]|$)/.test(abs);
}

export interface WorkspaceModelOptions {
  /** Status is not recomputed while this holds (a run writes outputs; the run ends with one recomputation). */
  statusPaused?: () => boolean;
  log?: vscode.LogOutputChannel;
  /** The quality gates of experiment rows (none without it). */
  gatesOf?: GatesOf;
}

export class WorkspaceModel implements vscode.Disposable {
  private readonly pipelinesChanged = new vscode.EventEmitter<string>();
  private readonly statusChanged = new vscode.EventEmitter<string>();
  private readonly runsChanged = new vscode.EventEmitter<string>();
  private readonly modelsChanged = new vscode.EventEmitter<string>();
  private readonly experimentsChanged = new vscode.EventEmitter<string>();
  private readonly gatesChanged = new vscode.EventEmitter<string>();
  /** A folder's dvc.yaml files, params or dvc.lock changed: `pipelines(folder)` is read again (the graph may differ). */
  readonly onDidChangePipelines = this.pipelinesChanged.event;
  /** `status(folder)` has a new value (after any file change that can change a stage's status). */
  readonly onDidChangeStatus = this.statusChanged.event;
  /** A folder's local store's runs changed on disk (another process, or our own run). */
  readonly onDidChangeRuns = this.runsChanged.event;
  /** The git tags that hold a folder's model versions changed. */
  readonly onDidChangeModels = this.modelsChanged.event;
  /** A folder's experiments, baseline, queue or working copy's values changed: read `experiments(folder)` again. */
  readonly onDidChangeExperiments = this.experimentsChanged.event;
  /**
   * A folder's experiment gates may differ: its experiments changed, or a baseline moved (runs recorded, a model
   * version promoted, .mlops.json edited): read `experimentGates(folder)` again.
   */
  readonly onDidChangeGates = this.gatesChanged.event;

  private readonly folders: FolderModels;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private statusPaused: () => boolean;
  private readonly edited = new DocumentPipelines();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly options: WorkspaceModelOptions = {}) {
    this.statusPaused = options.statusPaused ?? (() => false);
    this.folders = new FolderModels(
      () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      (message) => options.log?.warn(message),
      watchedPath,
      options.gatesOf,
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onFile = (uri: vscode.Uri): void => this.fileChanged(uri.fsPath);
    this.disposables.push(
      watcher,
      watcher.onDidChange(onFile),
      watcher.onDidCreate(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.watcherExclude'))
          for (const folder of this.folders.list()) this.folders.forgetVerified(folder);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.folders.prune();
        for (const folder of this.folders.list()) this.reload(folder);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.edited.forget(d.uri.fsPath)),
      vscode.workspace.onDidCloseTextDocument((d) => this.edited.forget(d.uri.fsPath)),
      this.pipelinesChanged,
      this.statusChanged,
      this.runsChanged,
      this.modelsChanged,
      this.experimentsChanged,
      this.gatesChanged,
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.folders.flush();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** While `paused()` holds, file changes do not recompute the status (set once by the run service). */
  pauseStatusWhile(paused: () => boolean): void {
    this.statusPaused = paused;
  }

  /** The first workspace folder: the default of every query (views that show one folder show this one). */
  root(): string | undefined {
    return this.folders.list()[0];
  }

  /** Every workspace folder, in the window's order. */
  /**
   * A registry changed without a file event (MLflow's lives on its server; our own commands say when they changed
   * it): `onDidChangeModels` for that folder, or every folder when it is not known.
   */
  registryChanged(folder: string | undefined): void {
    for (const f of folder === undefined ? this.roots() : [folder]) this.modelsChanged.fire(f);
  }

  roots(): readonly string[] {
    return this.folders.list();
  }

  /** The workspace folder holding `file` (the deepest, when folders nest), or undefined. */
  folderOf(file: string): string | undefined {
    return this.folders.folderOf(file);
  }

  /** A folder's pipelines and stage graph, as saved on disk (loaded on first use and after each change). */
  pipelines(folder = this.root()): Workspace | undefined {
    return folder === undefined ? undefined : this.folders.pipelines(folder);
  }

  /** One dvc.yaml of the workspace as saved, if it is one (looked up in its own folder). */
  pipeline(file: string): Pipeline | undefined {
    const abs = path.resolve(file);
    return this.pipelines(this.folderOf(abs))?.pipelines.find((p) => p.file === abs);
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

  /** Reads a folder's pipelines again now (before a run: what is on disk this moment) and recomputes its status. */
  reload(folder = this.root()): Workspace | undefined {
    if (folder === undefined) return undefined;
    this.folders.forgetPipelines(folder);
    this.folders.forgetVerified(folder);
    const ws = this.folders.pipelines(folder);
    this.pipelinesChanged.fire(folder);
    this.refreshStatus(0, folder);
    return ws;
  }

  /**
   * A folder's experiments under their baselines, the working copy and the queue (core/experiments/table-load.ts),
   * read once per change however many views ask; undefined without a workspace folder.
   */
  experiments(folder = this.root()): Promise<ExperimentsSnapshot> | undefined {
    if (folder === undefined) return undefined;
    const snapshot = this.folders.experiments(folder);
    // File events can be lost (a watcher's queue overflows while workers write logs): while an experiment runs,
    // its folder's experiments are read again after a quiet spell even without an event, so no row stays stale.
    void snapshot.then(
      (s) => {
        if (s.queue.some((e) => e.status === 'RUNNING'))
          this.later(`experiments-running:${folder}`, RUNNING_REREAD_MS, () => this.refreshExperiments(0, folder));
      },
      () => undefined,
    );
    return snapshot;
  }

  /** Reads a folder's experiments again after `delayMs` (events merged) and tells the subscribers. */
  refreshExperiments(delayMs = SETTLE_MS, folder = this.root()): void {
    if (folder === undefined) return;
    this.later(`experiments:${folder}`, delayMs, () => {
      this.folders.forgetExperiments(folder);
      this.experimentsChanged.fire(folder);
      this.gatesChanged.fire(folder);
    });
  }

  /**
   * The quality gate of each finished experiment of `experiments(folder)` (core/checks/table-gates.ts): row id →
   * badge, computed once per change of the experiments, the runs or the registry; empty without "checks".
   */
  experimentGates(folder = this.root()): Promise<TableGates> | undefined {
    return folder === undefined ? undefined : this.folders.gates(folder);
  }

  /** Computes every folder's gates again (workspace trust granted: baselines can be read now). */
  refreshGates(): void {
    for (const folder of this.folders.list()) {
      this.folders.forgetGates(folder);
      this.gatesChanged.fire(folder);
    }
  }

  private baselinesMoved(folder: string): void {
    this.later(`gates:${folder}`, GATES_SETTLE_MS, () => {
      this.folders.forgetGates(folder);
      this.gatesChanged.fire(folder);
    });
  }

  /** A folder's last computed status; undefined until its first computation ends. */
  status(folder = this.root()): WorkspaceStatus | undefined {
    return folder === undefined ? undefined : this.folders.status(folder);
  }

  /**
   * Recomputes a folder's status (every folder's without one) after `delayMs`, events within it merged; hashes are
   * cached, so a warm pass stats.
   */
  refreshStatus(delayMs = SETTLE_MS, folder?: string): void {
    for (const f of folder === undefined ? this.folders.list() : [folder]) {
      this.later(`status:${f}`, delayMs, () => void this.computeStatus(f));
    }
  }

  private fileChanged(file: string): void {
    this.folders.fileEvent(file);
    const change = this.folders.change(file);
    if (!change) return;
    const { folder } = change;
    switch (change.kind) {
      case 'pipelines':
        this.refreshExperiments(SETTLE_MS, folder);
        this.later(`pipelines:${folder}`, SETTLE_MS, () => {
          this.folders.forgetPipelines(folder);
          this.pipelinesChanged.fire(folder);
          if (!this.statusPaused()) void this.computeStatus(folder);
        });
        break;
      case 'data':
        // A vars file can rename stages or change a cmd, and is not told from data by its name: read the
        // pipelines again with the status (discovered again only if the change may add or remove a pipeline file).
        this.folders.dataChanged(folder, file);
        // Metrics files are data: the working copy's row shows them.
        this.refreshExperiments(SETTLE_MS, folder);
        if (!this.statusPaused()) this.refreshStatus(SETTLE_MS, folder);
        break;
      case 'runs':
        this.later(`runs:${folder}`, SETTLE_MS, () => {
          this.runsChanged.fire(folder);
          this.baselinesMoved(folder);
        });
        break;
      case 'models':
        this.later(`models:${folder}`, SETTLE_MS, () => {
          this.modelsChanged.fire(folder);
          this.baselinesMoved(folder);
        });
        break;
      case 'experiments':
        this.refreshExperiments(SETTLE_MS, folder);
        break;
      case 'refs':
        this.later(`models:${folder}`, SETTLE_MS, () => {
          this.modelsChanged.fire(folder);
          this.baselinesMoved(folder);
        });
        this.refreshExperiments(SETTLE_MS, folder);
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

  private computeStatus(folder: string): Promise<void> {
    return this.folders.computeStatus(folder, (f) => this.statusChanged.fire(f));
  }
}
