// One experiment of the queue run in this process — by its worker (`mlops queue worker`), or by `exp run --temp`,
// which puts its experiment in the queue as RUNNING under its own pid so the table shows it as DVC's `exp show`
// shows a tempdir run — with its queue entry kept current: the tracked run as soon as it exists, the latest
// value of each metric as the run receives them (live JSON lines, DVCLive, metrics files after each stage, or
// what a Ray job logged to MLflow, read back by its executor; written at most every `metricsEveryMs`, so a chatty
// training loop costs one small write per interval), and
// its end (SUCCESS with its commit, or FAILED with why). The entry is what the workspace model reads: a
// running row of the table fills from it.
import { tapMetrics } from '../tracking/metrics-tap';
import type { MetricPoint } from '../tracking/types';
import type { RunReport } from '../runner/run';
import { type IsolatedRunOptions, runIsolated, type ExperimentTask } from './isolated-run';
import { entryFile, type QueueEntry, readEntry, writeEntry } from './queue-store';
import type { ExpRunOutcome } from './workspace-run';

export interface EntryRunOptions extends IsolatedRunOptions {
  /** Least time between two writes of the latest metrics into the entry (default 500 ms). */
  metricsEveryMs?: number;
}

/** Writes `task` into the queue as running in this process (`exp run --temp`). */
export function startInThisProcess(task: ExperimentTask): QueueEntry {
  const now = Date.now();
  const entry: QueueEntry = { task, status: 'RUNNING', created: now, started: now, pid: process.pid };
  writeEntry(task.dvcRoot, entry);
  return entry;
}

export async function runEntry(entry: QueueEntry, opts: EntryRunOptions): Promise<ExpRunOutcome> {
  const { task } = entry;
  const update = (fields: Partial<QueueEntry>): void =>
    writeEntry(task.dvcRoot, { ...(readEntry(entryFile(task.dvcRoot, task.id)) ?? entry), ...fields });
  const latest = new LatestMetrics();
  let pending: NodeJS.Timeout | undefined;
  const onPoints = (points: readonly MetricPoint[]): void => {
    if (!latest.add(points) || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      update({ metrics: latest.values() });
    }, opts.metricsEveryMs ?? 500);
  };
  // Points logged here pass through the store; those a remote executor's job logged itself come as events.
  const store = opts.store && tapMetrics(opts.store, onPoints);
  const events = {
    ...opts.events,
    metrics: (points: readonly MetricPoint[]) => {
      opts.events?.metrics?.(points);
      onPoints(points);
    },
  };
  try {
    const outcome = await runIsolated(task, {
      ...opts,
      store,
      events,
      onRunStarted: (run) => {
        update({ run });
        opts.onRunStarted?.(run);
      },
    });
    clearTimeout(pending);
    if (!outcome.ok) update({ status: 'FAILED', ended: Date.now(), message: outcome.message });
    else
      update({
        status: outcome.commit ? 'SUCCESS' : 'FAILED',
        ended: Date.now(),
        run: outcome.report.runId,
        ...(outcome.commit ? { commit: outcome.commit } : { message: endedMessage(outcome.report) }),
      });
    return outcome;
  } catch (err) {
    update({ status: 'FAILED', ended: Date.now(), message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    clearTimeout(pending);
  }
}

/** The newest value of each metric by step (a later point of the same step wins), finite ones only: JSON has no NaN. */
export class LatestMetrics {
  private readonly latest = new Map<string, { step: number; value: number }>();

  /** Whether any value shown changed. */
  add(points: readonly MetricPoint[]): boolean {
    let changed = false;
    for (const p of points) {
      const was = this.latest.get(p.key);
      if (!Number.isFinite(p.value) || (was && was.step > p.step)) continue;
      if (was?.value !== p.value) changed = true;
      this.latest.set(p.key, { step: p.step, value: p.value });
    }
    return changed;
  }

  values(): Record<string, number> {
    return Object.fromEntries([...this.latest].map(([key, v]) => [key, v.value]));
  }
}

/** Why an experiment's run did not finish: its status and the first stage error, in one line. */
function endedMessage(report: RunReport): string {
  const failed = report.stages.find((st) => st.error);
  const why = failed?.error?.split('\n')[0];
  return `the run ended ${report.status}${why ? `: ${why}` : ''}`;
}
