// Renaming runs through our MLflow store against a real `mlflow server`, refereed by MLflow's Python client:
// the run's name and its `mlflow.runName` tag both change; deleted runs and bad names are refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TrackingError } from '../../src/core/tracking/errors';
import { MlflowTrackingStore } from '../../src/core/tracking/mlflow/store';
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server';

let server: MlflowServer;
let store: MlflowTrackingStore;

before(async () => {
  server = await startMlflowServer();
  store = new MlflowTrackingStore({ trackingUri: server.url });
});
after(async () => server?.stop());

const READ_NAME = `
import json, os
from mlflow.tracking import MlflowClient
r = MlflowClient().get_run(os.environ["RUN_ID"])
print(json.dumps({"name": r.info.run_name, "tag": r.data.tags.get("mlflow.runName")}))
`;

const pythonName = (runId: string): { name: string; tag: string | null } =>
  server.pythonJson(READ_NAME, { RUN_ID: runId });

test('a run renamed through our store has the new name and mlflow.runName tag in MLflow’s Python client', async () => {
  const exp = await store.createExperiment('rename-ours');
  const run = await store.createRun({ experimentId: exp.id, name: 'baseline' });
  await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
  assert.deepEqual(pythonName(run.id), { name: 'baseline', tag: 'baseline' });

  await store.renameRun(run.id, '  lr=0.1 <b>warm</b> ✓  ');
  assert.deepEqual(pythonName(run.id), { name: 'lr=0.1 <b>warm</b> ✓', tag: 'lr=0.1 <b>warm</b> ✓' });
  const ours = (await store.getRun(run.id))!;
  assert.equal(ours.name, 'lr=0.1 <b>warm</b> ✓');
  assert.equal(ours.status, 'FINISHED', 'renaming leaves the status alone');
  assert.deepEqual(
    (await store.searchRuns({ experimentIds: [exp.id], filter: { text: 'WARM' } })).items.map((r) => r.id),
    [run.id],
  );
});

test('a run logged by Python `mlflow` can be renamed through our store', async () => {
  const runId = server
    .python(`
import mlflow
mlflow.set_experiment("rename-python")
with mlflow.start_run(run_name="from-python") as r:
    mlflow.log_metric("loss", 0.5)
print(r.info.run_id)
`)
    .trim()
    .split('\n')
    .pop()!;
  await store.renameRun(runId, 'renamed by mlops');
  assert.deepEqual(pythonName(runId), { name: 'renamed by mlops', tag: 'renamed by mlops' });
  assert.equal((await store.getRun(runId))?.metrics.loss, 0.5);
});

test('bad names are refused before any request; a deleted run is refused by MLflow with its reason', async () => {
  const exp = await store.createExperiment('rename-refused');
  const run = await store.createRun({ experimentId: exp.id, name: 'stays' });
  for (const bad of ['', '  ', 'a\u0000b', 'line\nbreak', 'y'.repeat(251)]) {
    await assert.rejects(
      store.renameRun(run.id, bad),
      (err: unknown) => err instanceof TrackingError && err.code === 'invalid-argument',
    );
  }
  assert.deepEqual(pythonName(run.id), { name: 'stays', tag: 'stays' });

  await store.deleteRun(run.id);
  await assert.rejects(
    store.renameRun(run.id, 'new'),
    (err: unknown) => err instanceof TrackingError && err.code === 'invalid-argument' && /active/i.test(err.message),
  );
  await store.restoreRun(run.id);
  await store.renameRun(run.id, 'new');
  assert.deepEqual(pythonName(run.id), { name: 'new', tag: 'new' });
});

test('renaming a run that does not exist is not-found', async () => {
  await assert.rejects(
    store.renameRun('f'.repeat(32), 'x'),
    (err: unknown) => err instanceof TrackingError && err.code === 'not-found',
  );
});
