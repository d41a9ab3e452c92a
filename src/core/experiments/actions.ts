// What a person does with an experiment once made, as DVC does it (dvc/repo/experiments/apply.py, branch.py,
// remove.py): find it by name (the current baseline's first), apply it to the working copy (its files written
// over the working copy's, its cached outputs checked out from the DVC cache; HEAD and the index untouched,
// so the changes show as uncommitted), make a branch of it, remove its ref, or reproduce it. Outputs the cache
// lacks — an experiment made on a Ray cluster whose outputs this cache never received, or gc'd since — come from
// its tracked run when it kept them (the job's artifacts in MLflow), each checked against dvc.lock's hash and
// saved into the cache, as `dvc pull` would bring them from a remote.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadOutputs } from '../executors/ray/ray-job';
import { checkoutOutputs } from '../runner/checkout';
import type { MlflowClient } from '../tracking/mlflow/client';
import { DvcCache } from '../runner/dvc-cache';
import { Hasher } from '../runner/hash';
import { loadWorkspace } from '../runner/workspace';
import { git, headCommit, withTempIndex } from '../git';
import type { ExperimentTask } from './isolated-run';
import { RUN_TRAILER } from './list';
import { chooseName } from './naming';
import { recordedScope } from './scope';
import { EXPS_NAMESPACE, parseExpRef, type ExpRef } from './refs';

export interface FoundExperiment extends ExpRef {
  ref: string;
  commit: string;
}

export type Found = { ok: true; exp: FoundExperiment } | { ok: false; message: string };

/** The experiment called `name`: of HEAD's baseline if it has one, else the only one with that name. */
export async function findExperiment(gitRoot: string, name: string): Promise<Found> {
  const out = await git(gitRoot, ['for-each-ref', '--format=%(objectname) %(refname)', `${EXPS_NAMESPACE}/`]);
  const matches: FoundExperiment[] = [];
  for (const line of out.split('\n')) {
    const [commit, ref] = line.split(' ');
    const parsed = ref ? parseExpRef(ref) : undefined;
    if (commit && ref && parsed?.name === name) matches.push({ ...parsed, ref, commit });
  }
  const head = await headCommit(gitRoot).catch(() => undefined);
  const mine = matches.find((m) => m.baseline === head);
  if (mine) return { ok: true, exp: mine };
  if (matches.length === 1) return { ok: true, exp: matches[0] as FoundExperiment };
  if (matches.length === 0) return { ok: false, message: `no experiment named '${name}' (mlops exp list shows them)` };
  return {
    ok: false,
    message: `'${name}' names experiments of several baselines (${matches.map((m) => m.baseline.slice(0, 7)).join(', ')}); check out the baseline you mean first`,
  };
}

/** Brings the outputs under `paths` (relative to the DVC root) from where the tracked run `runId` kept them. */
export type FetchOutputs = (runId: string, paths: readonly string[]) => Promise<unknown>;

/** The outputs a Ray job uploaded to its MLflow run (ray-job.ts): what an experiment made on Ray can be fetched from. */
export function outputsFromMlflow(mlflow: MlflowClient, dvcRoot: string): FetchOutputs {
  return (runId, paths) => downloadOutputs(mlflow, runId, dvcRoot, `run ${runId}`, paths);
}

export interface Applied {
  /** Files written from git. */
  files: string[];
  /** Cached outputs the DVC cache lacked, brought from the experiment's tracked run. */
  fetched: string[];
  /** Cached outputs the DVC cache lacks and nothing brought: left as they were. */
  missing: string[];
  /** Why the run's copy could not be brought, when that was tried. */
  fetchError?: string;
}

/** Writes the experiment's files into the working copy and puts its cached outputs in place. */
export async function applyExperiment(
  gitRoot: string,
  dvcRoot: string,
  exp: FoundExperiment,
  fetch?: FetchOutputs,
): Promise<Applied> {
  const diff = await git(gitRoot, ['diff', '--name-status', '--no-renames', '-z', 'HEAD', exp.commit]);
  const fields = diff.split('\0').filter(Boolean);
  const written: string[] = [];
  const removed: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) (fields[i] === 'D' ? removed : written).push(fields[i + 1] as string);
  await withTempIndex(async (index) => {
    await git(gitRoot, ['read-tree', exp.commit], { index });
    if (written.length > 0)
      await git(gitRoot, ['checkout-index', '--force', '-z', '--stdin'], { index, input: written.join('\0') });
  });
  for (const p of removed) fs.rmSync(path.join(gitRoot, p), { force: true });
  const files = [...written, ...removed];
  const cache = DvcCache.find(dvcRoot);
  if (!cache) return { files, fetched: [], missing: [] };
  const lacking = checkoutOutputs(loadWorkspace(dvcRoot), cache, 'copy').missing;
  const rels = lacking.map((m) => path.relative(dvcRoot, m.abs).split(path.sep).join('/'));
  const runId = RUN_TRAILER.exec(await git(gitRoot, ['log', '-1', '--format=%B', exp.commit]))?.[1];
  if (lacking.length === 0 || !fetch || !runId) return { files, fetched: [], missing: rels };
  // The experiment's outputs replace the working copy's, as a checkout does: no stale file stays in a folder.
  for (const m of lacking) fs.rmSync(m.abs, { recursive: true, force: true });
  try {
    await fetch(runId, rels);
  } catch (err) {
    return { files, fetched: [], missing: rels, fetchError: err instanceof Error ? err.message : String(err) };
  }
  const hasher = new Hasher();
  for (const [i, m] of lacking.entries()) {
    const h = await hasher.hashWithListing(m.abs, m.name);
    if (h?.md5 !== m.md5)
      throw new Error(
        `${rels[i]} of experiment '${exp.name}', brought from its run ${runId}, hashes to ${h?.md5 ?? 'nothing'} where its dvc.lock records ${m.md5} — the run's artifacts do not match the experiment; run it again`,
      );
    cache.save(m.abs, h, m.name);
  }
  return { files, fetched: rels, missing: [] };
}

export async function branchExperiment(gitRoot: string, exp: FoundExperiment, branch: string): Promise<void> {
  await git(gitRoot, ['branch', '--', branch, exp.commit]);
}

export async function removeExperiment(gitRoot: string, exp: FoundExperiment): Promise<void> {
  await git(gitRoot, ['update-ref', '-d', exp.ref, exp.commit]);
}

/**
 * A task that runs the experiment again from its own commit (its baseline, params and code) in isolation, what it
 * ran (its recorded scope: working folder, targets, -R) with every stage forced, under a new name: `exp reproduce`
 * then compares the metrics.
 */
export async function reproduceTask(gitRoot: string, dvcRoot: string, exp: FoundExperiment): Promise<ExperimentTask> {
  const root = path.resolve(dvcRoot);
  const [named, scope] = await Promise.all([
    chooseName(gitRoot, exp.baseline, undefined),
    recordedScope(gitRoot, root, exp.commit),
  ]);
  if (!named.ok) throw new Error(named.message);
  return {
    id: randomBytes(8).toString('hex'),
    exp: named.ref,
    snapshot: exp.commit,
    gitRoot,
    dvcRoot: root,
    ...(scope.wdir ? { wdir: scope.wdir } : {}),
    changes: [],
    targets: scope.targets,
    ...(scope.recursive ? { recursive: true as const } : {}),
    force: true,
  };
}
