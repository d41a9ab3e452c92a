// The drift panel's data: distributions on one shared axis per column, and the columns ordered by severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareFiles, DEFAULT_DRIFT_SETTINGS, HISTOGRAM_BINS, SHOWN_CATEGORIES } from '../../src/core/drift';
import { driftLoad } from '../../src/extension/panels/drift-model';
import { fileTree } from '../support/file-tree';

const state = { kind: 'drift', reference: 'file:///r.csv', current: 'file:///c.csv' } as const;

function csv(header: string, rows: (string | number)[][]): string {
  return `${[header, ...rows.map((r) => r.join(','))].join('\n')}\n`;
}

async function compare(ref: string, cur: string, settings = DEFAULT_DRIFT_SETTINGS) {
  const dir = fileTree('mlops-drift-dist-', { 'ref.csv': ref, 'cur.csv': cur });
  return compareFiles(
    { path: join(dir, 'ref.csv'), label: 'ref.csv' },
    { path: join(dir, 'cur.csv'), label: 'cur.csv' },
    settings,
  );
}

test('numeric: equal-width bins over both samples, every value counted once, the top edge included', async () => {
  const ref = Array.from({ length: 100 }, (_, i) => [i]);
  const cur = Array.from({ length: 80 }, (_, i) => [i + 50]);
  const load = driftLoad(await compare(csv('x', ref), csv('x', cur)), state);
  const d = load.columns[0]!.distribution;
  assert.equal(d.kind, 'histogram');
  if (d.kind !== 'histogram') return;
  assert.equal(d.edges.length, HISTOGRAM_BINS + 1);
  assert.equal(d.edges[0], 0);
  assert.equal(d.edges.at(-1), 129);
  assert.equal(
    d.reference.reduce((a, b) => a + b),
    100,
  );
  assert.equal(
    d.current.reduce((a, b) => a + b),
    80,
  );
  // The current sample starts at 50: no current value falls in the bins wholly below it.
  const firstCurrent = d.current.findIndex((c) => c > 0);
  assert.ok(d.edges[firstCurrent + 1]! > 50 && d.edges[firstCurrent]! <= 50);
  assert.equal(d.current.at(-1)! > 0, true, 'the maximum lands in the last bin');
});

test('a constant column gets one bin around its value; an empty column draws nothing', async () => {
  const rows = Array.from({ length: 20 }, () => [7, '']);
  const load = driftLoad(await compare(csv('c,e', rows), csv('c,e', rows)), state);
  const byName = Object.fromEntries(load.columns.map((c) => [c.result.name, c.distribution]));
  assert.deepEqual(byName.c, { kind: 'histogram', edges: [6.5, 7.5], reference: [20], current: [20] });
  assert.deepEqual(byName.e, { kind: 'none' });
});

test('categorical: most frequent first, the tail summed into one bar naming how many it holds', async () => {
  const ref = Array.from({ length: 200 }, (_, i) => [`c${i % 20}`]);
  const cur = Array.from({ length: 100 }, (_, i) => [i < 60 ? 'c3' : `c${i % 20}`]);
  const load = driftLoad(await compare(csv('k', ref), csv('k', cur)), state);
  const d = load.columns[0]!.distribution;
  assert.equal(d.kind, 'categories');
  if (d.kind !== 'categories') return;
  assert.equal(d.labels.length, SHOWN_CATEGORIES);
  assert.equal(d.labels[0], 'c3');
  assert.equal(d.others, 20 - (SHOWN_CATEGORIES - 1));
  assert.equal(d.labels.at(-1), `other (${d.others})`);
  assert.equal(
    d.reference.reduce((a, b) => a + b),
    200,
  );
  assert.equal(
    d.current.reduce((a, b) => a + b),
    100,
  );
});

test('a column forced categorical is drawn as categories, as the tests treated it', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => [i % 3]);
  const load = driftLoad(
    await compare(csv('zip', rows), csv('zip', rows), { ...DEFAULT_DRIFT_SETTINGS, categorical: ['zip'] }),
    state,
  );
  assert.equal(load.columns[0]!.result.type, 'categorical');
  assert.equal(load.columns[0]!.distribution.kind, 'categories');
});

test('columns arrive most severe first, with the summary and the state to persist', async () => {
  const ref = Array.from({ length: 200 }, (_, i) => [i % 50, i % 40, i % 10 < 2 ? 'pro' : 'basic']);
  const cur = Array.from({ length: 200 }, (_, i) => [i % 50, (i % 40) + 15, i % 10 < 5 ? 'pro' : 'basic']);
  const load = driftLoad(await compare(csv('steady,moving,plan', ref), csv('steady,moving,plan', cur)), state);
  assert.deepEqual(
    load.columns.map((c) => c.result.name),
    ['moving', 'plan', 'steady'],
  );
  const severities = load.columns.map((c) => c.severity);
  assert.deepEqual(
    severities,
    [...severities].sort((a, b) => b - a),
  );
  assert.equal(load.summary.drift, true);
  assert.equal(load.state, state);
  assert.equal('columns' in load.summary, false);
});
