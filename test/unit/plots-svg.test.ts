// The SVG a plot becomes (what `mlops plots show -o` and `mlops report` embed): a confusion matrix is a
// heatmap whose cells carry their counts and darken with them, labels sorted as DVC's template sorts them;
// a line plot draws one path per revision in that revision's colour; a non-numeric value is reported with
// its file and line instead of being drawn; text is escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VegaPlot } from '../../src/core/plots/collect';
import { renderPlotSvg } from '../../src/core/plots/svg';
import { buildScene } from '../../src/core/plots/scene';
import { readDelimited } from '../../src/core/plots/delimited';
import { objectRows, type RowSource, type Table } from '../../src/core/plots/row-source';

function plot(template: string, rows: Record<string, unknown>[] | Table, fields: { x: string; y: string }): VegaPlot {
  const source: RowSource = Array.isArray(rows) ? objectRows(rows) : rows;
  const revs = Array.isArray(rows) ? rows.map((r) => String(r.rev)) : ['workspace'];
  return {
    kind: 'vega',
    id: 'p',
    template: { kind: 'built-in', name: template as 'linear', anchors: new Set() },
    revisions: [...new Set(revs)],
    title: 'T <&>',
    x: fields.x,
    y: fields.y,
    xLabel: fields.x,
    yLabel: fields.y,
    seriesKey: '',
    // Objects carry their revision already (one block that adds nothing); a table's rows gain it.
    blocks: [
      { rows: source, file: 'plots/p.csv', index: false, constant: Array.isArray(rows) ? {} : { rev: 'workspace' } },
    ],
    anchorDefinitions: {},
  };
}

test('confusion: one cell per (actual, predicted) pair, labelled with its count, darker for more', () => {
  const pairs = [
    ['b', 'b'],
    ['b', 'b'],
    ['b', 'b'],
    ['a', 'b'],
    ['a', 'a'],
  ];
  const svg = renderPlotSvg(
    plot(
      'confusion',
      pairs.map(([actual, predicted]) => ({ actual, predicted, rev: 'workspace' })),
      { x: 'actual', y: 'predicted' },
    ),
  );
  const cells = [...svg.matchAll(/<rect class="cell"[^>]*fill="(rgb\([^)]+\))"[^>]*data-count="(\d+)"/g)].map((m) => ({
    fill: m[1],
    count: Number(m[2]),
  }));
  // Rows are predicted a, b; columns actual a, b (ascending).
  assert.deepEqual(
    cells.map((c) => c.count),
    [1, 0, 1, 3],
  );
  const darkness = (fill: string | undefined): number =>
    -(fill ?? '')
      .match(/\d+/g)!
      .map(Number)
      .reduce((a, b) => a + b, 0);
  assert.ok(darkness(cells[3]!.fill) > darkness(cells[0]!.fill));
  assert.ok(darkness(cells[0]!.fill) > darkness(cells[1]!.fill));
  assert.match(svg, />3<\/text>/);
  assert.match(svg, /T &#60;&#38;&#62;/);
});

test('numeric labels sort by value, as vega sorts numbers', () => {
  const rows = [10, 2, 1].map((v) => ({ actual: v, predicted: v, rev: 'workspace' }));
  const built = buildScene(plot('confusion', rows, { x: 'actual', y: 'predicted' }));
  assert.ok(built.ok && built.scene.body.kind === 'confusion');
  assert.deepEqual(built.scene.body.panels[0]!.xLabels, ['1', '2', '10']);
});

test('lines: a path per revision in its colour', () => {
  const rows = [0, 1, 2]
    .flatMap((x) => [{ x: String(x), y: String(x * 2), rev: 'workspace' }])
    .concat([0, 1, 2].map((x) => ({ x: String(x), y: String(x), rev: 'HEAD' })));
  const svg = renderPlotSvg(plot('linear', rows, { x: 'x', y: 'y' }), {
    colorOf: (rev) => (rev === 'HEAD' ? '#00ff00' : '#ff0000'),
  });
  assert.match(svg, /<path data-revision="workspace"[^>]*stroke="#ff0000"/);
  assert.match(svg, /<path data-revision="HEAD"[^>]*stroke="#00ff00"/);
});

test('a non-numeric y is named with its file and line instead of being drawn', () => {
  const rows = readDelimited('x,y\n0,1\n1,oops\n', ',', true);
  const built = buildScene(plot('linear', rows, { x: 'x', y: 'y' }));
  assert.equal(built.ok, false);
  assert.ok(!built.ok);
  assert.equal(built.problem.file, 'plots/p.csv');
  assert.equal(built.problem.line, 3);
  assert.match(built.problem.message, /plots\/p\.csv:3: y is "oops", not a number/);
  assert.match(renderPlotSvg(plot('linear', rows, { x: 'x', y: 'y' })), /plots\/p\.csv:3/);
});
