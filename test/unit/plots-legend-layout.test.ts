// A chart's legend with more entries than one row holds (three revisions × four y sources, or many revisions of a
// bar chart): every label drawn ends inside the chart, none overlaps another, the rows wrap and push the plot area
// down by as many rows, and past three rows the rest are counted in a "+N more" note — before, the last label ran
// past the right edge and the others were dropped, and bar labels piled up at the edge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawScene } from '../../src/core/plots/draw';
import { plotArea } from '../../src/core/plots/layout';
import { legendLayout } from '../../src/core/plots/legend';
import type { Primitive } from '../../src/core/plots/primitives';
import type { LineSeries, Scene } from '../../src/core/plots/scene';

const WIDTH = 480;
const CHAR = 6.5;

function lines(revisions: readonly string[], sources: readonly string[]): Scene {
  const series: LineSeries[] = revisions.flatMap((revision) =>
    sources.map((source) => ({
      revision,
      source,
      color: '#123456',
      dash: [],
      shape: 'circle' as const,
      xs: Float64Array.of(0, 1),
      ys: Float64Array.of(0, 1),
    })),
  );
  return {
    id: 'p',
    title: 'p',
    xLabel: 'x',
    yLabel: 'y',
    seriesKey: 'filename',
    body: { kind: 'lines', mark: 'line', series, xDomain: [0, 1], yDomain: [0, 1] },
  };
}

function bars(revisions: readonly string[]): Scene {
  return {
    id: 'b',
    title: 'b',
    xLabel: 'x',
    yLabel: 'y',
    seriesKey: '',
    body: {
      kind: 'bars',
      categories: ['a'],
      groups: revisions.map((revision) => ({ revision, color: '#654321', values: Float64Array.of(1) })),
      max: 1,
      min: 0,
    },
  };
}

/** The legend's labels: start-anchored texts above the plot area. */
function legendTexts(scene: Scene): Extract<Primitive, { k: 'text' }>[] {
  const top = plotArea(scene, WIDTH, 320).top;
  return drawScene(scene, WIDTH, 320).items.flatMap((p) =>
    p.k === 'text' && p.anchor === 'start' && p.y < top ? [p] : [],
  );
}

test('legend labels wrap inside the chart without overlapping, and push the plot area down', () => {
  const scene = lines(['workspace', 'HEAD', 'v1.0.0'], ['train_loss.csv', 'val_loss.csv']);
  const texts = legendTexts(scene);
  assert.equal(texts.length, 6, 'every entry drawn');
  for (const t of texts) assert.ok(t.x + t.text.length * CHAR <= WIDTH - 10, `${t.text} ends inside the chart`);
  const rows = [...new Set(texts.map((t) => t.y))].sort((a, b) => a - b);
  assert.ok(rows.length >= 2, 'the entries wrap');
  for (const y of rows) {
    const row = texts.filter((t) => t.y === y).sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++)
      assert.ok(row[i - 1]!.x + row[i - 1]!.text.length * CHAR <= row[i]!.x, `${row[i]!.text} overlaps`);
  }
  const oneRow = plotArea(lines(['workspace'], ['']), WIDTH, 320).top;
  assert.equal(plotArea(scene, WIDTH, 320).top, oneRow + (rows.length - 1) * 18);
});

test('past three rows the rest are counted, and every entry is drawn or counted', () => {
  const revisions = Array.from({ length: 8 }, (_, i) => `experiment-${i}`);
  const scene = lines(revisions, ['train_loss.csv', 'val_loss.csv']);
  const layout = legendLayout(scene, WIDTH);
  assert.equal(layout.rows, 3);
  assert.ok(layout.more, 'a note for the rest');
  assert.equal(layout.slots.length + layout.more.count, 16);
  const texts = legendTexts(scene);
  const note = texts.find((t) => /^\+\d+ more$/.test(t.text));
  assert.equal(note?.text, `+${layout.more.count} more`);
  for (const t of texts) assert.ok(t.x + t.text.length * CHAR <= WIDTH - 10, `${t.text} ends inside the chart`);
});

test("a bar chart's revisions no longer pile up at the right edge", () => {
  const texts = legendTexts(bars(['workspace', 'HEAD', 'main', 'v1.0.0', 'v1.1.0', 'v2.0.0', 'feature/x']));
  const at = new Set(texts.map((t) => `${t.x},${t.y}`));
  assert.equal(at.size, texts.length, 'each label in a place of its own');
  for (const t of texts) assert.ok(t.x + t.text.length * CHAR <= WIDTH - 10, `${t.text} ends inside the chart`);
});

test('one short row is placed as before', () => {
  const layout = legendLayout(lines(['workspace', 'HEAD'], ['']), WIDTH);
  assert.deepEqual(
    layout.slots.map((s) => [s.x, s.row]),
    [
      [10, 0],
      [10 + 28 + 'workspace'.length * CHAR, 0],
    ],
  );
  assert.equal(layout.rows, 1);
});
