// Which revisions `plots diff` compares (dvc/repo/plots/diff.py): none given → the working copy, and HEAD
// too when tracked files changed; one → it and the working copy; more → as given. No commit yet → nothing.
import { WORKSPACE, hasCommits, headState } from '../revisions/git-tree';

export function plotsDiffRevisions(root: string, given: readonly string[]): string[] {
  if (given.length === 0) {
    const head = headState(root);
    return head === 'no commits' ? [] : head === 'changed' ? ['HEAD', WORKSPACE] : [WORKSPACE];
  }
  if (!hasCommits(root)) return [];
  return given.length > 1 ? [...given] : [given[0]!, WORKSPACE];
}
