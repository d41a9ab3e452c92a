// The built CLI as users and CI scripts run it: `node dist/cli.js` in its own process, real exit codes and streams.
// Its stage graph is judged against real `dvc dag --dot` on corpus pipelines.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { venvBin, venvEnv } from '../support/python';
import { CORPUS } from '../support/corpus';
import { dvc, dvcRepo, git } from '../support/runner-workspace';
import { runCli } from '../support/cli';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

function mlops(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What `head -c1` does to `mlops ARGS`: read one chunk, then close the pipe; the command ends with 0, no EPIPE trace. */
async function endsQuietlyWhenTheReaderStops(args: string[], cwd: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event|\n\s+at /);
  assert.equal(code, 0);
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

test('metrics diff and params diff through the shipped launcher (their own bundle) print what dvc prints', () => {
  const files = (k: number) => ({
    'dvc.yaml':
      'stages:\n  train:\n    cmd: echo\n    params: [lr]\n    metrics:\n      - m.json:\n          cache: false\n',
    'params.yaml': `lr: ${0.1 * (k + 1)}\n`,
    'm.json': JSON.stringify({ acc: 0.5 + k / 10, n: 3 }),
  });
  const dir = dvcRepo(files(0), 'mlops-cli-diff-');
  for (const [p, text] of Object.entries(files(1))) writeFileSync(join(dir, p), text);
  for (const verb of ['metrics', 'params']) {
    const ours = mlops([verb, 'diff', '--json'], dir);
    assert.equal(ours.code, 0, ours.stderr);
    assert.deepEqual(JSON.parse(ours.stdout), JSON.parse(dvc(dir, verb, 'diff', '--json')), verb);
  }
  assert.equal(mlops(['metrics', 'nope'], dir).code, 2);
});

test('plots diff --json through the shipped launcher (its own bundle, rows written as bytes): the rows dvc gives; a secret in a cell still redacted', () => {
  // Rows of numbers (written unscanned) in a CSV and a JSON list, changed between HEAD and the working copy.
  const files = (k: number) => ({
    'dvc.yaml':
      'stages:\n  train:\n    cmd: echo\n    plots:\n      - loss.csv:\n          cache: false\n          x: step\n          y: loss\n' +
      'plots:\n  - roc.json:\n      x: fpr\n      y: tpr\n',
    'loss.csv': `step,loss\n${Array.from({ length: 300 }, (_, i) => `${i},${(1 / (1 + i + k)).toFixed(6)}`).join('\n')}\n`,
    'roc.json': JSON.stringify({
      roc: Array.from({ length: 300 }, (_, i) => ({ fpr: i / 300, tpr: Math.sqrt(i / 300) / (1 + k) })),
    }),
  });
  const dir = dvcRepo(files(0), 'mlops-cli-plots-');
  for (const [p, text] of Object.entries(files(1))) writeFileSync(join(dir, p), text);
  type Json = { data: Record<string, { anchor_definitions?: Record<string, unknown>; content?: unknown }[]> };
  const ours = mlops(['plots', 'diff', '--json'], dir);
  assert.equal(ours.code, 0, ours.stderr);
  const theirs = JSON.parse(dvc(dir, 'plots', 'diff', '--json', '--split')) as Json;
  for (const renderers of Object.values(theirs.data)) for (const r of renderers) delete r.content;
  assert.deepEqual(JSON.parse(ours.stdout), theirs);
  // A cell holding a URL with a password: that piece goes through the stream's redaction, as every output does.
  writeFileSync(join(dir, 'loss.csv'), 'step,loss\n0,0.5\n1,https://alice:hunter2@example.com/x\n');
  const redacted = mlops(['plots', 'diff', '--json'], dir);
  assert.equal(redacted.code, 0, redacted.stderr);
  assert.ok(!redacted.stdout.includes('hunter2'));
  assert.ok(redacted.stdout.includes('https://alice:***@example.com/x'));
});

test('plots diff --json of 120k rows through a pipe: each megabyte piece written while the next is made gives the bytes made in-process; a reader that stops early ends it quietly', async () => {
  const files = (k: number) => ({
    'dvc.yaml': 'plots:\n  - loss.csv:\n      x: step\n      y: loss\n  - roc.json:\n      x: fpr\n      y: tpr\n',
    'loss.csv': `step,loss\n${Array.from({ length: 30_000 }, (_, i) => `${i},${(1 / (1 + i + k)).toFixed(6)}`).join('\n')}\n`,
    'roc.json': JSON.stringify({ roc: Array.from({ length: 30_000 }, (_, i) => ({ fpr: i / 3e4, tpr: k + i / 7 })) }),
  });
  const dir = dvcRepo(files(0), 'mlops-cli-plots-pipe-');
  for (const [p, text] of Object.entries(files(1))) writeFileSync(join(dir, p), text);
  const piped = spawnSync(process.execPath, [CLI, 'plots', 'diff', '--json'], { cwd: dir, maxBuffer: 1 << 28 });
  assert.equal(piped.status, 0, piped.stderr.toString());
  assert.ok(piped.stdout.length > 4_000_000, 'several pieces');
  // In-process the pieces are taken as text, one at a time.
  const inProcess = await runCli(['plots', 'diff', '--json'], dir);
  assert.equal(piped.stdout.toString('utf8'), inProcess.stdout);
  await endsQuietlyWhenTheReaderStops(['plots', 'diff', '--json'], dir);
});

test('exp list through the shipped launcher (its own bundle): a project in a subfolder, an experiment dvc made', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-cli-exp-list-'));
  const sub = join(root, 'project');
  mkdirSync(sub);
  writeFileSync(join(sub, 'params.yaml'), 'train:\n  lr: 0.1\n');
  writeFileSync(
    join(sub, 'train.py'),
    "import json, yaml\nlr = yaml.safe_load(open('params.yaml'))['train']['lr']\njson.dump({'acc': lr * 2}, open('m.json', 'w'))\n",
  );
  writeFileSync(
    join(sub, 'dvc.yaml'),
    'stages:\n  train:\n    cmd: python train.py\n    deps: [train.py]\n    params: [train]\n    metrics:\n      - m.json:\n          cache: false\n',
  );
  git(root, 'init', '-q');
  dvc(sub, 'init', '--subdir', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'init');
  dvc(sub, 'exp', 'run', '-S', 'train.lr=0.25', '-n', 'theirs');

  const json = mlops(['exp', 'list', '--json'], sub);
  assert.equal(json.code, 0, json.stderr);
  const [listed, ...others] = (
    JSON.parse(json.stdout) as { experiments: { name: string; params: object; metrics: object; source: string }[] }
  ).experiments;
  assert.deepEqual(others, []);
  assert.equal(listed?.name, 'theirs');
  assert.equal(listed?.source, 'dvc');
  assert.deepEqual(listed?.params, { 'train.lr': '0.25' });
  assert.deepEqual(listed?.metrics, { acc: 0.5 });
  const text = mlops(['exp', 'list'], sub);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^theirs\t[0-9a-f]{7}\tdvc\tacc=0\.5000\n$/);

  const outside = mlops(['exp', 'list', '--json'], mkdtempSync(join(tmpdir(), 'mlops-cli-no-git-')));
  assert.equal(outside.code, 2);
  assert.equal(outside.stdout, '');
  assert.match(outside.stderr, /^mlops exp list: .* is not in a git repository\n$/);
});

