// Every experiment of a repository with its params and metrics, read from git alone: the refs under
// refs/exps (ours and those `dvc exp run` made — the same format), their commits' dvc.yaml, params files
// and metrics files, through one for-each-ref and one cat-file batch (values.ts) whatever the count.
// Git finds the repository from any folder inside it, so the ref listing, the repository's root (needed only
// for the dvc.yaml folder's path in the trees) and the object reader start together rather than one after
// another; and the files are read from each experiment's tree, which for-each-ref names (reading its commit
// again is git's work for nothing).
import * as path from 'node:path';
import { git, repoRoot } from '../git';
import { RevisionFiles } from './git-objects';
import { EXPS_NAMESPACE, parseExpRef } from './refs';
import { type RevisionValues, valuesAt } from './values';

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

/** An experiment as its ref says, before its files are read. */
export type ExperimentRef = Omit<CommittedExperiment, 'params' | 'metrics'> & {
  /** The commit's root tree: the files are read from there. */
  tree: string;
};

/** The tracked run's id in an experiment commit's message (commit.ts writes it). */
export const RUN_TRAILER = /^mlops-run: ([0-9a-zA-Z_-]+)$/m;

/**
 * The committed experiments, or undefined when `dvcRoot` is not in a git repository.
 * @param dvcRoot the folder holding dvc.yaml (the workspace)
 * @param read `metrics`: params files are not read (nothing shows them)
 */
export async function listCommitted(
  dvcRoot: string,
  read: 'params and metrics' | 'metrics' = 'params and metrics',
): Promise<CommittedExperiment[] | undefined> {
  const files = new RevisionFiles(dvcRoot);
  try {
    const refs = experimentRefs(dvcRoot);
    // Outside a repository the listing fails too; the root says so first, with a message of our own.
    refs.catch(() => undefined);
    const gitRoot = await repoRoot(dvcRoot);
    if (!gitRoot) return undefined;
    const exps = await refs;
    const values = await valuesAt(
      files,
      relPrefix(gitRoot, dvcRoot),
      exps.map((e) => e.tree),
      { params: read === 'params and metrics' },
    );
    return exps.map(({ tree: _, ...e }, i) => {
      const v = values[i] as RevisionValues;
      return { ...e, params: v.params, metrics: v.metrics };
    });
  } finally {
    files.close();
  }
}

/** Every experiment ref with its commit, time and run, without reading its files (one for-each-ref). */
export async function experimentRefs(cwd: string): Promise<ExperimentRef[]> {
  const refsOut = await git(cwd, [
    'for-each-ref',
    '--format=%(objectname)%00%(tree)%00%(refname)%00%(committerdate:unix)%00%(contents)%01',
    `${EXPS_NAMESPACE}/`,
  ]);
  const exps: ExperimentRef[] = [];
  for (const record of refsOut.split('\u0001')) {
    const [commit, tree, ref, date, message] = record.replace(/^\n/, '').split('\0');
    if (!commit || !tree || !ref) continue;
    const parsed = parseExpRef(ref);
    if (!parsed) continue;
    const run = RUN_TRAILER.exec(message ?? '')?.[1] ?? null;
    exps.push({ ...parsed, ref, commit, tree, created: Number(date) * 1000, run, source: run ? 'mlops' : 'dvc' });
  }
  return exps;
}

/** The dvc.yaml folder relative to the repository, as a git path prefix ('' or 'sub/'). */
export function relPrefix(gitRoot: string, dvcRoot: string): string {
  const rel = path.relative(gitRoot, dvcRoot).split(path.sep).join('/');
  return rel === '' ? '' : `${rel}/`;
}
