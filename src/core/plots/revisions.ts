// Which revisions `plots diff` compares (dvc/repo/plots/diff.py): none given → the working copy, and HEAD
// too when tracked files changed; one → it and the working copy; more → as given. No commit yet → nothing.
import { WORKSPACE, hasCommits, hasTrackedChanges } from '../revisions/git-tree';

export function plotsDiffRevisions(root: string, given: readonly string[]): string[] {
  if (!hasCommits(root)) return [];
  if (given.length > 1) return [...given];
  if (given.length === 1) return [given[0]!, WORKSPACE];
  return hasTrackedChanges(root) ? ['HEAD', WORKSPACE] : [WORKSPACE];
}