for (const name of [
  'iterative__example-get-started',
  'iterative__example-get-started-experiments',
  'lenskit__lk-demo-experiment',
]) {
  test(`dag --format dot draws what real \`dvc dag --dot\` draws: ${name}`, () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mlops-cli-dag-')), 'repo');
    cpSync(join(CORPUS, name), dir, { recursive: true });
    const dvcBin = join(venvBin(), 'dvc');
    execFileSync(dvcBin, ['init', '--no-scm', '--quiet'], { cwd: dir, env: venvEnv() });
    const theirs = execFileSync(dvcBin, ['dag', '--dot'], { cwd: dir, env: venvEnv(), encoding: 'utf8' });
    const ours = mlops(['dag', '--format', 'dot'], dir);
    assert.equal(ours.code, 0, ours.stderr);
    assert.deepEqual(dotLines(ours.stdout), dotLines(theirs));
  });
}

test('drift through the shipped bundle: both files read on threads (dist/drift-reader.js), the same report as in-process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-drift-'));
  const rows = (shift: number) =>
    [
      'x,plan',
      ...Array.from({ length: 5_000 }, (_, i) => `${((i * 7919) % 997) / 10 + shift},${i % 3 ? 'pro' : 'free'}`),
    ].join('\n');
  writeFileSync(join(dir, 'ref.csv'), rows(0));
  writeFileSync(join(dir, 'cur.parquet'), 'not parquet');
  writeFileSync(join(dir, 'cur.csv'), rows(5));
  const args = ['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--format', 'json'];
  const shipped = mlops(args, dir);
  assert.equal(shipped.code, 0, shipped.stderr);
  const inProcess = await runCli(args, dir);
  assert.deepEqual(JSON.parse(shipped.stdout), JSON.parse(inProcess.stdout));
  assert.equal((JSON.parse(shipped.stdout) as { columns: { drift: boolean }[] }).columns[0]?.drift, true);
  const bad = mlops(['drift', '--reference', 'ref.csv', '--current', 'cur.parquet'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cur\.parquet: not a readable Parquet file/);
});

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

