// Real DVC is the referee of two `metrics diff` / `params diff` cases met on public repositories
// (iterative/example-dvc-experiments: `HEAD main`; MArpogaus/hybrid-flows: a tag and a branch on one commit):
// two names of one commit compare nothing, `--all` included (DVC reads revisions per commit with their names
// joined, so neither name is found), while one name twice compares the commit with itself; and an empty diff
// prints nothing as text but the header and rule of an empty table with `--md`. Output equals DVC's to the
// byte (JSON parsed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const root = dvcRepo(
  {
    'dvc.yaml': `stages:
  train:
    cmd: echo train
    params:
      - lr
    metrics:
      - m.json:
          cache: false
`,
    'params.yaml': 'lr: 0.1\nepochs: 3\n',
    'm.json': JSON.stringify({ acc: 0.5, loss: 0.25 }),
  },
  'mlops-diff-same-commit-',
);
git(root, 'branch', '-M', 'main');
git(root, 'tag', 'v1');

async function ours(args: string[]): Promise<string> {
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

test('two names of one commit: an empty diff, --all too, as dvc gives it', async () => {
  const cases = [
    ['metrics', 'diff', 'v1', 'main', '--all', '--json'],
    ['params', 'diff', 'v1', 'main', '--all', '--json'],
    ['params', 'diff', 'HEAD', 'v1', '--all', '--json'],
    ['metrics', 'diff', 'v1', 'v1', '--all', '--json'],
  ];
  for (const args of cases)
    assert.deepEqual(JSON.parse(await ours(args)), JSON.parse(dvc(root, ...args)), args.join(' '));
  // The case is the one claimed: one name twice still compares every value, two names nothing.
  assert.notDeepEqual(JSON.parse(dvc(root, 'metrics', 'diff', 'v1', 'v1', '--all', '--json')), {});
  assert.deepEqual(JSON.parse(dvc(root, 'metrics', 'diff', 'v1', 'main', '--all', '--json')), {});
});

test('an empty diff: nothing as text, an empty table with --md, as dvc prints them', async () => {
  const cases = [
    ['metrics', 'diff', 'v1', 'main', '--all', '--md'],
    ['params', 'diff', 'v1', 'main', '--all'],
    ['metrics', 'diff', '--md'],
    ['params', 'diff', '--md'],
    ['metrics', 'diff'],
  ];
  for (const args of cases) assert.equal(await ours(args), dvc(root, ...args), args.join(' '));
  assert.match(dvc(root, 'metrics', 'diff', '--md'), /^\| Path +\| Metric/, 'DVC prints the empty table');
});
