// A queue worker that hits an internal error exits, with its experiment FAILED and the error in its entry —
// it does not stay alive, idle (one did for 16 minutes: the live-metrics followers the tracking recorder starts
// with each stage kept ticking when the stage's end never came). The fault is one a real Ray cannot be made to
// produce: a loopback stand-in for the dashboard accepts the job, reports it running with its first stage
// started, then answers a state Ray does not have. Everything else is real: the built CLI's queue and worker,
// git, the example project, and an MLflow server (a run on Ray reports into MLflow).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { listQueue } from '../../src/core/experiments/queue-store';
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server';
import { venvEnv } from '../support/python';
import { exampleRepo } from '../support/runner-workspace';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

let mlflow: MlflowServer;
let dashboard: Server;
let address = '';
const dirs: string[] = [];

/** Ray's Jobs API as far as a submission goes; the job's second state read answers a state Ray never reports. */
function fakeDashboard(): Server {
  let reads = 0;
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const json = (body: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url === '/api/version') return json({ ray_version: '2.60.0' });
      if (url.startsWith('/api/packages/')) return json({});
      if (req.method === 'POST' && url === '/api/jobs/')
        return json({
          submission_id: (JSON.parse(Buffer.concat(chunks).toString()) as { submission_id: string }).submission_id,
        });
      if (url.endsWith('/logs')) return json({ logs: '[mlops] running stage prepare\n[prepare] started\n' });
      if (url.endsWith('/stop')) return json({ stopped: true });
      reads++;
      return json({ status: reads === 1 ? 'RUNNING' : 'MIGRATING', message: '', metadata: {} });
    });
  });
}

before(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  dashboard = fakeDashboard();
  await new Promise<void>((r) => dashboard.listen(0, '127.0.0.1', r));
  address = `http://127.0.0.1:${(dashboard.address() as AddressInfo).port}`;
  mlflow = await startMlflowServer();
});
after(async () => {
  dashboard?.closeAllConnections();
  dashboard?.close();
  await mlflow?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a worker whose Ray job answers an unknown state mid-stage: it exits, its experiment FAILED with the reason', async () => {
  const root = exampleRepo();
  dirs.push(root);
  const env = venvEnv({ MLOPS_TRACKING_URI: mlflow.url });
  const queued = spawnSync(process.execPath, [CLI, 'exp', 'run', '--queue', '-S', 'train.lr=0.1'], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(queued.status, 0, queued.stderr);
  // Its own process group: a worker that does not exit is killed with the queue when the test ends.
  const queue = spawn(process.execPath, [CLI, 'queue', 'start', '--executor', 'ray', '--ray-address', address], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  queue.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => queue.on('exit', resolve));
  let code: number | null | 'hung';
  try {
    code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 120_000).unref())]);
  } finally {
    try {
      process.kill(-(queue.pid as number), 'SIGKILL');
    } catch {
      // every process of the group is gone
    }
  }
  assert.equal(code, 1, `the queue (waiting for its worker) ended ${code} within two minutes; it said: ${stderr}`);
  const [entry] = listQueue(root);
  assert.equal(entry?.status, 'FAILED');
  assert.match(entry?.message ?? '', /Ray reported job \S+ in an unknown state "MIGRATING"/);
  const run = mlflow.pythonJson(`
import json, mlflow
print(json.dumps(mlflow.MlflowClient().get_run(${JSON.stringify(entry?.run)}).info.status))`);
  assert.equal(run, 'FAILED', 'the MLflow run is not left RUNNING');
});
