// Real DVC is the referee of `mlops metrics show` over revisions and targets: -a, -T, -A and their mixes on a
// repository with two branches, a lightweight and an annotated tag (one on the same commit as a branch, so
// names are joined), the working copy left out when it equals the branch HEAD is on and kept when it differs;
// TARGETs as files, a folder, an undeclared file and a missing one; from a subfolder; --precision and --md.
// JSON is compared parsed, with its revisions in DVC's order; tables to the byte. -A's order (dulwich's date walk)
// also on a history made to tell walks apart: commits of one second on several branches, a parent newer than its
// child.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const root = dvcRepo(
  {
    'dvc.yaml': `stages:
  train:
    cmd: echo train
    metrics:
      - m.json:
          cache: false
      - sub/n.yaml:
          cache: false
metrics:
  - top.json
`,
    'm.json': JSON.stringify({ zeta: 1, acc: 0.5, nested: { a: 1 } }),
    'sub/n.yaml': 'loss: 0.015625\n',
    'top.json': JSON.stringify({ x: 3, flag: true, name: 'first' }),
    'extra.json': JSON.stringify({ other: 2.123456789 }),
  },
  'mlops-metrics-show-',
);
git(root, 'branch', '-M', 'main');
git(root, 'tag', 'v1');
git(root, 'tag', '-a', 'release', '-m', 'annotated');
git(root, 'checkout', '-qb', 'feat');
writeFileSync(join(root, 'm.json'), JSON.stringify({ zeta: 2, acc: 0.75, nested: { a: 2 } }));
git(root, 'commit', '-qam', 'feat');
git(root, 'tag', 'v2');
git(root, 'checkout', '-q', 'main');
writeFileSync(join(root, 'top.json'), JSON.stringify({ x: 4, flag: false, name: 'second' }));
git(root, 'commit', '-qam', 'main moves');

async function ours(args: string[], cwd = root): Promise<string> {
  const r = await runCli(args, cwd);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const SCOPES = [['-a'], ['-T'], ['-A'], ['-a', '-T'], ['-T', '-A'], ['m.json', '-a'], ['sub', '-T'], ['extra.json']];

test('working copy equal to main: hidden with -a as DVC hides it, JSON and tables equal to DVC', async () => {
  for (const scope of SCOPES) {
    const expected = JSON.parse(dvc(root, 'metrics', 'show', '--json', ...scope)) as Record<string, unknown>;
    const json = JSON.parse(await ours(['metrics', 'show', '--json', ...scope])) as Record<string, unknown>;
    assert.deepEqual(json, expected, scope.join(' '));
    assert.deepEqual(Object.keys(json), Object.keys(expected), `${scope.join(' ')}: revisions in DVC's order`);
    assert.equal(await ours(['metrics', 'show', ...scope]), dvc(root, 'metrics', 'show', ...scope), scope.join(' '));
    if (scope[0] === '-a') assert.ok(!('workspace' in expected), 'the case hides the working copy');
  }
});

test('working copy changed: kept first as "workspace"; from a subfolder; --precision and --md', async () => {
  writeFileSync(join(root, 'm.json'), JSON.stringify({ zeta: 3, acc: 0.046875 }));
  mkdirSync(join(root, 'sub', 'deep'), { recursive: true });
  try {
    for (const scope of SCOPES) {
      const expected = JSON.parse(dvc(root, 'metrics', 'show', '--json', ...scope)) as Record<string, unknown>;
      assert.deepEqual(JSON.parse(await ours(['metrics', 'show', '--json', ...scope])), expected, scope.join(' '));
      if (scope.length > 1 || scope[0]!.startsWith('-')) assert.equal(Object.keys(expected)[0], 'workspace');
    }
    for (const args of [
      ['-a', '--precision', '2'],
      ['-T', '--md'],
      ['--precision', '5'],
      ['-a', '--md'],
    ])
      assert.equal(await ours(['metrics', 'show', ...args]), dvc(root, 'metrics', 'show', ...args), args.join(' '));
    const sub = join(root, 'sub');
    for (const args of [['-a'], ['n.yaml', '-T'], ['../m.json']])
      assert.deepEqual(
        JSON.parse(await ours(['metrics', 'show', '--json', ...args], sub)),
        JSON.parse(dvc(sub, 'metrics', 'show', '--json', ...args)),
        `from sub/: ${args.join(' ')}`,
      );
  } finally {
    git(root, 'checkout', '-q', 'm.json');
  }
});

test('a missing target: the error DVC reports in JSON, named on stderr, exit 0 as DVC', async () => {
  const r = await runCli(['metrics', 'show', '--json', 'nope.json'], root);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), JSON.parse(dvc(root, 'metrics', 'show', '--json', 'nope.json')));
  assert.match(r.stderr, /nope\.json: \[Errno 2\] No such file or directory/);
});

test("-A walks commits in DVC's order: one second's commits by sha, a parent newer than its child after it", async () => {
  const repo = dvcRepo({ 'dvc.yaml': 'metrics:\n  - m.json\n', 'm.json': '{"n": 0}' }, 'mlops-metrics-order-');
  const commitAt = (time: number, n: number): void => {
    writeFileSync(join(repo, 'm.json'), JSON.stringify({ n }));
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qam', `c${n}`], {
      cwd: repo,
      env: { ...process.env, GIT_COMMITTER_DATE: `${time} +0000`, GIT_AUTHOR_DATE: `${time} +0000` },
    });
  };
  git(repo, 'branch', '-M', 'main');
  for (let b = 1; b <= 5; b++) {
    git(repo, 'checkout', '-q', '-b', `same${b}`, 'main');
    commitAt(1_900_000_000, b);
  }
  git(repo, 'checkout', '-q', '-b', 'skew', 'main');
  commitAt(2_000_000_000, 10);
  commitAt(1_800_000_000, 11);
  git(repo, 'checkout', '-q', 'main');
  const expected = JSON.parse(dvc(repo, 'metrics', 'show', '--json', '-A')) as Record<string, unknown>;
  const json = JSON.parse(await ours(['metrics', 'show', '--json', '-A'], repo)) as Record<string, unknown>;
  assert.equal(Object.keys(expected).length, 9, 'the working copy and 8 commits');
  assert.deepEqual(Object.keys(json), Object.keys(expected));
  assert.deepEqual(json, expected);
  assert.equal(await ours(['metrics', 'show', '-A'], repo), dvc(repo, 'metrics', 'show', '-A'));
});
