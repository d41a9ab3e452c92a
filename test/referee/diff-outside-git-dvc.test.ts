// Real DVC is the referee of the diff verbs outside a git repository (a DVC project made with `dvc init --no-scm`):
// it refuses `metrics diff`, `params diff` and `plots diff` ("Only supported for Git repositories"), revision given
// or not, and so do we — before reading anything, with a message that says what to do, never an empty diff or
// git's own failure as an internal error. `show` still reads the working copy on both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';

const root = mkdtempSync(join(tmpdir(), 'mlops-diff-no-git-'));
writeFileSync(
  join(root, 'dvc.yaml'),
  'stages:\n  train:\n    cmd: echo\n    params: [lr]\n    metrics:\n      - m.json:\n          cache: false\n    plots:\n      - p.csv:\n          cache: false\n',
);
writeFileSync(join(root, 'params.yaml'), 'lr: 0.1\n');
writeFileSync(join(root, 'm.json'), '{"acc": 0.5}');
writeFileSync(join(root, 'p.csv'), 'step,loss\n0,1\n1,0.5\n');

function dvc(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(join(venvBin(), 'dvc'), args, { cwd: root, env: venvEnv(), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

assert.equal(dvc('init', '--no-scm').code, 0);

test('every diff verb is refused outside git, as dvc refuses it; show still reads the working copy', async () => {
  for (const args of [
    ['metrics', 'diff'],
    ['metrics', 'diff', 'HEAD', '--json'],
    ['params', 'diff', '--json'],
    ['plots', 'diff', '--json'],
    ['plots', 'diff', 'HEAD'],
  ]) {
    const theirs = dvc(...args);
    assert.notEqual(theirs.code, 0, `dvc ${args.join(' ')} refuses`);
    assert.match(theirs.out, /Only supported for Git repositories/);
    const ours = await runCli(args, root);
    assert.equal(ours.code, 2, `mlops ${args.join(' ')}: ${ours.stderr}`);
    assert.equal(ours.stdout, '');
    assert.match(ours.stderr, new RegExp(`^mlops ${args[0]} diff: .* is not in a git repository.*git init`));
    assert.doesNotMatch(ours.stderr, /internal error|fatal:/);
  }
  const shown = await runCli(['metrics', 'show', '--json'], root);
  assert.equal(shown.code, 0, shown.stderr);
  assert.deepEqual(JSON.parse(shown.stdout), JSON.parse(dvc('metrics', 'show', '--json').out));
  const plots = await runCli(['plots', 'show', '--json'], root);
  assert.equal(plots.code, 0, plots.stderr);
  assert.ok(JSON.parse(plots.stdout).data['p.csv'], 'plots show reads the working copy');
});
