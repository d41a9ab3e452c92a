// Issue 17 in real VS Code (code-server in Chromium): with `mlops.executor: ray`, "MLOps: Run Pipeline"
// sends the example's stages to a real Ray head as one job, streams their `[stage]` logs into the run's
// terminal, writes dvc.lock here from the outputs that came back, and the run is FINISHED in the real
// MLflow server the settings name — read back with MLflow's own Python client.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server';
import { listJobs, startRayHead, type RayHead } from '../support/ray-head';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';

let vs: Workbench;
let mlflow: MlflowServer;
let head: RayHead;

before(async () => {
  [mlflow, head] = await Promise.all([startMlflowServer(), startRayHead()]);
  vs = await launch({
    name: 'ray-run',
    settings: { 'mlops.executor': 'ray', 'mlops.ray.address': head.address, 'mlops.tracking.uri': mlflow.url },
  });
});
after(async () => {
  await vs?.close();
  head?.stop();
  await mlflow?.stop();
});

test('Run Pipeline with mlops.executor = ray: the stages run on the cluster, logs stream, dvc.lock is written here', async () => {
  await vs.waitForActivation();
  await vs.runCommand('MLOps: Run Pipeline');
  const log = await eventually(
    'the run to end in the terminal',
    async () => {
      const text = await vs.terminalText().catch(() => '');
      return /^Run \w+ (FINISHED|FAILED|KILLED)/m.test(text) ? text : undefined;
    },
    240_000,
  );
  await vs.shot('1-terminal');
  const ended = /^Run (\w+) (\w+) \(experiment (.+)\)$/m.exec(log);
  assert.equal(ended?.[2], 'FINISHED', `the run finished:\n${log}`);
  assert.match(log, /\[train\] train: 60 epochs/, 'the stage output came back from the cluster');
  assert.ok(existsSync(join(vs.folder, 'dvc.lock')) && existsSync(join(vs.folder, 'model.json')));
  const status = mlflow.pythonJson(`
import json, mlflow
r = mlflow.MlflowClient().get_run(${JSON.stringify(ended?.[1])})
print(json.dumps([r.info.status, sorted(r.data.tags.get(k, "") for k in ["mlops.failure"])]))`);
  assert.deepEqual(status, ['FINISHED', ['']]);
  const jobs = await listJobs(head.address);
  assert.equal(jobs.filter((j) => j.status === 'SUCCEEDED').length, 1, 'exactly one Ray job ran the pipeline');
});
