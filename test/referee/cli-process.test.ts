// The built CLI as users and CI scripts run it: `node dist/cli.js` in its own process, real exit codes and streams.
// Its stage graph is judged against real `dvc dag --dot` on corpus pipelines.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { venvBin, venvEnv } from '../support/python';
import { CORPUS } from './dvc-cases';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

function mlops(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Node and edge lines of a DOT graph, sorted: the order of lines is not part of the format. */
const dotLines = (dot: string) => dot.trim().split('\n').sort();

before(() => {
  // Build here so this suite never runs a stale bundle (npm test builds too; esbuild makes it cheap).
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
});

test('validate: JSON alone on stdout, a summary on stderr, exit 1 on an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-process-'));
  writeFileSync(join(dir, 'dvc.yaml'), 'stages:\n  train:\n    cmd: python train.py\n    cmd: again\n');
  const r = mlops(['validate', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
  assert.equal(report.files[0]?.path, 'dvc.yaml');
  assert.ok(report.files[0]?.diagnostics.some((d) => d.code === 'duplicate-key'));
  assert.match(r.stderr, /^1 file checked: \d+ errors?, \d+ warnings?\.\n$/);
});

test('exit 0 on a clean pipeline, 2 on a usage error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-process-'));
  writeFileSync(join(dir, 'dvc.yaml'), 'stages:\n  hello:\n    cmd: echo hello > hello.txt\n    outs: [hello.txt]\n');
  assert.equal(mlops(['validate'], dir).code, 0);
  const usage = mlops(['validate', '--format'], dir);
  assert.equal(usage.code, 2);
  assert.equal(usage.stdout, '');
  assert.match(usage.stderr, /option '--format' needs a value/);
  assert.equal(mlops(['no-such-verb'], dir).code, 2);
});

for (const name of [
  'iterative__example-get-started',
  'iterative__example-get-started-experiments',
  'lenskit__lk-demo-experiment',
]) {
  test(`dag --format dot draws what real \`dvc dag --dot\` draws: ${name}`, () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mlops-cli-dag-')), 'repo');
    cpSync(join(CORPUS, name), dir, { recursive: true });
    const dvc = join(venvBin(), 'dvc');
    execFileSync(dvc, ['init', '--no-scm', '--quiet'], { cwd: dir, env: venvEnv() });
    const theirs = execFileSync(dvc, ['dag', '--dot'], { cwd: dir, env: venvEnv(), encoding: 'utf8' });
    const ours = mlops(['dag', '--format', 'dot'], dir);
    assert.equal(ours.code, 0, ours.stderr);
    assert.deepEqual(dotLines(ours.stdout), dotLines(theirs));
  });
}

test('status through the shipped launcher: answered by the folder daemon when one runs, the same as computed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-daemon-'));
  writeFileSync(
    join(dir, 'dvc.yaml'),
    'stages:\n  hello:\n    cmd: cat in.txt > hello.txt\n    deps: [in.txt]\n    outs: [hello.txt]\n',
  );
  writeFileSync(join(dir, 'in.txt'), 'one\n');
  assert.equal(mlops(['run'], dir).code, 0);
  assert.equal(mlops(['daemon', 'start'], dir).code, 0);
  try {
    const info = () => JSON.parse(mlops(['daemon', 'status'], dir).stdout) as { answered: number };
    const before = info().answered;
    const upToDate = mlops(['status', '--json'], dir);
    assert.equal(upToDate.stdout, mlops(['status', '--json', '--no-daemon'], dir).stdout);
    assert.match(upToDate.stdout, /"status":"up-to-date"/);
    writeFileSync(join(dir, 'in.txt'), 'two\n');
    const changed = mlops(['status'], dir);
    assert.equal(changed.stdout, 'hello  changed: dep changed: in.txt\n');
    assert.equal(changed.stdout, mlops(['status', '--no-daemon'], dir).stdout);
    assert.equal(info().answered, before + 2, 'both plain status commands were answered by the daemon');
  } finally {
    mlops(['daemon', 'stop'], dir);
  }
  assert.equal(mlops(['daemon', 'status'], dir).code, 1, 'no daemon after stop');
});
