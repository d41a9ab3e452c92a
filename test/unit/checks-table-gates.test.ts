// The Experiments table's gate column (core/checks/table-gates.ts): a badge for each finished experiment only,
// the failing rule named, every rule in the tooltip; each baseline resolved once for all rows; `best` never the
// row's own run; no rules, no gates; rules that cannot be read, a "?" that says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableGates } from '../../src/core/checks';
import type { ExpRow } from '../../src/core/experiments/table-rows';
import type { ModelRegistry } from '../../src/core/registry/types';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { fileTree } from '../support/file-tree';
import { experimentRows } from '../webview/experiment-rows';

async function project(rules: unknown) {
  const dir = fileTree('mlops-table-gates-', rules === undefined ? {} : { '.mlops.json': JSON.stringify(rules) });
  const store = openLocalStore(workspaceStoreDir(dir));
  let registryOpened = 0;
  const openRegistry = (): Promise<ModelRegistry> => {
    registryOpened++;
    return Promise.reject(new Error('no registry in this test'));
  };
  return { dir, store, openRegistry, opened: () => registryOpened };
}

const HEAD = '1'.repeat(40);
const id = (name: string) => `exp:${HEAD}/${name}`;

test('finished experiments get a badge: failing ones name the rule, passing ones ✓; queued and running rows none', async () => {
  const p = await project({
    checks: [
      { metric: 'accuracy', min: 0.55 },
      { metric: 'loss', max_increase: 0.05, against: 'prod', severity: 'warning' },
    ],
  });
  // accuracy = 0.5 + (i*37 % 400)/1000: exp-00000 0.5 and exp-00001 0.537 fail, exp-00002 0.574 passes.
  const rows = experimentRows(40, { running: 1, queued: 1 });
  const gates = await tableGates(rows, { ...p, cwd: p.dir, experiment: 'Default' });
  const finished = rows.filter((r) => r.kind === 'experiment' && r.status === 'success').map((r) => r.id);
  assert.deepEqual(Object.keys(gates).sort(), finished.sort());
  assert.equal(finished.length, 40);
  assert.deepEqual([gates[id('exp-00000')]?.verdict, gates[id('exp-00000')]?.label], ['fail', '✗ accuracy >= 0.55']);
  assert.equal(
    gates[id('exp-00000')]?.tooltip,
    "❌ fail  accuracy >= 0.55: accuracy 0.5 is below the minimum 0.55\n⏭️ skipped  loss increase <= 0.05 vs prod: skipped: no model version holds 'prod' yet",
  );
  assert.equal(gates[id('exp-00001')]?.verdict, 'fail');
  assert.deepEqual([gates[id('exp-00002')]?.verdict, gates[id('exp-00002')]?.label], ['pass', '✓']);
  // 40 rows, one reference: the registry was asked once.
  assert.equal(p.opened(), 1);
});

test('best leaves out the row’s own run: the best run’s row is compared with the next best', async () => {
  const p = await project({ checks: [{ metric: 'accuracy', max_decrease: 0.01, against: 'best' }] });
  const exp = await p.store.createExperiment('Default');
  const logged = async (accuracy: number) => {
    const run = await p.store.createRun({ experimentId: exp.id, name: `acc-${accuracy}` });
    await p.store.logMetrics(run.id, [{ key: 'accuracy', value: accuracy, step: 0, timestamp: Date.now() }]);
    await p.store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
    return run.id;
  };
  const top = await logged(0.9);
  await logged(0.895);
  const [a, b] = experimentRows(2).filter((r) => r.kind === 'experiment');
  const rows: ExpRow[] = [
    { ...(a as Extract<ExpRow, { kind: 'experiment' }>), run: top, metrics: { accuracy: 0.9 } },
    { ...(b as Extract<ExpRow, { kind: 'experiment' }>), run: null, metrics: { accuracy: 0.85 } },
  ];
  const gates = await tableGates(rows, { ...p, cwd: p.dir, experiment: 'Default' });
  assert.equal(gates[a!.id]?.verdict, 'pass');
  assert.match(gates[a!.id]!.tooltip, /accuracy 0\.9 vs 0\.895 in best of Default/);
  assert.equal(gates[b!.id]?.verdict, 'fail');
  assert.match(gates[b!.id]!.tooltip, /accuracy 0\.85 vs 0\.9 in best of Default .*fell more than the allowed 0\.01/);
});

test('no rules: no gates; rules that cannot be read: every finished row "?" with the reason', async () => {
  const none = await project(undefined);
  assert.deepEqual(await tableGates(experimentRows(3), { ...none, cwd: none.dir, experiment: 'Default' }), {});
  const broken = await project({ checks: [{ metric: 'accuracy', minimum: 1 }] });
  const gates = await tableGates(experimentRows(3), { ...broken, cwd: broken.dir, experiment: 'Default' });
  assert.equal(Object.keys(gates).length, 3);
  for (const badge of Object.values(gates)) {
    assert.equal(badge.verdict, 'unknown');
    assert.equal(badge.label, '?');
    assert.match(badge.tooltip, /\.mlops\.json.*"minimum" is not a rule key/);
  }
});
