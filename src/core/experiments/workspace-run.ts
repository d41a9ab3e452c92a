// `exp run` without --temp or --queue: as `dvc exp run` does, the params changes are written into the
// working copy, the pipeline runs there, and when it succeeds the result is committed as an experiment of
// HEAD (the working copy keeps the results, "applied"). The index and HEAD are never moved.
import * as path from 'node:path';
import { type RunOptions, type RunReport, runPipelines } from '../runner/run';
import { resolveTargets } from '../runner/targets';
import { loadWorkspace } from '../runner/workspace';
import { commitExperiment } from './commit';
import { headCommit, repoRoot, updateRef } from '../git';
import { chooseName } from './naming';
import { applyParams } from './params-set';
import { expRefName, type ExpRef } from './refs';
import type { Point } from './sweeps';

export type ExpRunRequest = Omit<RunOptions, 'runName' | 'tags' | 'workspace'> & {
  changes: Point;
  name?: string;
};

export type ExpRunOutcome =
  | { ok: true; exp: ExpRef; ref: string; report: RunReport; commit: string | null }
  | { ok: false; message: string };

const REF_TAG = 'mlops.exp.ref';

/** Tags that make a tracked run an experiment's (name, baseline commit, ref). */
export function experimentTags(ref: ExpRef): Record<string, string> {
  return { 'mlops.exp.name': ref.name, 'mlops.exp.baseline': ref.baseline, [REF_TAG]: expRefName(ref) };
}

/** The experiment ref (`refs/exps/…`) of a run made as an experiment, from its tags. */
export function experimentRefOf(tags: Readonly<Record<string, string>>): string | undefined {
  return tags[REF_TAG];
}

export async function runInWorkspace(req: ExpRunRequest): Promise<ExpRunOutcome> {
  const root = path.resolve(req.root);
  const gitRoot = await repoRoot(root);
  if (!gitRoot)
    return { ok: false, message: `${root} is not in a git repository: experiments are git commits (git init first)` };
  let baseline: string;
  try {
    baseline = await headCommit(gitRoot);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const named = await chooseName(gitRoot, baseline, req.name);
  if (!named.ok) return named;
  const cwd = path.resolve(req.cwd ?? root);
  // A target that names nothing is refused before the params files change, as DVC refuses it.
  const found = resolveTargets(loadWorkspace(root), cwd, req.targets ?? [], req.recursive);
  if (!found.ok) return found;
  // `-S` files are the working folder's, as DVC reads them from the directory it runs in.
  const applied = applyParams(cwd, req.changes);
  if (!applied.ok) return applied;
  const outcome = await runPipelines({ ...req, root, runName: named.ref.name, tags: experimentTags(named.ref) });
  if (!outcome.ok) return outcome;
  const ref = expRefName(named.ref);
  if (outcome.report.status !== 'FINISHED')
    return { ok: true, exp: named.ref, ref, report: outcome.report, commit: null };
  const commit = await commitExperiment({
    workTree: gitRoot,
    baseline,
    ws: loadWorkspace(root),
    // Only a recorded run is named in the commit (the listing reports it as the experiment's run).
    runId: req.store ? outcome.report.runId : undefined,
    scope: {
      wdir: path.relative(root, cwd).split(path.sep).join('/'),
      targets: req.targets ?? [],
      recursive: req.recursive === true,
    },
  });
  await updateRef(gitRoot, ref, commit, true);
  return { ok: true, exp: named.ref, ref, report: outcome.report, commit };
}
