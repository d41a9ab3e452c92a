// The commit, branch and dirty flag a run is recorded with; null outside a git repository or before its first
// commit. One `git status --porcelain=v2 --branch` says all three (four git processes did before: every run and
// every experiment starts with this, and a process is most of its cost).
import { git } from '../git';
import type { GitInfo } from '../tracking/types';

export async function gitInfo(dir: string): Promise<GitInfo | null> {
  let out: string;
  try {
    out = await git(dir, ['status', '--porcelain=v2', '--branch', '--untracked-files=all', '-z']);
  } catch {
    // Not a repository, or git missing: the run is still recorded, without git information.
    return null;
  }
  let commit: string | undefined;
  let branch: string | null = null;
  let dirty = false;
  // Header lines (`# branch.oid <commit>|(initial)`, `# branch.head <name>|(detached)`), then one record per change.
  for (const record of out.split('\0')) {
    if (record.startsWith('# branch.oid ')) commit = record.slice('# branch.oid '.length);
    else if (record.startsWith('# branch.head ')) {
      const head = record.slice('# branch.head '.length);
      branch = head === '(detached)' ? null : head;
    } else if (record !== '' && !record.startsWith('# ')) dirty = true;
  }
  if (commit === undefined || commit === '(initial)') return null;
  return { commit, branch, dirty };
}
