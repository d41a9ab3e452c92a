// What a queued or --temp experiment starts from: the baseline plus the user's uncommitted changes,
// tracked and untracked (not ignored) — what `dvc exp run --queue` stashes. Taken as a commit whose parent
// is the baseline, built in a private index (the user's index is untouched), and kept alive by a ref under
// refs/mlops/ (outside refs/exps, so DVC never mistakes it for an experiment) until the experiment is done.
import { commitTree, deleteRef, git, updateRef, withTempIndex } from '../git';

const SNAPSHOT_REFS = 'refs/mlops/snapshots';

export function snapshotRef(id: string): string {
  return `${SNAPSHOT_REFS}/${id}`;
}

/** Snapshots the working copy once for the experiments `ids` (a ref each) and returns the snapshot commit. */
export async function snapshotWorkingCopy(gitRoot: string, baseline: string, ids: readonly string[]): Promise<string> {
  // Asked meanwhile: the processes are the cost here, so what does not wait on another runs beside it.
  const baseTree = git(gitRoot, ['rev-parse', `${baseline}^{tree}`]);
  baseTree.catch(() => undefined);
  const commit = await withTempIndex(async (index) => {
    await git(gitRoot, ['read-tree', baseline], { index });
    await git(gitRoot, ['add', '--all', '--', '.'], { index });
    const tree = (await git(gitRoot, ['write-tree'], { index })).trim();
    return tree === (await baseTree).trim()
      ? baseline
      : commitTree(gitRoot, tree, baseline, 'mlops: workspace snapshot');
  });
  for (const id of ids) await updateRef(gitRoot, snapshotRef(id), commit);
  return commit;
}

export async function dropSnapshot(gitRoot: string, id: string): Promise<void> {
  await deleteRef(gitRoot, snapshotRef(id)).catch(() => undefined);
}
