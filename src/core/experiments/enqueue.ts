// Turning `exp run --queue` / `--temp` into tasks: the baseline (HEAD), one snapshot of the working copy
// shared by the whole sweep, each point's params checked against the params files now (an unknown key is
// refused before anything is queued), and a name per experiment — generated, or the given one (numbered
// `-1`, `-2`… for a sweep) — unique among the baseline's experiments and those already queued for it.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { headCommit, repoRoot } from '../git';
import type { ExperimentTask, RunOn } from './isolated-run';
import { chooseName } from './naming';
import { checkParams } from './params-set';
import { listQueue, type QueueEntry, writeEntry } from './queue-store';
import { snapshotWorkingCopy } from './snapshot';
import type { Point } from './sweeps';
import { resolveTargets, type RunScope } from '../runner/targets';
import { loadWorkspace } from '../runner/workspace';

export interface TaskRequest {
  /** The DVC repository the experiment is of (its queue, its pipelines). */
  dvcRoot: string;
  /** The working folder, dvcRoot or a folder in it: where targets and `-S` files are read from (default dvcRoot). */
  cwd?: string;
  points: Point[];
  name?: string;
  /** What the experiment runs, relative to cwd (core/runner/targets.ts selectTargets). */
  scope: RunScope;
  experiment?: string;
  /** `--no-run-cache`, kept with each task. */
  runCache?: false;
  /** Each task's own executor (none: the queue's setting when it starts). */
  runOn?: RunOn;
  /** Run at once by this process (`--temp`): the snapshot needs no ref to wait in the queue (snapshotRef). */
  now?: true;
}

export type TasksOutcome = { ok: true; tasks: ExperimentTask[] } | { ok: false; message: string };

export async function prepareTasks(req: TaskRequest): Promise<TasksOutcome> {
  const dvcRoot = path.resolve(req.dvcRoot);
  // Git finds the repository from any folder in it: HEAD is asked beside the root.
  const head = headCommit(dvcRoot);
  head.catch(() => undefined);
  const gitRoot = await repoRoot(dvcRoot);
  if (!gitRoot)
    return {
      ok: false,
      message: `${dvcRoot} is not in a git repository: experiments are git commits (git init first)`,
    };
  let baseline: string;
  try {
    baseline = await head;
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const cwd = path.resolve(req.cwd ?? dvcRoot);
  const wdir = path.relative(dvcRoot, cwd).split(path.sep).join('/');
  for (const point of req.points) {
    const checked = checkParams(cwd, point);
    if (!checked.ok) return checked;
  }
  // A target that names nothing is refused now, as `dvc exp run --queue` refuses it, not when a worker takes it.
  const found = resolveTargets(loadWorkspace(dvcRoot), cwd, req.scope.targets, req.scope.recursive);
  if (!found.ok) return found;
  const reserved = new Set(
    listQueue(dvcRoot)
      .filter((e) => e.task.exp.baseline === baseline)
      .map((e) => e.task.exp.name),
  );
  const tasks: Omit<ExperimentTask, 'snapshot'>[] = [];
  for (const [i, changes] of req.points.entries()) {
    const wanted = req.name === undefined ? undefined : req.points.length === 1 ? req.name : `${req.name}-${i + 1}`;
    const named = await chooseName(gitRoot, baseline, wanted, reserved);
    if (!named.ok) return named;
    reserved.add(named.ref.name);
    tasks.push({
      id: randomBytes(8).toString('hex'),
      exp: named.ref,
      gitRoot,
      dvcRoot,
      ...(wdir ? { wdir } : {}),
      changes,
      targets: req.scope.targets,
      ...(req.scope.recursive ? { recursive: true as const } : {}),
      ...(req.experiment ? { experiment: req.experiment } : {}),
      ...(req.runCache === false ? { runCache: false as const } : {}),
      ...(req.runOn ? { runOn: req.runOn } : {}),
    });
  }
  const snapshot = await snapshotWorkingCopy(gitRoot, baseline, req.now ? [] : tasks.map((t) => t.id));
  return {
    ok: true,
    tasks: tasks.map((t) => ({ ...t, snapshot, ...(req.now ? { snapshotRef: false as const } : {}) })),
  };
}

/** Puts prepared tasks in the queue as QUEUED. */
export function enqueue(tasks: readonly ExperimentTask[]): QueueEntry[] {
  const created = Date.now();
  return tasks.map((task, i) => {
    const entry: QueueEntry = { task, status: 'QUEUED', created: created + i };
    writeEntry(task.dvcRoot, entry);
    return entry;
  });
}
