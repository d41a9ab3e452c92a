// Our MLflow client through a loopback proxy that injects 5xx, 429, connection resets (before and after
// the server acted), slow answers and delays, in front of a real `mlflow server`. Refereed by MLflow's Python
// client reading the server directly: no metric point lost or duplicated, one run and one model version
// per create, and a clear error when retries run out or nothing listens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TrackingError } from '../../src/core/tracking/errors';
import { MlflowClient } from '../../src/core/tracking/mlflow/client';
import { MlflowRegistryClient } from '../../src/core/tracking/mlflow/registry-client';
import { MlflowTrackingStore } from '../../src/core/tracking/mlflow/store';
import { runCli } from '../support/cli';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy';
import { freePort, startMlflowServer, type MlflowServer } from '../support/mlflow-server';

let server: MlflowServer;
let proxy: FaultProxy;

const LOG_BATCH_CYCLE: Fault[] = [
  'pass',
  '503',
  'reset-after',
  'reset-before',
  'slow',
  '429',
  'delay',
  'reset-after',
  'pass',
];

/** Every kind of fault on log-batch; the first attempt of every create loses its answer after the server acted. */
function plan(endpoint: string, n: number): Fault {
  switch (endpoint) {
    case 'runs/log-batch':
      return LOG_BATCH_CYCLE[n % LOG_BATCH_CYCLE.length]!;
    case 'runs/create':
    case 'model-versions/create':
      return n === 0 ? 'reset-after' : 'pass';
    case 'experiments/create':
      return n === 0 ? 'slow' : 'pass';
    case 'metrics/get-history':
      return n % 2 === 0 ? '503' : 'pass';
    case 'runs/update':
      return n === 0 ? 'reset-after' : 'pass';
    default:
      return 'pass';
  }
}

// The timeout is well above a loaded server's answer time and below the proxy's slow answer (6 s).
const FAST_RETRY = { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 40, timeoutMs: 4000 };

before(async () => {
  server = await startMlflowServer();
  proxy = await startFaultProxy(server.url, plan, 6000);
});
after(async () => {
  await proxy?.close();
  await server?.stop();
});

test('under resets, 5xx, 429 and slow answers: no metric point lost or duplicated, one run, one model version', async () => {
  const client = new MlflowClient({ trackingUri: proxy.url, retry: FAST_RETRY });
  const expId = await client.createExperiment('faults');
  const run = await client.createRun({ experimentId: expId, runName: 'under-fire' });
  const points = Array.from({ length: 3000 }, (_, i) => ({
    key: i % 2 ? 'loss' : 'acc',
    value: i === 11 ? NaN : Math.sin(i),
    step: i,
    timestamp: 1_700_000_000_000 + i,
  }));
  // 30 calls of 100 points, then one of 1000 split across 1 call, each through the fault cycle
  for (let i = 0; i < 2000; i += 100)
    await client.logBatch(run.info.runId, { metrics: points.slice(i, i + 100), params: { [`p${i}`]: String(i) } });
  await client.logBatch(run.info.runId, { metrics: points.slice(2000), tags: { phase: 'bulk' } });
  await client.updateRun(run.info.runId, { status: 'FINISHED', endTime: 1_700_000_100_000 });
  const registry = new MlflowRegistryClient(client.http);
  await registry.createRegisteredModel('fault-model');
  await registry.createModelVersion({
    name: 'fault-model',
    source: `runs:/${run.info.runId}/model`,
    runId: run.info.runId,
  });

  for (const f of ['503', '429', 'reset-after', 'reset-before', 'slow', 'delay'] as Fault[])
    assert.ok((proxy.injected.get(f) ?? 0) > 0, `fault ${f} was injected`);

  const py = server.pythonJson(
    `
import json, math, os
from mlflow.tracking import MlflowClient
c = MlflowClient()
e = c.get_experiment_by_name("faults").experiment_id
runs = c.search_runs([e])
rid = runs[0].info.run_id
h = {k: sorted([m.step, None if math.isnan(m.value) else m.value, m.timestamp] for m in c.get_metric_history(rid, k)) for k in ("acc", "loss")}
print(json.dumps({"experiments": len([x for x in c.search_experiments() if x.name == "faults"]), "runs": len(runs), "id": rid,
  "status": runs[0].info.status, "params": len(runs[0].data.params), "history": h,
  "versions": len(c.search_model_versions("name = 'fault-model'"))}))
`,
  );
  assert.equal(py.experiments, 1);
  assert.equal(py.runs, 1);
  assert.equal(py.id, run.info.runId);
  assert.equal(py.status, 'FINISHED');
  assert.equal(py.params, 20);
  assert.equal(py.versions, 1);
  for (const key of ['acc', 'loss']) {
    const sent = points
      .filter((p) => p.key === key)
      .map((p) => [p.step, Number.isNaN(p.value) ? null : p.value, p.timestamp]);
    assert.deepEqual(py.history[key], sent, `${key}: every point exactly once`);
  }
  // reading back through the faults too: paged history (every other page request fails once)
  const viaProxy = await client.getMetricHistory(run.info.runId, 'loss', 300);
  assert.equal(viaProxy.length, 1500);
  assert.equal(new Set(viaProxy.map((m) => m.step)).size, 1500);
});

