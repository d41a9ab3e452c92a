// What the charts draw when they read a plot's rows in place (row-columns.ts) rather than as objects: the
// confusion heatmap's count of every cell over tens of thousands of predictions in two revisions (shuffled and
// grouped rows, numeric and text labels, 1 and "1" as one label), counted here independently from the file's
// own lines; and a long curve thinned to what the chart's pixel columns show keeps, in every column, the first,
// lowest, highest and last point — a single spike among 100k points is still drawn — and a dense scatter keeps
// a point in every cell any point falls in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataFile } from '../../src/core/plots/data-files';
import { flatDatapoints } from '../../src/core/plots/datapoints';
import { datapointsOf } from '../../src/core/plots/row-source';
import type { PlotProps } from '../../src/core/plots/definitions';
import type { RowBlock } from '../../src/core/plots/row-blocks';
import { buildScene, type ConfusionScene, type SceneInput } from '../../src/core/plots/scene';
import { drawScene } from '../../src/core/plots/draw';
import type { Primitive } from '../../src/core/plots/primitives';
import { plotArea, scale, thinLine, thinPoints } from '../../src/core/plots/layout';

/** The blocks of a plot over some revisions, each revision's files read as `plots show` reads them. */
function plotOf(template: string, revisions: Record<string, Record<string, string>>, props: PlotProps): SceneInput {
  const blocks: RowBlock[] = [];
  let flat: ReturnType<typeof flatDatapoints>;
  for (const [revision, files] of Object.entries(revisions)) {
    const sources = new Map(
      Object.entries(files).map(([file, text]) => {
        const parsed = parseDataFile(file, Buffer.from(text));
        assert.ok(parsed.ok, file);
        return [file, datapointsOf(parsed.content)] as const;
      }),
    );
    flat = flatDatapoints(Object.keys(files)[0]!, props, sources, revision);
    assert.ok(flat);
    blocks.push(...flat.blocks);
  }
  assert.ok(flat);
  return {
    id: 'p',
    template: { kind: 'built-in', name: template },
    revisions: Object.keys(revisions),
    title: 'p',
    x: flat.x,
    y: flat.y,
    xLabel: flat.xLabel,
    yLabel: flat.yLabel,
    seriesKey: '',
    blocks,
  };
}

function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Predictions as CSV lines `actual,predicted` (no header). */
function predictions(n: number, labels: readonly string[], next: () => number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const actual = labels[i % labels.length]!;
    return `${actual},${next() < 0.6 ? actual : labels[Math.floor(next() * labels.length)]!}`;
  });
}

