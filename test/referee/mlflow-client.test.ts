// Our MLflow client and store against a real `mlflow server`, refereed by MLflow's own Python client:
// what we write, Python reads back; what Python logs, our client and CLI JSON read back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MlflowClient } from '../../src/core/tracking/mlflow/client';
import { MlflowTrackingStore } from '../../src/core/tracking/mlflow/store';
import { runCli } from '../support/cli';
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server';

let server: MlflowServer;
let client: MlflowClient;
let store: MlflowTrackingStore;

before(async () => {
  server = await startMlflowServer();
  client = new MlflowClient({ trackingUri: server.url });
  store = new MlflowTrackingStore({ trackingUri: server.url });
});
after(async () => server?.stop());

/** Python's view of a run: JSON with NaN as null. */
const READ_RUN = `
import json, math, os, sys
from mlflow.tracking import MlflowClient
c = MlflowClient()
r = c.get_run(os.environ["RUN_ID"])
def pts(key):
    return sorted([[m.step, None if math.isnan(m.value) else m.value, m.timestamp] for m in c.get_metric_history(r.info.run_id, key)])
print(json.dumps({
  "name": r.info.run_name, "status": r.info.status, "start": r.info.start_time, "end": r.info.end_time,
  "lifecycle": r.info.lifecycle_stage, "params": r.data.params, "tags": r.data.tags,
  "history": {k: pts(k) for k in r.data.metrics},
}))
`;

const nanToNull = (v: number) => (Number.isNaN(v) ? null : v);

test('a run written through our store reads back identically with MLflow’s Python client', async () => {
  const exp = await store.createExperiment('ours-to-python');
  const run = await store.createRun({
    experimentId: exp.id,
    name: 'baseline <script>alert(1)</script>',
    startTime: 1_700_000_000_000,
    tags: { team: 'vision' },
    git: { commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', dirty: true },
  });
  const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, `value ${i}`])); // > 100: two calls
  await store.logParams(run.id, params);
  const loss = Array.from({ length: 2500 }, (_, i) => ({
    key: 'loss',
    step: i,
    value: i === 7 ? NaN : 1 / (i + 1),
    timestamp: 1_700_000_000_000 + i,
  }));
  await store.logMetrics(run.id, loss); // > 1000: three calls
  await store.recordStage(run.id, {
    name: 'train',
    status: 'FINISHED',
    startTime: 1_700_000_000_100,
    endTime: 1_700_000_000_900,
    durationMs: 800,
    exitCode: 0,
  });
  await store.recordOutputs(run.id, [
    { path: 'models/model.pkl', md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 0, stage: 'train' },
  ]);
  await store.updateRun(run.id, { status: 'FINISHED', endTime: 1_700_000_001_000 });

  const py = server.pythonJson(READ_RUN, { RUN_ID: run.id });
  assert.equal(py.name, 'baseline <script>alert(1)</script>');
  assert.equal(py.status, 'FINISHED');
  assert.equal(py.start, 1_700_000_000_000);
  assert.equal(py.end, 1_700_000_001_000);
  assert.deepEqual(py.params, params);
  assert.equal(py.tags['mlflow.source.git.commit'], 'c0ffee'.padEnd(40, '0'));
  assert.equal(py.tags['mlflow.source.git.branch'], 'main');
  assert.equal(py.tags.team, 'vision');
  assert.deepEqual(
    py.history.loss,
    loss.map((p) => [p.step, nanToNull(p.value), p.timestamp]),
  );

  const back = await store.getRun(run.id);
  assert.ok(back);
  assert.equal(back.status, 'FINISHED');
  assert.equal(back.endTime, 1_700_000_001_000);
  assert.deepEqual(back.git, { commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', dirty: true });
  assert.deepEqual(
    back.stages.map((s) => [s.name, s.status, s.durationMs]),
    [['train', 'FINISHED', 800]],
  );
  assert.deepEqual(
    back.outputs.map((o) => o.path),
    ['models/model.pkl'],
  );
  assert.equal(back.metrics.loss, 1 / 2500);
});

