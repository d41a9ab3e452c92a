// The experiment queue on disk, one JSON file per experiment under `.mlops/queue/` of the DVC repository's root
// (written atomically), so it survives the editor, the CLI and the queue runner being restarted or killed. An entry goes
// QUEUED → RUNNING (its worker's pid recorded) → SUCCESS | FAILED. A RUNNING entry whose worker is gone
// without writing its end is FAILED: reading the queue settles that, so a killed worker never leaves an
// experiment "running" forever.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonFile, writeFileAtomic } from '../atomic-file';
import { mlopsFolder } from '../mlops-folder';
import { dvcRepoRoot } from '../runner/dvc-config';
import type { ExperimentTask } from './isolated-run';

export type QueueStatus = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED';

export interface QueueEntry {
  task: ExperimentTask;
  status: QueueStatus;
  /** ms since epoch */
  created: number;
  started?: number;
  ended?: number;
  /** The worker process while RUNNING. */
  pid?: number;
  run?: string;
  commit?: string;
  /** Why it FAILED. */
  message?: string;
  /** The latest value of each metric its run received while it ran (entry-run.ts); the commit's once it ends. */
  metrics?: Record<string, number>;
  /** Where it runs when not on this machine: the Ray job its worker submitted (recorded at submission). */
  executor?: RayJobRef;
}

export interface RayJobRef {
  kind: 'ray';
  jobId: string;
  /** The cluster's dashboard, http://HOST:8265. */
  address: string;
}

/** The process running the queue (`mlops queue start`, in the foreground or detached). */
export interface QueueRunnerInfo {
  pid: number;
  started: number;
}

/**
 * The queue of the DVC repository holding `folder` (DVC keeps one per repository, in .dvc/tmp/exps): the CLI from a
 * subfolder, a workspace folder inside a repository and the workers all read and write this one; outside a DVC
 * repository, the folder's own.
 */
export function queueDir(folder: string): string {
  return mlopsFolder(dvcRepoRoot(folder) ?? folder, 'queue');
}

export function entryFile(dvcRoot: string, id: string): string {
  return path.join(queueDir(dvcRoot), `${id}.json`);
}

export function logFile(dvcRoot: string, id: string): string {
  return path.join(queueDir(dvcRoot), `${id}.log`);
}

export function runnerFile(dvcRoot: string): string {
  return path.join(queueDir(dvcRoot), 'runner.json');
}

/** The live queue runner of this workspace, if any. */
export function liveRunner(dvcRoot: string): QueueRunnerInfo | undefined {
  const r = readJsonFile(runnerFile(dvcRoot)) as QueueRunnerInfo | undefined;
  return r && typeof r.pid === 'number' && alive(r.pid) ? r : undefined;
}

/**
 * Always atomic (a reader never sees half an entry); flushed to disk only while QUEUED — the experiments the
 * user asked for survive a crash of the machine — not for each step of a running one (its run id, its latest
 * metrics, its end), where an fsync would cost a short experiment more than its own stage.
 */
export function writeEntry(dvcRoot: string, entry: QueueEntry): void {
  writeFileAtomic(entryFile(dvcRoot, entry.task.id), `${JSON.stringify(entry, null, 1)}\n`, entry.status === 'QUEUED');
}

export function readEntry(file: string): QueueEntry | undefined {
  const e = readJsonFile(file) as QueueEntry | undefined;
  return e && typeof e === 'object' && e.task && typeof e.status === 'string' ? e : undefined;
}

/** Every entry, oldest first, with dead workers' experiments settled as FAILED. */
export function listQueue(dvcRoot: string): QueueEntry[] {
  const dir = queueDir(dvcRoot);
  const entries: QueueEntry[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json') || name === 'runner.json') continue;
    const e = readEntry(path.join(dir, name));
    if (!e) continue;
    if (e.status === 'RUNNING' && (e.pid === undefined || !alive(e.pid))) {
      e.status = 'FAILED';
      e.ended = Date.now();
      e.message = `its worker (pid ${e.pid ?? '?'}) died before finishing`;
      writeEntry(dvcRoot, e);
    }
    entries.push(e);
  }
  return entries.sort((a, b) => a.created - b.created || a.task.id.localeCompare(b.task.id));
}

export function removeEntry(dvcRoot: string, id: string): void {
  fs.rmSync(entryFile(dvcRoot, id), { force: true });
  fs.rmSync(logFile(dvcRoot, id), { force: true });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
