// The gate of one run as the editor and the Experiments table ask for it: rules read from .mlops.json, relative
// rules resolved against the local store, the badge and the notification's sentence made from the same report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateBadge as badgeOf, gateForRun, gateSentence, type RunGate } from '../../src/core/checks';
import type { ModelRegistry } from '../../src/core/registry/types';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import type { RunSummary, TrackingStore } from '../../src/core/tracking/types';
import { fileTree } from '../support/file-tree';

const noRegistry = (): Promise<ModelRegistry> => Promise.reject(new Error('no registry in this test'));

async function project(
  rules: unknown,
): Promise<{ dir: string; store: TrackingStore; log: (m: Record<string, number>) => Promise<RunSummary> }> {
  const dir = fileTree('mlops-run-gate-', rules === undefined ? {} : { '.mlops.json': JSON.stringify(rules) });
  const store = openLocalStore(workspaceStoreDir(dir));
  const exp = await store.createExperiment('Default');
  const log = async (metrics: Record<string, number>) => {
    const run = await store.createRun({ experimentId: exp.id, name: `r${Date.now()}` });
    await store.logMetrics(
      run.id,
      Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: Date.now() })),
    );
    await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
    return (await store.getRun(run.id))!;
  };
  return { dir, store, log };
}

/** The badge of a gate that has a verdict or an error (a gate without rules has none). */
function gateBadge(gate: RunGate) {
  if (gate.state === 'none') throw new Error('a gate without rules has no badge');
  return badgeOf(gate);
}

const RULES = {
  checks: [
    { metric: 'accuracy', min: 0.85 },
    { metric: 'loss', max_increase: 0.01, against: 'best', severity: 'warning' },
  ],
};

test('a passing run: every rule with its value; the badge and the sentence say passed', async () => {
  const { dir, store, log } = await project(RULES);
  await log({ accuracy: 0.9, loss: 0.3 });
  const run = await log({ accuracy: 0.91, loss: 0.305 });
  const gate = await gateForRun(run, { store, openRegistry: noRegistry, cwd: dir });
  assert.equal(gate.state, 'checked');
  if (gate.state !== 'checked') return;
  assert.equal(gate.report.passed, true);
  assert.deepEqual(
    gate.report.checks.map((c) => [c.value, c.baseline, c.passed]),
    [
      [0.91, null, true],
      [0.305, 0.3, true],
    ],
  );
  const badge = gateBadge(gate);
  assert.deepEqual([badge.verdict, badge.label], ['pass', '✓']);
  assert.match(
    badge.tooltip,
    /^✅ pass {2}accuracy >= 0\.85: accuracy 0\.91 ≥ 0\.85\n✅ pass {2}loss increase <= 0\.01 vs best: loss 0\.305 vs 0\.3 in best of Default \(run [0-9a-f]{8}\)/,
  );
  assert.equal(gateSentence(gate), ' Quality gate passed (2 checks).');
});

test('a failing error rule fails the gate and is named; a failing warning only counts', async () => {
  const { dir, store, log } = await project(RULES);
  await log({ accuracy: 0.9, loss: 0.3 });
  const run = await log({ accuracy: 0.8, loss: 0.5 });
  const gate = await gateForRun(run, { store, openRegistry: noRegistry, cwd: dir });
  assert.equal(gate.state === 'checked' && gate.report.passed, false);
  const badge = gateBadge(gate);
  assert.equal(badge.label, '✗ accuracy >= 0.85');
  assert.equal(badge.verdict, 'fail');
  assert.match(
    badge.tooltip,
    /^❌ fail {2}accuracy >= 0\.85: accuracy 0\.8 is below the minimum 0\.85\n⚠️ warn {2}loss increase/,
  );
  assert.equal(gateSentence(gate), ' Quality gate failed: accuracy 0.8 is below the minimum 0.85.');
  const warned = await gateForRun(await log({ accuracy: 0.95, loss: 0.9 }), {
    store,
    openRegistry: noRegistry,
    cwd: dir,
  });
  assert.deepEqual([gateBadge(warned).verdict, gateBadge(warned).label], ['warn', '⚠ 1 warning']);
  assert.equal(gateSentence(warned), ' Quality gate passed (2 checks, 1 warning).');
});

test('against overrides each relative rule’s baseline', async () => {
  const { dir, store, log } = await project(RULES);
  await log({ accuracy: 0.9, loss: 0.3 });
  const run = await log({ accuracy: 0.9, loss: 0.305 });
  const gate = await gateForRun(run, { store, openRegistry: noRegistry, cwd: dir, against: 'best:Nowhere' });
  assert.equal(gate.state, 'checked');
  if (gate.state !== 'checked') return;
  assert.equal(gate.report.checks[1]!.against, 'best:Nowhere');
  assert.match(gate.report.checks[1]!.message, /no experiment 'Nowhere'/);
});

test('no rules: no gate and nothing said; broken rules: no verdict, the message says where', async () => {
  const none = await project(undefined);
  const run = await none.log({ accuracy: 0.9 });
  const gate: RunGate = await gateForRun(run, { store: none.store, openRegistry: noRegistry, cwd: none.dir });
  assert.deepEqual(gate, { state: 'none' });
  assert.equal(gateSentence(gate), '');
  const broken = await project({ checks: [{ metric: 'accuracy', minimum: 1 }] });
  const bad = await gateForRun(await broken.log({ accuracy: 1 }), {
    store: broken.store,
    openRegistry: noRegistry,
    cwd: broken.dir,
  });
  assert.equal(bad.state, 'error');
  assert.match(gateSentence(bad), /Quality gate not evaluated: .*\.mlops\.json.*minimum/);
  assert.deepEqual(gateBadge(bad), {
    verdict: 'unknown',
    label: '?',
    tooltip: bad.state === 'error' ? bad.message : '',
  });
});
