// The experiment queue with real processes, real git and real DVC as referee: a sweep of 4 on the example
// runs two at a time in isolated workspaces while the working copy stays byte-identical, DVC lists and
// applies the results; a worker SIGKILLed mid-queue fails only its own experiment and the queue goes on.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { venvEnv } from '../support/python';
import { dvc, dvcRepo, dvcStatus, exampleRepo, git } from '../support/runner-workspace';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
});

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: venvEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of the working copy (not git's, DVC's cache and tmp, or ours) → its bytes' hash and mode. */
function fingerprint(root: string): string {
  const skip = new Set(['.git', '.mlops', join('.dvc', 'tmp'), join('.dvc', 'cache')]);
  const lines: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const rel = relative(root, abs);
      if (skip.has(rel)) continue;
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else lines.push(`${rel} ${st.mode} ${createHash('sha1').update(readFileSync(abs)).digest('hex')}`);
    }
  };
  walk(root);
  return lines.join('\n');
}

interface QueueStatus {
  runner: { pid: number } | null;
  experiments: { name: string; status: string; message: string | null; run: string | null }[];
}

const status = (root: string): QueueStatus =>
  JSON.parse(mlops(root, 'queue', 'status', '--json').stdout) as QueueStatus;

function startQueue(root: string, ...args: string[]) {
  const child = spawn(process.execPath, [CLI, 'queue', 'start', ...args], { cwd: root, env: venvEnv(), stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exited, stderr: () => stderr };
}

test('a sweep of 4 on the example, 2 at a time: the working copy never changes, DVC lists and applies the results', async () => {
  const root = exampleRepo();
  // An uncommitted change is part of every experiment (the workspace snapshot), as with dvc exp run --queue.
  writeFileSync(
    join(root, 'params.yaml'),
    readFileSync(join(root, 'params.yaml'), 'utf8').replace('l2: 0.001', 'l2: 0.002'),
  );
  const queued = mlops(
    root,
    'exp',
    'run',
    '--queue',
    '-S',
    'train.lr=0.05,0.2',
    '-S',
    'train.epochs=range(20,41,20)',
    '--json',
  );
  assert.equal(queued.code, 0, queued.stderr);
  const names = (JSON.parse(queued.stdout) as { queued: { name: string }[] }).queued.map((q) => q.name);
  assert.equal(names.length, 4);

  const before = fingerprint(root);
  const run = startQueue(root, '-j', '2');
  let checks = 0;
  let code: number | null | undefined;
  void run.exited.then((c) => (code = c));
  while (code === undefined) {
    assert.equal(fingerprint(root), before, 'the working copy changed while the queue ran');
    checks++;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(code, 0, run.stderr());
  assert.ok(checks > 1);
  assert.equal(fingerprint(root), before);
  assert.deepEqual(
    status(root).experiments.map((e) => e.status),
    ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS'],
  );

  const listed = (
    JSON.parse(mlops(root, 'exp', 'list', '--json').stdout) as {
      experiments: { name: string; params: Record<string, string>; metrics: Record<string, number>; run: string }[];
    }
  ).experiments;
  const grid = listed.map((e) => `${e.params['train.lr']}/${e.params['train.epochs']}/${e.params['train.l2']}`).sort();
  assert.deepEqual(grid, ['0.05/20/0.002', '0.05/40/0.002', '0.2/20/0.002', '0.2/40/0.002']);
  assert.ok(listed.every((e) => typeof e.run === 'string'));

  const shown = JSON.parse(dvc(root, 'exp', 'show', '--json')) as {
    experiments:
      | { revs: { name: string; data: { metrics: Record<string, { data: { accuracy: number; loss: number } }> } }[] }[]
      | null;
  }[];
  const theirs = new Map(
    shown.flatMap((b) => (b.experiments ?? []).flatMap((e) => e.revs.map((r) => [r.name, r] as const))),
  );
  for (const e of listed)
    assert.equal(theirs.get(e.name)?.data.metrics['metrics.json']?.data.loss, e.metrics.loss, e.name);

  const best = [...listed].sort((a, b) => (a.metrics.loss ?? 0) - (b.metrics.loss ?? 0))[0]!;
  git(root, 'checkout', '--', 'params.yaml');
  dvc(root, 'exp', 'apply', best.name);
  assert.deepEqual(dvcStatus(root), {});
  assert.equal(
    readdirSync(join(root, '.dvc', 'tmp', 'exps')).filter((n) => n.startsWith('mlops-')).length,
    0,
    'workspaces removed',
  );
  assert.equal(git(root, 'for-each-ref', 'refs/mlops'), '', 'snapshot refs dropped');
});

test('a worker SIGKILLed mid-queue: its experiment FAILED, the ones after it still run', async () => {
  const hold = join(dvcRepo({}, 'mlops-hold-'), 'hold');
  writeFileSync(hold, '');
  const root = dvcRepo({
    'params.yaml': 'slow: 0\nx: 0\n',
    'step.py': [
      'import json, os, sys, time, yaml',
      'p = yaml.safe_load(open("params.yaml"))',
      `while p["slow"] and os.path.exists(${JSON.stringify(hold)}):`,
      '    time.sleep(0.05)',
      'json.dump({"x": p["x"]}, open("out.json", "w"))',
      '',
    ].join('\n'),
    'dvc.yaml':
      'stages:\n  step:\n    cmd: python step.py\n    deps: [step.py]\n    params: [slow, x]\n    metrics:\n      - out.json:\n          cache: false\n',
  });
  for (const [slow, x] of [
    [0, 1],
    [1, 2],
    [0, 3],
  ])
    assert.equal(mlops(root, 'exp', 'run', '--queue', '-S', `slow=${slow}`, '-S', `x=${x}`, '-n', `x${x}`).code, 0);
  const run = startQueue(root, '-j', '1');
  let victim: number | undefined;
  const deadline = Date.now() + 120_000;
  while (victim === undefined) {
    assert.ok(Date.now() < deadline, `x2 never ran within two minutes: ${run.stderr()}`);
    const e = status(root).experiments.find((x) => x.name === 'x2' && x.status === 'RUNNING') as
      | { id: string }
      | undefined;
    const log = join(root, '.mlops', 'queue');
    // x2's own log shows its stage running (x1's log has the same line).
    if (
      e &&
      existsSync(join(log, `${e.id}.log`)) &&
      readFileSync(join(log, `${e.id}.log`), 'utf8').includes('[step] >')
    ) {
      const entry = JSON.parse(readFileSync(join(log, `${e.id}.json`), 'utf8')) as { pid?: number };
      victim = entry.pid;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.kill(victim, 'SIGKILL');
  const code = await run.exited;
  rmSync(hold); // lets the orphaned stage process of the killed worker end
  assert.equal(code, 1, run.stderr());
  const ended = status(root).experiments.map((e) => [e.name, e.status]);
  assert.deepEqual(ended, [
    ['x1', 'SUCCESS'],
    ['x2', 'FAILED'],
    ['x3', 'SUCCESS'],
  ]);
  assert.match(status(root).experiments[1]?.message ?? '', /killed by SIGKILL/);
  // Its tracked run, recorded as the worker began, is ended FAILED by the queue: not left RUNNING.
  const victimRun = (status(root).experiments[1] as { run?: string | null }).run;
  assert.ok(victimRun, 'the killed worker had recorded its run in its queue entry');
  const shown = JSON.parse(mlops(root, 'runs', 'show', victimRun, '--json').stdout) as { status: string };
  assert.equal(shown.status, 'FAILED');
  const listed = JSON.parse(mlops(root, 'exp', 'list', '--json').stdout) as { experiments: { name: string }[] };
  assert.deepEqual(listed.experiments.map((e) => e.name).sort(), ['x1', 'x3']);
  assert.ok(!existsSync(join(root, 'out.json')), 'the working copy was never written');
  assert.deepEqual(
    readdirSync(join(root, '.dvc', 'tmp', 'exps')).filter((n) => n.startsWith('mlops-')),
    [],
    'its workspace removed',
  );
  assert.equal(git(root, 'for-each-ref', 'refs/mlops'), '', 'its snapshot ref dropped');
});
