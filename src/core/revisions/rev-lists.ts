// The revisions `dvc metrics show -a/-T/-A` walks (dvc/repo/brancher.py and iter_revs in dvc/scm.py): the
// branches (sorted by name) then the tags (sorted, annotated ones peeled to their commit); or, with all
// commits, every commit reachable from HEAD, the branches, the remotes and the tags, newest first, each named by
// its full sha. A commit reached by several names is walked once, under its names joined with "," in the order
// first seen (`main,v1.0`). The working copy ("workspace") is the caller's to add: DVC walks it first.
import { execFileSync } from 'node:child_process';
import { hasCommits } from './git-tree';

export interface RevisionScope {
  allBranches: boolean;
  allTags: boolean;
  allCommits: boolean;
}

export interface NamedCommit {
  /** What DVC prints for the revision: its names joined with ",". */
  name: string;
  sha: string;
}

export interface ScopeRevisions {
  commits: NamedCommit[];
  /** The branch HEAD is on; undefined when detached or before the first commit. */
  activeBranch: string | undefined;
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString(
    'utf8',
  );
}

export function scopeRevisions(root: string, scope: RevisionScope): ScopeRevisions {
  // One process lists both kinds of ref: the current branch is marked `*`, `%(*objectname)` is a tag's commit.
  const refs = git(root, [
    'for-each-ref',
    '--format=%(HEAD)%00%(refname)%00%(objectname)%00%(*objectname)',
    'refs/heads',
    'refs/tags',
  ])
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [head, ref, object, peeled] = l.split('\0') as [string, string, string, string];
      return { head: head === '*', ref, sha: peeled || object };
    });
  const activeBranch = refs.find((r) => r.head)?.ref.slice('refs/heads/'.length);
  const found: [name: string, sha: string][] = [];
  if (scope.allCommits) {
    const starts = ['--branches', '--remotes', '--tags', ...(hasCommits(root) ? ['HEAD'] : [])];
    for (const sha of git(root, ['rev-list', '--date-order', ...starts]).split('\n')) if (sha) found.push([sha, sha]);
  } else {
    // for-each-ref sorts by refname bytes, as Python sorts the names DVC lists.
    const named = (prefix: string) =>
      refs.filter((r) => r.ref.startsWith(prefix)).map((r): [string, string] => [r.ref.slice(prefix.length), r.sha]);
    if (scope.allBranches) found.push(...named('refs/heads/'));
    if (scope.allTags) found.push(...named('refs/tags/'));
  }
  const names = new Map<string, string[]>();
  for (const [name, sha] of found) {
    const list = names.get(sha) ?? [];
    if (!list.includes(name)) list.push(name);
    names.set(sha, list);
  }
  return { commits: [...names].map(([sha, list]) => ({ name: list.join(','), sha })), activeBranch };
}