test('mlops dag | head -c1: the closed pipe ends the output quietly, no EPIPE stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-epipe-'));
  const stages = Array.from({ length: 3000 }, (_, i) => `  s${i}:\n    cmd: echo ${i}\n    outs: [o${i}]\n`).join('');
  writeFileSync(join(dir, 'dvc.yaml'), `stages:\n${stages}`);
  await endsQuietlyWhenTheReaderStops(['dag', '--format', 'json'], dir);
});

test('names with terminal control sequences and bidi overrides are printed escaped by validate, dag, status and runs list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-ctl-'));
  const evil = 'ev\\e]0;pwned\\aX\\u202Eil';
  writeFileSync(join(dir, 'dvc.yaml'), `stages:\n  "${evil}":\n    cmd: echo hi\n    nonsense: 1\n`);
  // A raw BEL, ESC or right-to-left override anywhere in the output fails the test.
  const raw = (s: string) => s.includes('\u0007') || s.includes('\u001b') || s.includes('\u202e');
  const outputs = [
    mlops(['validate'], dir),
    mlops(['dag', '--format', 'mermaid'], dir),
    mlops(['status', '--no-daemon'], dir),
  ];
  writeFileSync(join(dir, 'dvc.yaml'), `stages:\n  "${evil}":\n    cmd: echo hi\n`);
  const run = mlops(['run', '--experiment', 'exp\u001b]0;t\u0007\u202e'], dir);
  assert.equal(run.code, 0, run.stderr);
  outputs.push(run, mlops(['runs', 'list'], dir));
  for (const r of outputs) {
    assert.ok(!raw(r.stdout + r.stderr), JSON.stringify(r));
  }
  assert.match(outputs[0]?.stdout ?? '', /ev\\u001b\]0;pwned\\u0007X\\u202eil/);
  assert.match(outputs[4]?.stdout ?? '', /exp\b.*\\u202e/);
});

test('credentials in a tracking URI are redacted from every message: the password never reaches stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-secret-'));
  // Port 9 (discard) on loopback refuses at once: the error names the server it failed on.
  const r = spawnSync(process.execPath, [CLI, 'runs', 'list', '--tracking-uri', 'http://alice:hunter2@127.0.0.1:9/'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MLFLOW_TRACKING_TOKEN: '' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /http:\/\/alice:\*\*\*@127\.0\.0\.1:9/);
  assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
});