test('runs, histories and model versions logged by Python come out right through our client and CLI JSON', async () => {
  const py = server.pythonJson(
    `
import json, math, mlflow
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient
c = MlflowClient()
exp = c.create_experiment("from-python")
run = c.create_run(exp, run_name="py-run", tags={"mlflow.source.git.commit": "a" * 40, "mlflow.source.git.branch": "dev"})
rid = run.info.run_id
c.log_batch(rid, metrics=[Metric("acc", (s % 10) / 10 if s != 42 else float("nan"), 1700000000000 + s * 7, s) for s in range(1234)],
            params=[mlflow.entities.Param("lr", "0.01"), mlflow.entities.Param("epochs", "12")])
c.set_terminated(rid, "FAILED")
c.create_registered_model("py-model")
for _ in range(3):
    mv = c.create_model_version("py-model", f"runs:/{rid}/model", rid)
c.set_registered_model_alias("py-model", "champion", "2")
c.set_registered_model_alias("py-model", "challenger", "3")
r = c.get_run(rid)
print(json.dumps({"id": rid, "end": r.info.end_time, "start": r.info.start_time,
  "acc": [[m.step, None if math.isnan(m.value) else m.value, m.timestamp] for m in c.get_metric_history(rid, "acc")]}))
`,
  );

  // our client, with small pages so that paging is exercised
  const history = await client.getMetricHistory(py.id, 'acc', 100);
  assert.equal(history.length, 1234);
  const sortByStep = (xs: unknown[][]) => [...xs].sort((a, b) => (a[0] as number) - (b[0] as number));
  assert.deepEqual(sortByStep(history.map((m) => [m.step, nanToNull(m.value), m.timestamp])), sortByStep(py.acc));

  const list = await runCli(
    ['runs', 'list', '--experiment', 'from-python', '--json', '--tracking-uri', server.url],
    server.dir,
  );
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), {
    runs: [
      {
        id: py.id,
        experiment: 'from-python',
        name: 'py-run',
        status: 'FAILED',
        startTime: py.start,
        endTime: py.end,
        params: { lr: '0.01', epochs: '12' },
        metrics: { acc: 0.3 }, // latest = highest step (1233)
        git: { commit: 'a'.repeat(40), branch: 'dev', dirty: false },
      },
    ],
  });

  const show = await runCli(['runs', 'show', py.id, '--json', '--tracking-uri', server.url], server.dir);
  assert.equal(show.code, 0, show.stderr);
  const shown = JSON.parse(show.stdout);
  assert.equal(shown.id, py.id);
  assert.deepEqual(
    sortByStep(
      shown.history.acc.map((p: { step: number; value: number | string; timestamp: number }) => [
        p.step,
        p.value === 'NaN' ? null : p.value,
        p.timestamp,
      ]),
    ),
    sortByStep(py.acc),
  );

  const models = await runCli(['models', 'list', '--json', '--tracking-uri', server.url], server.dir);
  assert.equal(models.code, 0, models.stderr);
  const pyModel = JSON.parse(models.stdout).models.find((m: { name: string }) => m.name === 'py-model');
  assert.deepEqual(pyModel, {
    name: 'py-model',
    versions: ['3', '2', '1'].map((version) => ({
      version,
      stages: [],
      aliases: version === '2' ? ['champion'] : version === '3' ? ['challenger'] : [],
      runId: py.id,
      commit: 'a'.repeat(40),
      path: `runs:/${py.id}/model`,
    })),
  });
});

test('search: filter, order and page tokens agree with MLflow’s Python search_runs', async () => {
  const expId = await client.ensureExperiment('search');
  for (let i = 0; i < 7; i++) {
    const r = await client.createRun({ experimentId: expId, runName: `run-${i}`, startTime: 1_700_000_000_000 + i });
    await client.logBatch(r.info.runId, {
      metrics: [{ key: 'score', value: i % 4, step: 0, timestamp: 1 }],
      params: { parity: i % 2 ? 'odd' : 'even' },
    });
  }
  const filter = "metrics.score >= 1 and params.parity = 'odd'";
  const ours: string[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.searchRuns({
      experimentIds: [expId],
      filter,
      orderBy: ['metrics.score DESC', 'attributes.run_name ASC'],
      maxResults: 2,
      pageToken,
    });
    ours.push(...page.items.map((r) => r.info.runName));
    pageToken = page.nextPageToken;
    pages++;
  } while (pageToken);
  const theirs: string[] = server.pythonJson(
    `
import json
from mlflow.tracking import MlflowClient
c = MlflowClient()
e = c.get_experiment_by_name("search").experiment_id
print(json.dumps([r.info.run_name for r in c.search_runs([e], ${JSON.stringify(filter)}, order_by=["metrics.score DESC", "attributes.run_name ASC"])]))
`,
  );
  assert.deepEqual(ours, theirs);
  assert.deepEqual(ours, ['run-3', 'run-1', 'run-5']);
  assert.equal(pages, 2);

  // the store's structured query gives the same runs
  const viaStore = await store.searchRuns({
    experimentIds: [expId],
    filter: {
      conditions: [
        { kind: 'metric', key: 'score', op: '>=', value: 1 },
        { kind: 'param', key: 'parity', op: '=', value: 'odd' },
      ],
    },
    orderBy: [
      { field: { kind: 'metric', key: 'score' }, descending: true },
      { field: { kind: 'attribute', key: 'name' }, descending: false },
    ],
  });
  assert.deepEqual(
    viaStore.items.map((r) => r.name),
    theirs,
  );
});