test('when retries run out the error says which call failed, how often, and the last answer', async () => {
  const always503 = await startFaultProxy(server.url, () => '503');
  try {
    const store = new MlflowTrackingStore({
      trackingUri: always503.url,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    await assert.rejects(store.listExperiments(), (e: unknown) => {
      assert.ok(e instanceof TrackingError);
      assert.equal(e.code, 'server-error');
      assert.equal(
        e.message,
        `MLflow server at ${always503.url} kept failing POST experiments/search: gave up after 3 attempts (last: 503 injected fault) — check the server's health and logs, then retry`,
      );
      return true;
    });
    assert.equal(always503.injected.get('503'), 3);

    const cli = await runCli(['runs', 'list', '--json'], server.dir, { MLOPS_TRACKING_URI: always503.url });
    assert.equal(cli.code, 1);
    assert.equal(cli.stdout, '');
    assert.match(
      cli.stderr,
      /^mlops runs list: MLflow server at .* kept failing POST experiments\/search: gave up after 6 attempts/,
    );
  } finally {
    await always503.close();
  }
});

test('a server that is not running: unreachable, with how to fix it', async () => {
  const port = await freePort();
  const cli = await runCli(['runs', 'list', '--tracking-uri', `http://127.0.0.1:${port}`], server.dir);
  assert.equal(cli.code, 1);
  assert.equal(
    cli.stderr,
    `mlops runs list: MLflow server at http://127.0.0.1:${port} is unreachable: ECONNREFUSED — is it running? set --tracking-uri / MLOPS_TRACKING_URI\n`,
  );
});

test('connections reset on every attempt end as unreachable after the retries, never as a hang', async () => {
  const resets = await startFaultProxy(server.url, () => 'reset-before');
  try {
    const client = new MlflowClient({
      trackingUri: resets.url,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    await assert.rejects(client.getExperimentByName('faults'), (e: unknown) => {
      assert.ok(e instanceof TrackingError);
      assert.equal(e.code, 'unreachable');
      assert.match(
        e.message,
        /kept failing GET experiments\/get-by-name: gave up after 4 attempts \(last: (ECONNRESET|UND_ERR_SOCKET)\)/,
      );
      return true;
    });
    assert.equal(resets.injected.get('reset-before'), 4);
  } finally {
    await resets.close();
  }
});

test('credentials: basic and bearer headers are sent; 401 and 403 say what to do', async () => {
  const basic = `Basic ${Buffer.from('ana:s3cret').toString('base64')}`;
  const gate = await startFaultProxy(server.url, (_endpoint, _n, auth) =>
    auth === basic || auth === 'Bearer tok-1' ? 'pass' : auth === 'Bearer read-only' ? '403' : '401',
  );
  try {
    const asUser = await runCli(['runs', 'list', '--json'], server.dir, {
      MLOPS_TRACKING_URI: gate.url,
      MLFLOW_TRACKING_USERNAME: 'ana',
      MLFLOW_TRACKING_PASSWORD: 's3cret',
    });
    assert.equal(asUser.code, 0, asUser.stderr);
    const withToken = await runCli(['runs', 'list', '--json'], server.dir, {
      MLOPS_TRACKING_URI: gate.url,
      MLFLOW_TRACKING_TOKEN: 'tok-1',
    });
    assert.equal(withToken.code, 0, withToken.stderr);
    assert.deepEqual(JSON.parse(withToken.stdout), JSON.parse(asUser.stdout));

    const anonymous = await runCli(['runs', 'list'], server.dir, { MLOPS_TRACKING_URI: gate.url });
    assert.equal(anonymous.code, 1);
    assert.match(
      anonymous.stderr,
      /refused the request \(401 Unauthorized\): injected fault — give a token \(MLFLOW_TRACKING_TOKEN\) or a user and password/,
    );
    const readOnly = await runCli(['runs', 'list'], server.dir, {
      MLOPS_TRACKING_URI: gate.url,
      MLFLOW_TRACKING_TOKEN: 'read-only',
    });
    assert.equal(readOnly.code, 1);
    assert.match(
      readOnly.stderr,
      /denied POST experiments\/search \(403 Forbidden\): injected fault — the user needs permission/,
    );
    assert.equal(gate.injected.get('401'), 1, '401 is not retried');
  } finally {
    await gate.close();
  }
});
