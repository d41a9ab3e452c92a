// The one tracking interface both backends implement: the embedded local store (./local) and the
// MLflow Tracking Server (./mlflow). Shapes map directly onto `mlops runs list/show --json` (docs/cli.md).
// Every method is async because MLflow is remote; times are ms since the epoch everywhere.

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
export type TerminalStatus = Exclude<RunStatus, 'RUNNING'>;

/** A run is running (no end yet) or ended with a terminal status and an end time — never anything else. */
export type RunState = { status: 'RUNNING'; endTime: null } | { status: TerminalStatus; endTime: number };

/** Soft delete: a deleted run keeps all its data and can be restored. */
export type Lifecycle = 'active' | 'deleted';

export interface GitInfo {
  commit: string;
  /** null on a detached HEAD. */
  branch: string | null;
  dirty: boolean;
}

export interface Experiment {
  id: string;
  name: string;
  lifecycle: Lifecycle;
  creationTime: number;
}

/** One logged metric value. `value` may be NaN or ±Infinity (JSON writers must encode those). */
export interface MetricPoint {
  key: string;
  value: number;
  /** Integer training step; 0 when the script gives none (as MLflow). */
  step: number;
  timestamp: number;
}

/** One point of a metric's history, as in `runs show --json` → `history.<metric>[]`. */
export type HistoryPoint = Omit<MetricPoint, 'key'>;

/** A file or directory a run produced, with its DVC-style md5 (directories: `<md5>.dir`). */
export interface RunOutput {
  path: string;
  md5: string;
  size?: number;
  /** Number of files, for a directory. */
  nfiles?: number;
  /** The stage that produced it. */
  stage?: string;
}

export type StageStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED' | 'SKIPPED' | 'BLOCKED';

/** Per-stage record of a run. Upserted by name: a stage is recorded RUNNING, then once more when it ends. */
export type StageRecord =
  | { name: string; status: 'RUNNING'; startTime: number; endTime: null; durationMs: null }
  | {
      name: string;
      /** Never ran: a stage upstream did not finish, or the run was cancelled before its turn. */
      status: 'BLOCKED';
      /** When the run gave up on it. */
      startTime: number;
      endTime: null;
      durationMs: null;
      /** Why, e.g. `upstream did not finish: prepare` or `run cancelled`. */
      reasons: string[];
    }
  | {
      name: string;
      /** SKIPPED: up to date, not executed (startTime = endTime, durationMs 0). */
      status: Exclude<StageStatus, 'RUNNING' | 'BLOCKED'>;
      startTime: number;
      endTime: number;
      durationMs: number;
      /** Exit code of the last command; absent if skipped or ended by a signal. */
      exitCode?: number;
    };

/** One run as listed: exactly the fields of `mlops runs list --json` plus id-level extras. */
export type RunSummary = RunState & {
  id: string;
  /** Experiment name, as `mlops runs list --json` shows it (docs/cli.md); `experimentId` is the stable key. */
  experiment: string;
  experimentId: string;
  name: string;
  startTime: number;
  params: Record<string, string>;
  /** Latest value of each metric: highest step, then latest timestamp (MLflow's rule). */
  metrics: Record<string, number>;
  /** null when the workspace is not a git repository. */
  git: GitInfo | null;
  tags: Record<string, string>;
  lifecycle: Lifecycle;
};

/** One run in full, as `runs show --json` (without `history`, which is fetched per metric, paged). */
export type Run = RunSummary & {
  outputs: RunOutput[];
  stages: StageRecord[];
};

export interface NewRun {
  experimentId: string;
  name: string;
  /** Defaults to now. */
  startTime?: number;
  tags?: Record<string, string>;
  git?: GitInfo | null;
}

/** A status change: back to RUNNING (resume) or to a terminal status, with its end time. */
export type RunUpdate = { status: 'RUNNING' } | { status: TerminalStatus; endTime: number };

export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** One condition on a run; a filter is the AND of its conditions. Params and tags are strings (as MLflow). */
export type Condition =
  | { kind: 'metric'; key: string; op: Comparator; value: number }
  | { kind: 'param'; key: string; op: '=' | '!='; value: string }
  | { kind: 'tag'; key: string; op: '=' | '!='; value: string };

export interface RunFilter {
  /** Any of these statuses; absent = all. */
  statuses?: RunStatus[];
  /** Case-insensitive substring of the run name. */
  text?: string;
  conditions?: Condition[];
}

export type OrderField =
  | { kind: 'metric'; key: string }
  | { kind: 'param'; key: string }
  | { kind: 'attribute'; key: 'startTime' | 'endTime' | 'name' | 'status' };

/** Runs missing the ordered metric/param sort last, whatever the direction (as MLflow). */
export interface OrderBy {
  field: OrderField;
  descending: boolean;
}

export interface RunQuery {
  /** Absent or empty = every experiment. */
  experimentIds?: string[];
  filter?: RunFilter;
  /** Lexicographic on the list; ties broken by startTime descending, then id. Default: startTime descending. */
  orderBy?: OrderBy[];
  /** Default 'active'. */
  lifecycle?: Lifecycle | 'all';
  pageSize?: number;
  /** Opaque token from a previous page of the same query. */
  pageToken?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string;
}

export interface PageRequest {
  pageSize?: number;
  pageToken?: string;
}

export interface LogChunk {
  text: string;
  /** Pass back as `offset` to read what was appended after this chunk. */
  nextOffset: number;
}

export interface TrackingStore {
  /** Human-readable location, e.g. the store folder or the server URL (for messages). */
  readonly location: string;

  listExperiments(): Promise<Experiment[]>;
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  /** Throws TrackingError 'already-exists' if the name is taken. */
  createExperiment(name: string): Promise<Experiment>;

  createRun(run: NewRun): Promise<Run>;
  updateRun(runId: string, update: RunUpdate): Promise<void>;
  /**
   * Renames a run (stored trimmed). Throws 'invalid-argument' for an empty name, control characters or more
   * than 250 characters (run-name.ts), and for a deleted run (restore it first, as MLflow requires).
   */
  renameRun(runId: string, name: string): Promise<void>;
  /** Params are write-once: logging a different value for a logged key throws 'conflict'. */
  logParams(runId: string, params: Record<string, string>): Promise<void>;
  logMetrics(runId: string, points: MetricPoint[]): Promise<void>;
  setTags(runId: string, tags: Record<string, string>): Promise<void>;
  recordOutputs(runId: string, outputs: RunOutput[]): Promise<void>;
  recordStage(runId: string, stage: StageRecord): Promise<void>;
  appendStageLog(runId: string, stage: string, text: string): Promise<void>;
  readStageLog(runId: string, stage: string, offset?: number): Promise<LogChunk>;

  /** undefined if no such run; deleted runs are returned with lifecycle 'deleted'. */
  getRun(runId: string): Promise<Run | undefined>;
  /** Points in the order they were logged. */
  getMetricHistory(runId: string, key: string, page?: PageRequest): Promise<Page<HistoryPoint>>;
  searchRuns(query: RunQuery): Promise<Page<RunSummary>>;

  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;

  /**
   * Environment variables a stage process of this run gets from this backend, on top of
   * MLOPS_RUN_ID / MLOPS_METRICS_FILE (e.g. MLflow: MLFLOW_TRACKING_URI, MLFLOW_RUN_ID).
   */
  processEnv(runId: string): Record<string, string>;
}
