// Experiments while they run and as they were queued, with real processes, git and DVC: a `--temp` run's row in
// the table (core's loadExperiments, what the workspace model reads) shows the metric its stage logged live
// before the stage ends; `--no-run-cache` re-runs a command DVC's run cache holds (and is kept with `--queue`);
// each queued experiment runs on the executor it was queued with, whatever the queue was started with.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiments } from '../../src/core/experiments/table-load';
import { venvEnv } from '../support/python';
import { dvc, dvcRepo } from '../support/runner-workspace';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
});

function mlops(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...venvEnv(), ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves with the child's exit code; kills it and rejects after `ms`. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${ms} ms`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a running --temp experiment shows the metric its stage logged live, before the stage ends', async () => {
  const hold = join(dvcRepo({}, 'mlops-hold-'), 'hold');
  writeFileSync(hold, '');
  const root = dvcRepo({
    'params.yaml': 'lr: 0.1\n',
    'train.py': [
      'import json, os, time',
      'with open(os.environ["MLOPS_METRICS_FILE"], "a") as f:',
      '    f.write(json.dumps({"key": "loss", "value": 0.5, "step": 1}) + "\\n")',
      'end = time.time() + 60',
      `while os.path.exists(${JSON.stringify(hold)}) and time.time() < end:`,
      '    time.sleep(0.05)',
      'json.dump({"loss": 0.25}, open("metrics.json", "w"))',
      '',
    ].join('\n'),
    'dvc.yaml':
      'stages:\n  train:\n    cmd: python train.py\n    deps: [train.py]\n    params: [lr]\n    metrics:\n      - metrics.json:\n          cache: false\n',
  });
  const child = spawn(process.execPath, [CLI, 'exp', 'run', '--temp', '-n', 'live', '-S', 'lr=0.2'], {
    cwd: root,
    env: venvEnv(),
    stdio: 'ignore',
  });
  const exited = exitWithin(child, 120_000);
  try {
    const running = await until('the running row with its live loss', 60_000, async () => {
      const row = (await loadExperiments(root)).rows.find((r) => r.name === 'live');
      return row?.status === 'running' && row.metrics.loss !== undefined ? row : undefined;
    });
    assert.equal(running.metrics.loss, 0.5);
    assert.equal(running.params.lr, '0.2');
    assert.ok(existsSync(hold), 'the stage was still holding when its metric showed');
  } finally {
    rmSync(hold, { force: true });
  }
  assert.equal(await exited, 0);
  const done = (await loadExperiments(root)).rows.find((r) => r.name === 'live');
  assert.equal(done?.status, 'success');
  assert.deepEqual(done?.metrics, { loss: 0.25 }, "the committed experiment's metrics file, not the live value");
});

test('--no-run-cache runs a command whose run DVC cached; without it the run cache serves; kept with --queue', () => {
  const count = join(dvcRepo({}, 'mlops-count-'), 'runs');
  const root = dvcRepo({
    'params.yaml': 'x: 1\n',
    'step.py': [
      'import yaml',
      `open(${JSON.stringify(count)}, "a").write("run\\n")`,
      'open("out.txt", "w").write(str(yaml.safe_load(open("params.yaml"))["x"]))',
      '',
    ].join('\n'),
    'dvc.yaml':
      'stages:\n  step:\n    cmd: python step.py\n    deps: [step.py]\n    params: [x]\n    outs: [out.txt]\n',
  });
  const runs = () => (existsSync(count) ? readFileSync(count, 'utf8').split('\n').length - 1 : 0);
  dvc(root, 'repro');
  writeFileSync(join(root, 'params.yaml'), 'x: 2\n');
  dvc(root, 'repro');
  writeFileSync(join(root, 'params.yaml'), 'x: 1\n');
  assert.match(
    dvc(root, 'repro'),
    /Stage 'step' is cached - skipping run/,
    'DVC itself restores x=2→1 from its run cache',
  );
  assert.equal(runs(), 2);

  const cached = mlops(root, ['exp', 'run', '--temp', '-S', 'x=2']);
  assert.equal(cached.code, 0, cached.stderr);
  assert.equal(runs(), 2, "DVC's run-cache entry for x=2 served ours: the command did not run");
  const forced = mlops(root, ['exp', 'run', '--temp', '-S', 'x=2', '--no-run-cache']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(runs(), 3, '--no-run-cache ran it');

  assert.equal(mlops(root, ['exp', 'run', '--queue', '-S', 'x=2', '--no-run-cache', '-n', 'again']).code, 0);
  const started = mlops(root, ['queue', 'start']);
  assert.equal(started.code, 0, started.stderr);
  assert.equal(runs(), 4, 'the queued experiment kept --no-run-cache');
  assert.match(readFileSync(join(root, 'out.txt'), 'utf8'), /^1$/, 'the working copy untouched');
});

test('each queued experiment runs on its own executor; those queued without one use the queue start’s', () => {
  const root = dvcRepo({
    'params.yaml': 'x: 1\n',
    'dvc.yaml':
      "stages:\n  step:\n    cmd: python -c \"open('out.txt','w').write('1')\"\n    params: [x]\n    outs: [out.txt]\n",
  });
  // Nothing listens on port 9: a Ray cluster that is down, and an MLflow server Ray would report to.
  const ray = 'http://127.0.0.1:9';
  const mlflow = { MLOPS_TRACKING_URI: 'http://127.0.0.1:9' };
  const noBackend = mlops(root, ['exp', 'run', '--queue', '--executor', 'ray', '--ray-address', ray]);
  assert.equal(noBackend.code, 2);
  assert.match(noBackend.stderr, /reports into MLflow/, 'checked when queued, as queue start checks it');
  assert.equal(mlops(root, ['exp', 'run', '--queue', '-S', 'x=2', '-n', 'here', '--executor', 'local']).code, 0);
  assert.equal(mlops(root, ['exp', 'run', '--queue', '-S', 'x=3', '-n', 'default']).code, 0);

  // The queue's executor is Ray: `here` still runs on this machine; `default` goes to Ray, which is down.
  const first = mlops(root, ['queue', 'start', '--executor', 'ray', '--ray-address', ray], mlflow);
  assert.equal(first.code, 1, first.stderr);
  const status = () =>
    (
      JSON.parse(mlops(root, ['queue', 'status', '--json']).stdout) as {
        experiments: { name: string; status: string; message: string | null; runOn: unknown }[];
      }
    ).experiments;
  assert.deepEqual(
    status().map((e) => [e.name, e.status, e.runOn]),
    [
      ['here', 'SUCCESS', { kind: 'local' }],
      ['default', 'QUEUED', null],
    ],
  );
  assert.match(status()[1]?.message ?? '', /127\.0\.0\.1:9/);

  // The queue's executor is this machine: an experiment queued for Ray still goes there.
  assert.equal(mlops(root, ['queue', 'remove', '--all']).code, 0);
  const queued = mlops(
    root,
    ['exp', 'run', '--queue', '-S', 'x=4', '-n', 'far', '--executor', 'ray', '--ray-address', ray],
    mlflow,
  );
  assert.equal(queued.code, 0, queued.stderr);
  const second = mlops(root, ['queue', 'start'], mlflow);
  assert.equal(second.code, 1, second.stderr);
  const far = status()[0];
  assert.deepEqual([far?.name, far?.status, far?.runOn], ['far', 'QUEUED', { kind: 'ray', address: ray }]);
  assert.match(far?.message ?? '', /127\.0\.0\.1:9/);
});
