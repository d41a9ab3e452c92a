// Which revisions `plots diff` compares (dvc/repo/plots/diff.py): none given → the working copy, and HEAD
// too when tracked files changed; one → it and the working copy; more → as given. No commit yet → nothing.
// Git answers while the caller reads the working copy (collect-ahead.ts).
import { WORKSPACE } from '../revisions/git-tree';
import { hasCommitsAhead, headStateAhead } from '../revisions/git-ahead';

export async function plotsDiffRevisions(root: string, given: readonly string[]): Promise<string[]> {
  if (given.length === 0) {
    const head = await headStateAhead(root);
    return head === 'no commits' ? [] : head === 'changed' ? ['HEAD', WORKSPACE] : [WORKSPACE];
  }
  if (!(await hasCommitsAhead(root))) return [];
  return given.length > 1 ? [...given] : [given[0]!, WORKSPACE];
}

/** The git revisions the answer will most likely name: worth listing before it comes. */
export function likelyDiffRevisions(given: readonly string[]): string[] {
  return given.length === 0 ? ['HEAD'] : [...new Set(given)].filter((r) => r !== WORKSPACE);
}

/** Whether the answer will name the working copy, unless the repository has no commit. */
export function diffReadsWorkspace(given: readonly string[]): boolean {
  return given.length <= 1 || given.includes(WORKSPACE);
}
