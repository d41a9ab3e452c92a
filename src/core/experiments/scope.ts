// What an experiment ran, kept with it so that it can be run again as it was (`exp reproduce`, the table's
// Reproduce): the working folder relative to the DVC repository (DVC's executor keeps it as ExecutorInfo.wdir)
// and the targets and `-R` as `dvc exp run` took them (core/runner/targets.ts selectTargets, `-P` being the root
// as a folder target). It is written in the experiment commit's message, beside `mlops-run:`, because the commit
// is what every copy of the repository has; DVC's own commit records none, and keeps no run arguments either.
// Also the one default for an experiment nobody named targets for (the table's queue, Retrain, reproducing a DVC
// experiment): what `dvc exp run` runs in the folder, ./dvc.yaml, else every pipeline (`-P`), where DVC would refuse.
import * as path from 'node:path';
import { git } from '../git';
import { allPipelines, defaultTarget, hasPipelineFile, type RunScope } from '../runner/targets';

export interface ExperimentScope extends RunScope {
  /** The working folder relative to the DVC repository, '/'-separated ('' for the root). */
  wdir: string;
}

const SCOPE_TRAILER = /^mlops-scope: (\{.*\})$/m;

/** The commit message line that records `scope`. */
export function scopeTrailer(scope: ExperimentScope): string {
  return `mlops-scope: ${JSON.stringify({ wdir: scope.wdir, targets: scope.targets, recursive: scope.recursive })}`;
}

/** The scope a commit message records, or undefined (a DVC experiment, one of ours made before it was kept). */
export function scopeOfMessage(message: string): ExperimentScope | undefined {
  const json = SCOPE_TRAILER.exec(message)?.[1];
  if (json === undefined) return undefined;
  try {
    const v = JSON.parse(json) as Partial<ExperimentScope>;
    if (typeof v.wdir !== 'string' || typeof v.recursive !== 'boolean' || !Array.isArray(v.targets)) return undefined;
    if (!v.targets.every((t) => typeof t === 'string') || v.wdir.split('/').includes('..')) return undefined;
    return { wdir: v.wdir, targets: v.targets, recursive: v.recursive };
  } catch {
    return undefined;
  }
}

/**
 * What an experiment of `folder` runs when no target is named by anyone: `dvc exp run`'s default target there,
 * ./dvc.yaml, and where the folder has none every pipeline of it (`-P`) rather than DVC's refusal, since the caller
 * (a button, a form) has no targets to offer instead.
 */
export function defaultExperimentScope(folder: string): RunScope {
  return hasPipelineFile(folder) ? defaultTarget() : allPipelines(folder, folder);
}

/**
 * What the experiment at `commit` ran: its recorded scope, else (DVC's experiments, ours made before scopes were
 * kept) the default of the repository's root as that commit holds it.
 */
export async function recordedScope(gitRoot: string, dvcRoot: string, commit: string): Promise<ExperimentScope> {
  const recorded = scopeOfMessage(await git(gitRoot, ['log', '-1', '--format=%B', commit]));
  if (recorded) return recorded;
  const rel = path.relative(gitRoot, dvcRoot).split(path.sep).join('/');
  const held = await git(gitRoot, ['cat-file', '-e', `${commit}:${rel === '' ? '' : `${rel}/`}dvc.yaml`]).then(
    () => true,
    () => false,
  );
  return { wdir: '', ...(held ? defaultTarget() : allPipelines(dvcRoot, dvcRoot)) };
}
