// What a person does with an experiment once made, as DVC does it (dvc/repo/experiments/apply.py, branch.py,
// remove.py): find it by name (the current baseline's first), apply it to the working copy (its files written
// over the working copy's, its cached outputs checked out from the DVC cache; HEAD and the index untouched,
// so the changes show as uncommitted), make a branch of it, remove its ref, or reproduce it.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkoutOutputs } from '../runner/checkout';
import { DvcCache } from '../runner/dvc-cache';
import { loadWorkspace } from '../runner/workspace';
import { git, headCommit, withTempIndex } from '../git';
import type { ExperimentTask } from './isolated-run';
import { chooseName } from './naming';
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

/** Writes the experiment's files into the working copy and checks its cached outputs out; returns the paths written. */
export async function applyExperiment(gitRoot: string, dvcRoot: string, exp: FoundExperiment): Promise<string[]> {
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
  const cache = DvcCache.find(dvcRoot);
  if (cache) checkoutOutputs(loadWorkspace(dvcRoot), cache, 'copy');
  return [...written, ...removed];
}

export async function branchExperiment(gitRoot: string, exp: FoundExperiment, branch: string): Promise<void> {
  await git(gitRoot, ['branch', '--', branch, exp.commit]);
}

export async function removeExperiment(gitRoot: string, exp: FoundExperiment): Promise<void> {
  await git(gitRoot, ['update-ref', '-d', exp.ref, exp.commit]);
}

/**
 * A task that runs the experiment again from its own commit (its baseline, params and code) in isolation,
 * every stage forced, under a new name: `exp reproduce` then compares the metrics.
 */
export async function reproduceTask(gitRoot: string, dvcRoot: string, exp: FoundExperiment): Promise<ExperimentTask> {
  const named = await chooseName(gitRoot, exp.baseline, undefined);
  if (!named.ok) throw new Error(named.message);
  return {
    id: randomBytes(8).toString('hex'),
    exp: named.ref,
    snapshot: exp.commit,
    gitRoot,
    dvcRoot: path.resolve(dvcRoot),
    changes: [],
    targets: [],
  };
}