/** Counts of each `actual,predicted` line, keyed `predicted|actual`. */
function tally(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    const [actual, predicted] = line.split(',');
    const key = `${predicted}|${actual}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function cellsOf(panel: ConfusionScene['panels'][number]): Map<string, number> {
  const out = new Map<string, number>();
  panel.yLabels.forEach((y, row) =>
    panel.xLabels.forEach((x, col) => {
      const n = panel.counts[row * panel.xLabels.length + col]!;
      if (n > 0) out.set(`${y}|${x}`, n);
    }),
  );
  return out;
}

test('confusion: every cell of two revisions counted from a CSV of 60k predictions, shuffled and grouped', () => {
  const next = random(11);
  const labels = ['10', '2', '1', '0', '7'];
  const shuffled = predictions(30_000, labels, next);
  // Grouped rows repeat the previous row's values (the counter's shortcut), then change.
  const grouped = predictions(30_000, labels, next).sort();
  const plot = plotOf(
    'confusion',
    {
      workspace: { 'c.csv': `actual,predicted\n${shuffled.join('\n')}\n` },
      HEAD: { 'c.csv': `actual,predicted\n${grouped.join('\n')}\n` },
    },
    { x: 'actual', y: 'predicted' },
  );
  const built = buildScene(plot);
  assert.ok(built.ok && built.scene.body.kind === 'confusion');
  const [workspace, head] = built.scene.body.panels;
  assert.equal(workspace?.revision, 'workspace');
  assert.equal(head?.revision, 'HEAD');
  // CSV cells are text: sorted by code unit, as vega sorts strings.
  assert.deepEqual(workspace.xLabels, ['0', '1', '10', '2', '7']);
  assert.deepEqual(cellsOf(workspace), tally(shuffled));
  assert.deepEqual(cellsOf(head), tally(grouped));
  assert.equal(
    head.counts.reduce((a, b) => a + b, 0),
    30_000,
  );
});

test('confusion: JSON numbers sort by value, text as text; 1 and "1" are one label; normalized rows sum to one', () => {
  const rows = [
    { actual: 1, predicted: 1 },
    { actual: '1', predicted: 2 },
    { actual: 2, predicted: 2 },
    { actual: 10, predicted: 2 },
    { actual: 2, predicted: 10 },
  ];
  const plot = plotOf(
    'confusion_normalized',
    { workspace: { 'c.json': JSON.stringify(rows) } },
    {
      x: 'actual',
      y: 'predicted',
    },
  );
  const built = buildScene(plot);
  assert.ok(built.ok && built.scene.body.kind === 'confusion');
  const panel = built.scene.body.panels[0]!;
  // x holds a string: every x label sorts as text; y is all numbers: by value.
  assert.deepEqual(panel.xLabels, ['1', '10', '2']);
  assert.deepEqual(panel.yLabels, ['1', '2', '10']);
  assert.deepEqual(
    cellsOf(panel),
    new Map([
      ['1|1', 1],
      ['10|2', 1],
      ['2|1', 1],
      ['2|10', 1],
      ['2|2', 1],
    ]),
  );
  for (let row = 0; row < 3; row++)
    assert.equal(panel.shares[row * 3]! + panel.shares[row * 3 + 1]! + panel.shares[row * 3 + 2]!, 1);
});

test('a thinned line keeps, per pixel column, its first, lowest, highest and last point in order', () => {
  const next = random(5);
  for (const n of [50_000, 3_000, 200]) {
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    let y = 0;
    for (let i = 0; i < n; i++) {
      xs[i] = i / 7 + (i % 3 === 0 ? 0 : 0.01);
      ys[i] = y += next() - 0.5;
    }
    const toPx = scale([xs[0]!, xs[n - 1]!], 10, 310);
    const keep = thinLine(xs, ys, toPx, 300);
    for (let k = 1; k < keep.length; k++) assert.ok(keep[k]! > keep[k - 1]!, 'indices in order, once each');
    // Every point's column (at the thinning's resolution, half a pixel or finer) has the same first, last,
    // lowest and highest value among the kept points as among all.
    const columnOf = (i: number): number => Math.floor(toPx(xs[i]!) * 2);
    const extremes = (indices: Iterable<number>) => {
      const out = new Map<number, { first: number; last: number; lo: number; hi: number }>();
      for (const i of indices) {
        const c = columnOf(i);
        const e = out.get(c);
        if (!e) out.set(c, { first: i, last: i, lo: ys[i]!, hi: ys[i]! });
        else Object.assign(e, { last: i, lo: Math.min(e.lo, ys[i]!), hi: Math.max(e.hi, ys[i]!) });
      }
      return out;
    };
    assert.deepEqual(extremes(keep), extremes(xs.keys()));
    if (n === 50_000) assert.ok(keep.length < 4 * 600 + 4, `${keep.length} points for 600 columns`);
  }
});

test('a spike among 100k ROC points is drawn: the path reaches its pixel', () => {
  const n = 100_000;
  const spikeAt = 61_803;
  const roc = Array.from({ length: n }, (_, i) => {
    const fpr = i / (n - 1);
    return { fpr, tpr: i === spikeAt ? 1.5 : Math.sqrt(fpr) * 0.9 };
  });
  const plot = plotOf('simple', { workspace: { 'roc.json': JSON.stringify({ roc }) } }, { x: 'fpr', y: 'tpr' });
  const built = buildScene(plot);
  assert.ok(built.ok && built.scene.body.kind === 'lines');
  const drawing = drawScene(built.scene, 460, 300);
  const path = drawing.items.find(
    (p): p is Extract<Primitive, { k: 'path' }> => p.k === 'path' && p.revision !== undefined,
  );
  assert.ok(path && path.points.length < n, 'the curve was thinned');
  const area = plotArea(built.scene, 460, 300);
  const sx = scale(built.scene.body.xDomain, area.left, area.left + area.width);
  const sy = scale(built.scene.body.yDomain, area.top + area.height, area.top);
  const at = (i: number) => [Math.fround(sx(roc[i]!.fpr)), Math.fround(sy(roc[i]!.tpr))];
  const points: number[][] = [];
  for (let k = 0; k < path.points.length; k += 2) points.push([path.points[k]!, path.points[k + 1]!]);
  assert.deepEqual(
    points.find((p) => p[1] === at(spikeAt)[1]),
    at(spikeAt),
  );
  assert.deepEqual(points[0], at(0));
  assert.deepEqual(points.at(-1), at(n - 1));
});

test('a dense scatter keeps one point in every half-pixel cell any point falls in', () => {
  const next = random(3);
  const n = 40_000;
  const xs = Float64Array.from({ length: n }, (_, i) => i / n);
  const ys = Float64Array.from({ length: n }, () => next() * next());
  const area = { left: 50, top: 20, width: 200, height: 100 };
  const sx = scale([0, 1], area.left, area.left + area.width);
  const sy = scale([0, 1], area.top + area.height, area.top);
  const keep = thinPoints(xs, ys, sx, sy, area);
  const cell = (i: number) => `${Math.floor((sx(xs[i]!) - area.left) * 2)},${Math.floor((sy(ys[i]!) - area.top) * 2)}`;
  const all = new Set(Array.from(xs.keys(), cell));
  const kept = Array.from(keep, cell);
  assert.equal(new Set(kept).size, kept.length, 'one point per cell');
  assert.deepEqual(new Set(kept), all);
  assert.ok(keep.length < n);
});
