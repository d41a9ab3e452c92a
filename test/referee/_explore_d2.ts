import { startMlflowServer } from '../support/mlflow-server';
import { MlflowClient } from '../../src/core/tracking/mlflow/client';
import { MlflowRegistryClient } from '../../src/core/tracking/mlflow/registry-client';
(async () => {
  const t0 = Date.now();
  const s = await startMlflowServer();
  console.log('started in', Date.now() - t0, s.url);
  try {
    const c = new MlflowClient({ trackingUri: s.url });
    const exp = await c.ensureExperiment('e1');
    const run = await c.createRun({ experimentId: exp, runName: 'r1', tags: { 'mlflow.source.git.commit': 'abc' } });
    console.log(JSON.stringify(run));
    await c.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: NaN, step: 0, timestamp: 1 }, { key: 'loss', value: 1, step: 1, timestamp: 2 }, { key: 'loss', value: Infinity, step: 2, timestamp: 3 }], params: { lr: '0.1' } });
    await c.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: 1, step: 1, timestamp: 2 }], params: { lr: '0.1' } });
    console.log(JSON.stringify(await c.getMetricHistory(run.info.runId, 'loss', 1)));
    console.log(JSON.stringify(await c.getRun(run.info.runId)));
    const raw = await (await fetch(`${s.url}/api/2.0/mlflow/runs/get?run_id=${run.info.runId}`)).text();
    console.log(raw);
    const r = new MlflowRegistryClient({ trackingUri: s.url });
    await r.createRegisteredModel('m');
    const mv = await r.createModelVersion({ name: 'm', source: `runs:/${run.info.runId}/model`, runId: run.info.runId });
    console.log(JSON.stringify(mv));
    await r.setAlias('m', 'champion', mv.version);
    console.log(JSON.stringify(await r.getRegisteredModel('m')));
    console.log(JSON.stringify(await r.transitionStage('m', mv.version, 'Production')));
    console.log(JSON.stringify(await r.searchModelVersions({ filter: "name = 'm' and tags.`mlops.request_id` != 'x'" })));
    try { await c.getRun('nope'); } catch (e) { console.log(String(e)); }
    try { await fetch(`${s.url}/api/2.0/mlflow/nope`).then(async r=>console.log(r.status, await r.text())); } catch (e) { console.log(String(e)); }
  } finally { await s.stop(); }
})();