test('delete and restore are seen by MLflow; an unknown run is undefined, not an error', async () => {
  const exp = await store.getExperimentByName('search');
  const [victim] = (await store.searchRuns({ experimentIds: [exp!.id], pageSize: 1 })).items;
  await store.deleteRun(victim!.id);
  assert.equal(server.pythonJson(READ_RUN, { RUN_ID: victim!.id }).lifecycle, 'deleted');
  assert.ok(!(await store.searchRuns({ experimentIds: [exp!.id] })).items.some((r) => r.id === victim!.id));
  assert.ok(
    (await store.searchRuns({ experimentIds: [exp!.id], lifecycle: 'deleted' })).items.some((r) => r.id === victim!.id),
  );
  await store.restoreRun(victim!.id);
  assert.equal(server.pythonJson(READ_RUN, { RUN_ID: victim!.id }).lifecycle, 'active');
  assert.equal(await store.getRun('0'.repeat(32)), undefined);
});

test('a stage process gets MLFLOW_TRACKING_URI and MLFLOW_RUN_ID and logs into our run', async () => {
  const exp = await store.createExperiment('env');
  const run = await store.createRun({ experimentId: exp.id, name: 'with-script' });
  server.python(
    `import mlflow\nmlflow.log_metric("from_script", 42.5, step=3)\nmlflow.log_param("script_param", "yes")`,
    store.processEnv(run.id),
  );
  const back = await store.getRun(run.id);
  assert.equal(back!.metrics.from_script, 42.5);
  assert.equal(back!.params.script_param, 'yes');
});

test('stage logs are stored as a run artifact and read back from an offset', async () => {
  const exp = await store.getExperimentByName('env');
  const run = await store.createRun({ experimentId: exp!.id, name: 'logs' });
  await Promise.all([
    store.appendStageLog(run.id, 'train', 'epoch 1\n'),
    store.appendStageLog(run.id, 'train', 'epoch 2\n'),
  ]);
  await store.appendStageLog(run.id, 'train', 'done ✓\n');
  const all = await store.readStageLog(run.id, 'train');
  assert.equal(all.text, 'epoch 1\nepoch 2\ndone ✓\n');
  assert.equal((await store.readStageLog(run.id, 'train', Buffer.byteLength('epoch 1\n'))).text, 'epoch 2\ndone ✓\n');
  const viaPython = server.python(
    `import mlflow, sys\nsys.stdout.write(open(mlflow.artifacts.download_artifacts(run_id="${run.id}", artifact_path="mlops/logs/train.log")).read())`,
  );
  assert.equal(viaPython, 'epoch 1\nepoch 2\ndone ✓\n');
});

test('models registered and promoted through our CLI are seen by Python: alias, run, tags', async () => {
  const exp = await store.createExperiment('registry');
  const run = await store.createRun({
    experimentId: exp.id,
    name: 'train',
    git: { commit: 'b'.repeat(40), branch: 'main', dirty: false },
  });
  await store.recordOutputs(run.id, [{ path: 'model.pkl', md5: '0cc175b9c0f1b6a831c399e269772661' }]);
  const reg = await runCli(
    ['models', 'register', 'churn', '--version', 'v1.0.0', '--run', run.id, '--tracking-uri', server.url],
    server.dir,
  );
  assert.equal(reg.code, 0, reg.stderr);
  const again = await runCli(
    ['models', 'register', 'churn', '--version', 'v1.0.0', '--run', run.id, '--tracking-uri', server.url],
    server.dir,
  );
  assert.equal(again.code, 1);
  assert.match(again.stderr, /churn v1\.0\.0 is already registered/);
  const promote = await runCli(
    ['models', 'promote', 'churn', 'v1.0.0', '--stage', 'production', '--tracking-uri', server.url],
    server.dir,
  );
  assert.equal(promote.code, 0, promote.stderr);
  const py = server.pythonJson(
    `
import json
from mlflow.tracking import MlflowClient
mv = MlflowClient().get_model_version_by_alias("churn", "production")
print(json.dumps({"version": mv.version, "run": mv.run_id, "tags": mv.tags, "source": mv.source}))
`,
  );
  assert.equal(py.version, '1');
  assert.equal(py.run, run.id);
  assert.equal(py.tags['mlops.version'], 'v1.0.0');
  assert.equal(py.tags['mlops.md5'], '0cc175b9c0f1b6a831c399e269772661');
  assert.equal(py.tags['mlops.commit'], 'b'.repeat(40));
  assert.equal(py.source, `runs:/${run.id}/model.pkl`);
});

test('a tracking URI that is not an MLflow server root gets a message saying so', async () => {
  const r = await runCli(['runs', 'list', '--json', '--tracking-uri', `${server.url}/not-here`], server.dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /has no endpoint POST experiments\/search \(404\) — is the tracking URI the server's root/);
  assert.equal(r.stdout, '');
});
