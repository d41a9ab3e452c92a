// The revisions `dvc metrics show -a/-T/-A` walks (dvc/repo/brancher.py and iter_revs in dvc/scm.py): the
// branches (sorted by name) then the tags (sorted, annotated ones peeled to their commit); or, with all
// commits, every commit reachable from HEAD, the branches, the remotes and the tags, each named by its full sha,
// in the order of scmrepo's dulwich walk (`list_all_commits`, dulwich/walk.py ORDER_DATE): a queue of the tips,
// newest commit time first and the smaller sha first on a tie, each commit's parents joining the queue once it is
// taken. git's `rev-list --date-order` breaks ties otherwise (example-get-started has two commits of one second).
// A commit reached by several names is walked once, under its names joined with "," in the order first seen
// (`main,v1.0`). The working copy ("workspace") is the caller's to add: DVC walks it first.
import { execFileSync } from 'node:child_process';
import { MinHeap } from '../min-heap';
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
    ...(scope.allCommits ? ['refs/remotes'] : []),
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
    const head = hasCommits(root) ? [git(root, ['rev-parse', 'HEAD']).trim()] : [];
    for (const sha of dateWalk(root, [...head, ...refs.map((r) => r.sha)])) found.push([sha, sha]);
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

/** The commits reachable from `tips` in the dulwich walk's order (see the header). */
function dateWalk(root: string, tips: string[]): string[] {
  if (tips.length === 0) return [];
  // `TIME SHA PARENT...` per commit, in any order: the walk below decides it.
  const lines = git(root, ['rev-list', '--timestamp', '--parents', ...new Set(tips)]).split('\n');
  const commits = lines
    .filter((l) => l !== '')
    .map((l) => {
      const [time, sha, ...parents] = l.split(' ') as [string, string, ...string[]];
      return { time: Number(time), sha, parents };
    });
  // A commit's rank is its place in (newest first, smaller sha first): the heap pops the smallest rank.
  const ranked = [...commits].sort((a, b) => b.time - a.time || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0));
  const rank = new Map(ranked.map((c, i) => [c.sha, i]));
  const queued = new Set<number>();
  const heap = new MinHeap();
  const push = (sha: string): void => {
    const r = rank.get(sha);
    if (r !== undefined && !queued.has(r)) {
      queued.add(r);
      heap.push(r);
    }
  };
  for (const tip of tips) push(tip);
  const order: string[] = [];
  while (heap.size > 0) {
    const c = ranked[heap.pop()]!;
    order.push(c.sha);
    for (const p of c.parents) push(p);
  }
  return order;
}
