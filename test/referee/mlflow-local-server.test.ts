// A workspace whose runs were logged by plain Python `mlflow` into ./mlflow.db or ./mlruns: we start a real
// `mlflow server` over it (local-server.ts), list the run through our MLflow store, stop it, and check that
// its whole process group is gone. The server must listen on loopback only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  LocalMlflowError,
  startLocalMlflowServer,
  type LocalMlflowServer,
} from '../../src/core/tracking/mlflow/local-server';
import { MlflowTrackingStore } from '../../src/core/tracking/mlflow/store';
import { mlflowTestEnv, mlflowWorkspace, type MlflowWorkspace } from '../support/mlflow-workspace';
import { venvBin } from '../support/python';

/** The test's environment without the venv on PATH, so finding `mlflow` is up to local-server.ts. */
const envWithoutVenv = (): NodeJS.ProcessEnv => ({ ...mlflowTestEnv(), PATH: process.env.PATH ?? '' });

async function listsTheRun(server: LocalMlflowServer, ws: MlflowWorkspace): Promise<void> {
  const store = new MlflowTrackingStore({ trackingUri: server.url });
  const exp = await store.getExperimentByName('local-exp');
  assert.equal(exp?.id, ws.experimentId);
  const runs = (await store.searchRuns({ experimentIds: [exp.id] })).items;
  assert.deepEqual(
    runs.map((r) => [r.id, r.name, r.status, r.params, r.metrics]),
    [[ws.runId, 'py-run', 'FINISHED', { lr: '0.1' }, { loss: 0.2 }]],
  );
  assert.deepEqual(
    (await store.getMetricHistory(ws.runId, 'loss')).items.map((p) => p.step),
    [0, 1, 2, 3, 4],
  );
}

/**
 * The port's listening socket is bound to 127.0.0.1 (the kernel's own table, /proc/net/tcp and tcp6, so this holds
 * on a host with no other address too), and nothing answers through any non-loopback IPv4 address there is.
 */
async function notReachableOffLoopback(port: number): Promise<void> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const listening = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN.
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map((f) => f[1]!.split(':')[0]!),
  );
  assert.deepEqual(listening, ['0100007F'], `port ${port} listens on ${listening.join(', ')}, not on 127.0.0.1 only`);
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
  for (const host of addresses) {
    const outcome = await new Promise<string>((resolve) => {
      const s = connect({ host, port, timeout: 2_000 });
      s.once('connect', () => (s.destroy(), resolve('connected')));
      s.once('timeout', () => (s.destroy(), resolve('timeout')));
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    assert.notEqual(outcome, 'connected', `the server answers on ${host}:${port}: it must bind 127.0.0.1 only`);
  }
}

/** Pids of live processes whose working folder is `folder` (the server runs in the workspace folder). */
function processesIn(folder: string): number[] {
  const real = realpathSync(folder);
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === real;
      } catch {
        return false; // gone meanwhile, or not ours to look at
      }
    })
    .map(Number);
}

async function stopsCompletely(server: LocalMlflowServer, folder: string): Promise<void> {
  assert.ok(processesIn(folder).includes(server.pid), 'the server runs in the workspace folder');
  await server.stop();
  assert.deepEqual(processesIn(folder), []);
  assert.throws(
    () => process.kill(-server.pid, 0),
    (err: NodeJS.ErrnoException) => err.code === 'ESRCH',
    'no process of its group is left',
  );
  await assert.rejects(fetch(`${server.url}/health`), 'nothing listens on the port any more');
  await server.stop(); // a second stop is harmless
}

test('mlflow.db logged by Python: started from the workspace .venv on 127.0.0.1, its run listed, then stopped', {
  timeout: 300_000,
}, async (t) => {
  const ws = mlflowWorkspace('sqlite');
  symlinkSync(dirname(venvBin()), join(ws.folder, '.venv'));
  let output = '';
  const server = await startLocalMlflowServer({
    folder: ws.folder,
    env: envWithoutVenv(),
    onOutput: (text) => (output += text),
  });
  try {
    t.diagnostic(`mlflow.db: server answered /health ${server.startMs} ms after spawn`);
    assert.equal(server.store.kind, 'sqlite');
    assert.equal(server.store.backendStoreUri, `sqlite:///${join(ws.folder, 'mlflow.db')}`);
    assert.equal(server.mlflow.source, 'workspace venv');
    assert.equal(server.mlflow.executable, join(ws.folder, '.venv', 'bin', 'mlflow'));
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(output.length > 0, 'the server output is passed on');
    await listsTheRun(server, ws);
    await notReachableOffLoopback(Number(new URL(server.url).port));
  } finally {
    await stopsCompletely(server, ws.folder);
    ws.remove();
  }
});

test('mlruns/ file store logged by Python: started from the selected interpreter with the file store allowed', {
  timeout: 300_000,
}, async (t) => {
  const ws = mlflowWorkspace('file');
  const env = envWithoutVenv();
  delete env.MLFLOW_ALLOW_FILE_STORE; // local-server.ts has to set it itself
  const server = await startLocalMlflowServer({ folder: ws.folder, selectedPythonBin: venvBin(), env });
  try {
    t.diagnostic(`mlruns/: server answered /health ${server.startMs} ms after spawn`);
    assert.equal(server.store.kind, 'file');
    assert.equal(server.mlflow.source, 'selected interpreter');
    await listsTheRun(server, ws);
  } finally {
    await stopsCompletely(server, ws.folder);
    ws.remove();
  }
});

test('an mlflow.db that is not a database: the error names the cause, and no process is left behind', {
  timeout: 300_000,
}, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-ws-bad-'));
  writeFileSync(join(folder, 'mlflow.db'), 'not a database '.repeat(100));
  try {
    await assert.rejects(
      startLocalMlflowServer({ folder, selectedPythonBin: venvBin(), env: envWithoutVenv() }),
      (err: unknown) =>
        err instanceof LocalMlflowError &&
        err.reason === 'failed-to-start' &&
        /over mlflow\.db exited \(1\) before it was ready: .*file is not a database/.test(err.message) &&
        /sqlite3.DatabaseError/.test(err.output),
    );
    assert.deepEqual(processesIn(folder), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
