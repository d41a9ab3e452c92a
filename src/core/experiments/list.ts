// Every experiment of a repository with its params and metrics, read from git alone: the refs under
// refs/exps (ours and those `dvc exp run` made — the same format), their commits' dvc.yaml, params files
// and metrics files, all through one for-each-ref and a few cat-file batches whatever the count (values.ts).
import * as path from 'node:path';
import { git } from '../git';
import { EXPS_NAMESPACE, parseExpRef } from './refs';
import { type RevisionValues, valuesAtCommits } from './values';

/** A committed experiment. Queued and running ones come from the queue (queue/state.ts). */
export interface CommittedExperiment {
  name: string;
  ref: string;
  baseline: string;
  commit: string;
  /** Commit time, ms since epoch. */
  created: number;
  /** Flattened dotted keys, values as strings — as `mlops runs list --json` keys them. */
  params: Record<string, string>;
  metrics: Record<string, number>;
  /** The tracked run that made it (ours only). */
  run: string | null;
  source: 'mlops' | 'dvc';
}

/** The tracked run's id in an experiment commit's message (commit.ts writes it). */
export const RUN_TRAILER = /^mlops-run: ([0-9a-zA-Z_-]+)$/m;

/**
 * @param gitRoot the repository's top folder
 * @param dvcRoot the folder holding dvc.yaml (the workspace), inside gitRoot
 */
export async function listCommitted(gitRoot: string, dvcRoot: string = gitRoot): Promise<CommittedExperiment[]> {
  const exps = await experimentRefs(gitRoot);
  const values = await valuesAtCommits(
    gitRoot,
    relPrefix(gitRoot, dvcRoot),
    exps.map((e) => e.commit),
  );
  return exps.map((e, i) => {
    const v = values[i] as RevisionValues;
    return { ...e, params: v.params, metrics: v.metrics };
  });
}

/** Every experiment ref with its commit, time and run, without reading its files (one for-each-ref). */
export async function experimentRefs(gitRoot: string): Promise<Omit<CommittedExperiment, 'params' | 'metrics'>[]> {
  const refsOut = await git(gitRoot, [
    'for-each-ref',
    '--format=%(objectname)%00%(refname)%00%(committerdate:unix)%00%(contents)%01',
    `${EXPS_NAMESPACE}/`,
  ]);
  const exps: Omit<CommittedExperiment, 'params' | 'metrics'>[] = [];
  for (const record of refsOut.split('\u0001')) {
    const [commit, ref, date, message] = record.replace(/^\n/, '').split('\0');
    if (!commit || !ref) continue;
    const parsed = parseExpRef(ref);
    if (!parsed) continue;
    const run = RUN_TRAILER.exec(message ?? '')?.[1] ?? null;
    exps.push({ ...parsed, ref, commit, created: Number(date) * 1000, run, source: run ? 'mlops' : 'dvc' });
  }
  return exps;
}

/** The dvc.yaml folder relative to the repository, as a git path prefix ('' or 'sub/'). */
export function relPrefix(gitRoot: string, dvcRoot: string): string {
  const rel = path.relative(gitRoot, dvcRoot).split(path.sep).join('/');
  return rel === '' ? '' : `${rel}/`;
}
