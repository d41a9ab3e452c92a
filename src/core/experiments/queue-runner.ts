// Runs the queue: the oldest QUEUED experiments first, up to `jobs` workers at once, each a separate
// process from the executor. A worker that exits without recording its end (killed, crashed) leaves its
// experiment FAILED — its tracked run too — and the queue goes on. Stopping (the signal) starts nothing new and waits for the
// running ones; killing them is the caller's choice (`queue stop --kill`). A worker that puts its
// experiment back QUEUED (its executor cannot be reached: a Ray cluster that is down) holds the queue: nothing
// more starts in this round, and the held experiments wait for the next `queue start`.
import * as fs from 'node:fs';
import { isolatedDir } from '../executors/isolated-workspace';
import type { ExperimentExecutor, Worker } from '../executors/types';
import { dropSnapshot } from './snapshot';
import { entryFile, listQueue, logFile, readEntry, type QueueEntry, writeEntry } from './queue-store';

export interface QueueRunOptions {
  dvcRoot: string;
  jobs: number;
  executor: ExperimentExecutor;
  /** Aborted: start no more experiments. */
  signal?: AbortSignal;
  /** Each experiment as it starts and as it ends. */
  onChange?(entry: QueueEntry): void;
  /** Ends the tracked run of an experiment whose worker died before it could (marks it FAILED). */
  endAbandonedRun?(runId: string, reason: string): Promise<void>;
}

export interface QueueRunSummary {
  succeeded: number;
  failed: number;
  /** Put back QUEUED by their worker, with why (the first reason given). */
  held: number;
  heldBecause?: string;
}

export async function runQueue(opts: QueueRunOptions): Promise<QueueRunSummary> {
  const summary: QueueRunSummary = { succeeded: 0, failed: 0, held: 0 };
  const running = new Map<string, Promise<void>>();
  for (;;) {
    if (!opts.signal?.aborted && summary.held === 0) {
      // Read again each time: experiments queued while the runner works are picked up too.
      const queued = listQueue(opts.dvcRoot).filter((e) => e.status === 'QUEUED' && !running.has(e.task.id));
      for (const entry of queued.slice(0, Math.max(0, opts.jobs - running.size))) {
        const worker = start(opts, entry);
        running.set(
          entry.task.id,
          settle(opts, entry, worker).then((ended) => {
            if (ended.status === 'SUCCESS') summary.succeeded++;
            else if (ended.status === 'QUEUED') {
              summary.held++;
              summary.heldBecause ??= ended.message;
            } else summary.failed++;
            opts.onChange?.(ended);
            running.delete(entry.task.id);
          }),
        );
      }
    }
    if (running.size === 0) return summary;
    await Promise.race(running.values());
  }
}

function start(opts: QueueRunOptions, entry: QueueEntry): Worker {
  const file = entryFile(opts.dvcRoot, entry.task.id);
  const worker = opts.executor.launch(file, logFile(opts.dvcRoot, entry.task.id));
  // Written at once after the spawn, long before the new process can record anything itself.
  const runningEntry: QueueEntry = { ...entry, status: 'RUNNING', started: Date.now(), pid: worker.pid };
  writeEntry(opts.dvcRoot, runningEntry);
  opts.onChange?.(runningEntry);
  return worker;
}

/** Waits for the worker and makes sure its entry ends SUCCESS or FAILED, or was put back QUEUED by it. */
async function settle(opts: QueueRunOptions, entry: QueueEntry, worker: Worker): Promise<QueueEntry> {
  const exit = await worker.exited;
  const now = readEntry(entryFile(opts.dvcRoot, entry.task.id)) ?? entry;
  if (now.status === 'SUCCESS' || now.status === 'FAILED' || now.status === 'QUEUED') return now;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  // What the worker would have cleaned up: its workspace and the snapshot ref.
  fs.rmSync(isolatedDir(opts.dvcRoot, entry.task.id), { recursive: true, force: true });
  await dropSnapshot(entry.task.gitRoot, entry.task.id);
  const failed: QueueEntry = { ...now, status: 'FAILED', ended: Date.now(), message: `its worker ${how}` };
  writeEntry(opts.dvcRoot, failed);
  // The worker recorded its run as it began: it would otherwise stay RUNNING in the store for ever.
  if (now.run) await opts.endAbandonedRun?.(now.run, `its worker ${how}`);
  return failed;
}
