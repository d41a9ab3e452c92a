// Where a queued experiment's worker runs. The queue runner only launches workers and waits for their
// exits, so another executor (a cluster job, issue 17's Ray) plugs in behind this interface; the worker
// itself (the `mlops queue worker` process) records the experiment's end in its queue entry.
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Worker {
  readonly pid: number;
  readonly exited: Promise<WorkerExit>;
  /** Kills the worker and everything it started. */
  kill(signal?: NodeJS.Signals): void;
}

export interface ExperimentExecutor {
  /** Starts the worker for the queue entry in `entryFile`, its output appended to `logFile`. */
  launch(entryFile: string, logFile: string): Worker;
}
