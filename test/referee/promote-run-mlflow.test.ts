// Retrain → Promote on an MLflow backend, refereed by MLflow's own Python client: the retrained run's model output
// is registered as a version of the model dvc.yaml declares and the `prod` alias is set on it;
// `MlflowClient().get_model_version_by_alias` must return that version (MLflow numbers it; its run the retrained
// run; its `mlops.version` tag the semantic version we gave it). Two promotions in a row: the second is the next
// semantic version, not `v1.0.0` again. One real `mlflow server` for the file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, openTrackingStore, resolveBackend } from '../../src/core/backend';
import { nodeFileSystem } from '../../src/core/fs';
import { registerAndPromote } from '../../src/core/registry/promote-run';
import type { Run } from '../../src/core/tracking/types';
import { type MlflowServer, startMlflowServer } from '../support/mlflow-server';

let server: MlflowServer;
before(async () => {
  server = await startMlflowServer();
});
after(async () => {
  await server?.stop();
});

test('two promotions: each sets the prod alias on the next version; MLflow reads back the version we promoted', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-promote-mlflow-'));
  writeFileSync(
    join(root, 'dvc.yaml'),
    'stages:\n  train:\n    cmd: python train.py\n    outs:\n      - model.json\nartifacts:\n  clf:\n    path: model.json\n    type: model\n',
  );
  writeFileSync(join(root, 'model.json'), '{"weights": [1]}\n');
  const backend = resolveBackend(server.url, root, () => ({ kind: 'none' }));
  const store = openTrackingStore(backend);
  const registry = await openRegistry(backend, root, 'unused');
  const exp = await store.createExperiment('retrain');

  async function retrained(md5: string): Promise<Run> {
    const run = await store.createRun({ experimentId: exp.id, name: `retrain-${md5[0]}`, git: null });
    await store.recordOutputs(run.id, [{ path: 'model.json', md5 }]);
    await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
    return (await store.getRun(run.id))!;
  }

  /** The version holding the alias, as MLflow's Python client reads it. */
  const byAlias = (): { version: string; run_id: string; label: string | undefined } =>
    server.pythonJson(`
import json
from mlflow import MlflowClient
v = MlflowClient().get_model_version_by_alias("clf", "prod")
print(json.dumps({"version": v.version, "run_id": v.run_id, "label": v.tags.get("mlops.version")}))
`);

  const first = await retrained('a'.repeat(32));
  assert.deepEqual(await registerAndPromote(registry, first, root, nodeFileSystem, 'prod'), {
    model: 'clf',
    version: 'v1.0.0',
    stage: 'prod',
  });
  assert.deepEqual(byAlias(), { version: '1', run_id: first.id, label: 'v1.0.0' });

  // The second retrain counts from our label (MLflow's number "1" is no semantic version): v1.0.1, MLflow's 2.
  const second = await retrained('b'.repeat(32));
  assert.deepEqual(await registerAndPromote(registry, second, root, nodeFileSystem, 'prod'), {
    model: 'clf',
    version: 'v1.0.1',
    stage: 'prod',
  });
  assert.deepEqual(byAlias(), { version: '2', run_id: second.id, label: 'v1.0.1' });

  // Our registry reads the same: prod moved to version 2, version 1 kept.
  const model = await registry.getModel('clf');
  assert.deepEqual(
    model?.versions.map((v) => [v.version, v.label, v.aliases, v.runId]),
    [
      ['2', 'v1.0.1', ['prod'], second.id],
      ['1', 'v1.0.0', [], first.id],
    ],
  );
});
