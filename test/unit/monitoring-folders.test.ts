// Monitoring and the gate in a window of two folders with different .mlops.json: each folder's alerts are its own
// rules on its own store's runs (extension/monitoring/folder-alerts.ts), a rule of the same name firing in both is
// two alerts; Retrain's gate (extension/runner/folder-gate.ts) reads the checks of the folder it ran in, even when
// both folders record into one store (an MLflow server they share), where the run alone cannot tell the folder.
// Real local stores and real config files; no VS Code needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRegistry } from '../../src/core/registry/types';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import type { TrackingStore } from '../../src/core/tracking/types';
import { firingKeys, folderAlerts } from '../../src/extension/monitoring/folder-alerts';
import { folderGate } from '../../src/extension/runner/folder-gate';
import { fileTree } from '../support/file-tree';

async function logRun(store: TrackingStore, experiment: string, metrics: Record<string, number>): Promise<string> {
  const exp = (await store.getExperimentByName(experiment)) ?? (await store.createExperiment(experiment));
  const run = await store.createRun({ experimentId: exp.id, name: `r${Date.now()}` });
  await store.logMetrics(
    run.id,
    Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: Date.now() })),
  );
  await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
  return run.id;
}

const alertsConfig = (below: number) =>
  JSON.stringify({ alerts: [{ name: 'accuracy drop', experiment: 'monitoring', metric: 'accuracy', below }] });

test("each folder's alerts are its own rules on its own store", async () => {
  const strict = fileTree('mlops-alerts-strict-', { '.mlops.json': alertsConfig(0.9) });
  const lax = fileTree('mlops-alerts-lax-', { '.mlops.json': alertsConfig(0.5) });
  const bare = fileTree('mlops-alerts-bare-', { 'dvc.yaml': 'stages: {}\n' });
  const broken = fileTree('mlops-alerts-broken-', { '.mlops.json': '{"alerts": [{"name": "x"}]}' });
  const stores = new Map([strict, lax, bare, broken].map((f) => [f, openLocalStore(workspaceStoreDir(f))]));
  const storeOf = async (f: string) => stores.get(f) as TrackingStore;
  // Both folders' production logged 0.7: below the strict folder's floor, above the lax one's.
  await logRun(stores.get(strict) as TrackingStore, 'monitoring', { accuracy: 0.7 });
  await logRun(stores.get(lax) as TrackingStore, 'monitoring', { accuracy: 0.7 });

  const [a, b, c, d] = await Promise.all([strict, lax, bare, broken].map((f) => folderAlerts(f, storeOf)));
  assert.ok(a?.state === 'evaluated' && b?.state === 'evaluated');
  assert.deepEqual(
    a.alerts.map((x) => [x.name, x.fired]),
    [['accuracy drop', true]],
  );
  assert.deepEqual(
    b.alerts.map((x) => [x.name, x.fired]),
    [['accuracy drop', false]],
  );
  assert.deepEqual(firingKeys(a), [`${strict}\0accuracy drop`]);
  assert.deepEqual(firingKeys(b), []);
  assert.equal(c?.state, 'no-rules');
  assert.ok(d?.state === 'unavailable', JSON.stringify(d));
  assert.match(d.message, /\.mlops\.json/);

  // The lax folder's production drops too: the same rule name fires there as an alert of its own.
  await logRun(stores.get(lax) as TrackingStore, 'monitoring', { accuracy: 0.4 });
  const again = await folderAlerts(lax, storeOf);
  assert.deepEqual(firingKeys(again), [`${lax}\0accuracy drop`]);
});

test("the gate of a run reads the checks of the folder it ran in, a shared store's run included", async () => {
  const first = fileTree('mlops-gate-first-', {
    '.mlops.json': JSON.stringify({ checks: [{ metric: 'accuracy', min: 0.9 }] }),
  });
  const second = fileTree('mlops-gate-second-', {
    '.mlops.json': JSON.stringify({ checks: [{ metric: 'accuracy', min: 0.5 }] }),
  });
  // One store both folders record into, as with one MLflow server: it cannot say which folder a run is of.
  const shared = openLocalStore(workspaceStoreDir(mkdtempSync(join(tmpdir(), 'mlops-gate-shared-'))));
  const runId = await logRun(shared, 'Default', { accuracy: 0.7 });
  const backends = {
    store: async () => shared,
    registry: (): Promise<ModelRegistry> => Promise.reject(new Error('no registry in this test')),
    ofRun: async () => ({ store: shared, folder: first }),
  };
  const verdict = async (folder?: string) => {
    const gate = await folderGate(backends, runId, undefined, folder);
    assert.equal(gate.state, 'checked');
    return gate.state === 'checked' ? gate.report.checks.map((c) => [c.rule, c.passed]) : [];
  };
  assert.deepEqual(await verdict(second), [['accuracy >= 0.5', true]]);
  assert.deepEqual(await verdict(first), [['accuracy >= 0.9', false]]);
  // Without the folder, the first folder recording there (the guess the caller's folder replaces).
  assert.deepEqual(await verdict(), [['accuracy >= 0.9', false]]);
  const missing = await folderGate(backends, 'no-such-run', undefined, second);
  assert.ok(missing.state === 'error' && /no-such-run/.test(missing.message));
});
