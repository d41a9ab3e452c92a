// Reads everything the experiments table and the sidebar show, in one pass: the working copy's values, HEAD,
// every experiment ref, the queue, and the params, metrics and dvc.lock of every experiment and baseline commit
// (one cat-file batch for all of them, values.ts). A workspace outside git shows the working copy alone.
import * as path from 'node:path';
import { git, headCommit, repoRoot } from '../git';
import { experimentRefs, relPrefix } from './list';
import { listQueue, type QueueEntry } from './queue-store';
import { type BaselineCommit, type ExpRow, tableRows } from './table-rows';
import { type RevisionValues, valuesAtCommits, valuesInWorkingCopy } from './values';

export interface ExperimentsSnapshot {
  rows: ExpRow[];
  /** The queue as read (oldest first), dead workers settled as FAILED. */
  queue: QueueEntry[];
  /** Why experiments cannot be made here (no git, no commit), if so. */
  problem?: string;
}

export async function loadExperiments(dvcRoot: string): Promise<ExperimentsSnapshot> {
  const root = path.resolve(dvcRoot);
  const workspace = valuesInWorkingCopy(root);
  const queue = listQueue(root);
  const gitRoot = await repoRoot(root);
  const empty = { workspace, head: null, baselines: [], committed: [], queue };
  if (!gitRoot) return { rows: tableRows(empty), queue, problem: `${root} is not in a git repository` };
  let head: string;
  try {
    head = await headCommit(gitRoot);
  } catch (err) {
    return { rows: tableRows(empty), queue, problem: (err as Error).message };
  }
  const refs = await experimentRefs(gitRoot);
  const baselines = [...new Set([head, ...refs.map((r) => r.baseline), ...queue.map((e) => e.task.exp.baseline)])];
  const commits = [...refs.map((r) => r.commit), ...baselines];
  const values = await valuesAtCommits(gitRoot, relPrefix(gitRoot, root), commits, { deps: true });
  const info = await commitInfo(gitRoot, baselines);
  const baselineCommits: BaselineCommit[] = baselines.flatMap((commit, i) => {
    const about = info.get(commit);
    // A baseline that is no longer in the repository (gc'd after a rebase): its experiments stay hidden.
    return about ? [{ commit, ...about, values: values[refs.length + i] as RevisionValues }] : [];
  });
  const committed = refs.map((r, i) => {
    const v = values[i] as RevisionValues;
    return { ...r, params: v.params, metrics: v.metrics, deps: v.deps };
  });
  return { rows: tableRows({ workspace, head, baselines: baselineCommits, committed, queue }), queue };
}

/** Subject and commit time of each commit that exists (one `git log --no-walk`). */
async function commitInfo(
  gitRoot: string,
  commits: string[],
): Promise<Map<string, { subject: string; created: number }>> {
  const out = await git(gitRoot, [
    'log',
    '--no-walk=unsorted',
    '--ignore-missing',
    '--format=%H%x00%ct%x00%s',
    ...commits,
  ]).catch(() => '');
  const info = new Map<string, { subject: string; created: number }>();
  for (const line of out.split('\n')) {
    const [commit, time, subject] = line.split('\0');
    if (commit && time) info.set(commit, { subject: subject ?? '', created: Number(time) * 1000 });
  }
  return info;
}
