// One run at a time per workspace: `.mlops/run.lock` created with O_EXCL holds the pid, run id and start
// time of the run that owns the pipeline, and the process groups of its running stages. A lock whose
// runner is gone is stale (the runner was killed): it is taken over and its run reported as abandoned, with
// the groups it had running, so the caller can mark the run failed and kill what it left behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { needsSync, writeFileAtomic } from '../atomic-file';
import { mlopsFolder, mlopsPath } from '../mlops-folder';
import type { GroupTracker, StageGroup } from './process';
import { procInfo } from './process';

export interface LockOwner {
  pid: number;
  runId: string;
  startTime: number;
  /** The runner's start time in clock ticks since boot (where /proc exists), so a recycled pid is not it. */
  procStart?: number;
  /** Process groups of the stages running now. */
  groups?: StageGroup[];
}

export type Acquired =
  | { ok: true; lock: RunLock; abandoned?: LockOwner }
  | { ok: false; owner: LockOwner | undefined; message: string };

export function runLockPath(root: string): string {
  return path.join(mlopsPath(root), 'run.lock');
}

export class RunLock implements GroupTracker {
  private constructor(
    readonly file: string,
    private owner: LockOwner,
  ) {}

  static acquire(root: string, runId: string): Acquired {
    const file = runLockPath(root);
    mlopsFolder(root);
    const procStart = procInfo('self')?.start;
    const owner: LockOwner = {
      pid: process.pid,
      runId,
      startTime: Date.now(),
      ...(procStart === undefined ? {} : { procStart }),
    };
    let abandoned: LockOwner | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o644);
        fs.writeSync(fd, JSON.stringify(owner));
        if (needsSync(file)) fs.fsyncSync(fd);
        fs.closeSync(fd);
        return { ok: true, lock: new RunLock(file, owner), ...(abandoned ? { abandoned } : {}) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = readOwner(file);
      if (current && isAlive(current)) {
        const since = new Date(current.startTime).toISOString();
        return {
          ok: false,
          owner: current,
          message: `another run is in progress in this workspace: run ${current.runId} (pid ${current.pid}, started ${since}). Wait for it to finish or stop it; if no such process exists, delete ${file}.`,
        };
      }
      if (!current && isFresh(file)) {
        return {
          ok: false,
          owner: undefined,
          message: `another run is starting in this workspace (${file} was just created). Try again in a moment.`,
        };
      }
      // Stale (dead pid) or unreadable and old (killed while writing it): take it over.
      abandoned = current ?? abandoned;
      fs.rmSync(file, { force: true });
    }
    return {
      ok: false,
      owner: undefined,
      message: `cannot take the workspace lock ${file}: it keeps reappearing; another runner is starting at the same time. Try again.`,
    };
  }

  /** Names the run once its id is known (the lock is taken before the run is created). */
  setRunId(runId: string): void {
    this.write({ ...this.owner, runId });
  }

  add(group: StageGroup): void {
    this.write({ ...this.owner, groups: [...(this.owner.groups ?? []), group] });
  }

  remove(pgid: number): void {
    const groups = (this.owner.groups ?? []).filter((g) => g.pgid !== pgid);
    const { groups: _, ...rest } = this.owner;
    this.write(groups.length > 0 ? { ...rest, groups } : rest);
  }

  private write(owner: LockOwner): void {
    this.owner = owner;
    writeFileAtomic(this.file, JSON.stringify(owner));
  }

  release(): void {
    const current = readOwner(this.file);
    if (current?.pid === this.owner.pid && current.runId === this.owner.runId) fs.rmSync(this.file, { force: true });
  }
}

export function readOwner(file: string): LockOwner | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.runId !== 'string' || typeof v.startTime !== 'number') return undefined;
    const groups = Array.isArray(v.groups)
      ? v.groups.filter((g) => Number.isSafeInteger(g?.pgid) && g.pgid > 1 && Number.isSafeInteger(g.start))
      : [];
    return {
      pid: v.pid,
      runId: v.runId,
      startTime: v.startTime,
      ...(Number.isSafeInteger(v.procStart) ? { procStart: v.procStart } : {}),
      ...(groups.length > 0 ? { groups } : {}),
    };
  } catch {
    // unreadable: treated as stale by the caller
  }
  return undefined;
}

/** A lock file younger than this may still be being written by its creator. */
function isFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2000;
  } catch {
    return false;
  }
}

/** Whether the lock's runner still runs: its pid is alive and, where /proc tells, started when it did. */
function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.procStart === undefined) return true;
  const info = procInfo(owner.pid);
  return info === undefined || (info.start === owner.procStart && info.state !== 'Z');
}
