// What a hover over a laid-out chart says (webview/shared/plot-hit.ts over core/plots/draw.ts's primitives): the
// nearest point of a line or a scatter within the radius, with its revision, y source and exact values (not the
// pixels turned back into numbers); a long line's hit is one of its data points; a scatter_jitter point names its
// categories; a confusion cell its labels and count (and share of its row when normalized); a bar its category
// and value; nothing away from every mark, on axes or legends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawScene } from '../../src/core/plots/draw';
import type { Primitive } from '../../src/core/plots/primitives';
import type { Scene, SceneBody } from '../../src/core/plots/scene';
import { HOVER_RADIUS, hitAt } from '../../src/webview/shared/plot-hit';

const scene = (body: SceneBody, seriesKey: Scene['seriesKey'] = ''): Scene => ({
  id: 'p',
  title: 'p',
  xLabel: 'fpr',
  yLabel: 'tpr',
  seriesKey,
  body,
});

const withData = (items: Primitive[]) =>
  items.filter(
    (p): p is Extract<Primitive, { k: 'path' | 'points' }> =>
      (p.k === 'path' || p.k === 'points') && p.at !== undefined,
  );

test('a line: the nearest vertex within the radius, its revision, source and exact values', () => {
  const xs = Float64Array.of(0, 0.1, 0.3, 0.6, 1);
  const ys = Float64Array.of(0, 0.35, 0.55, 0.8, 1);
  const drawn = drawScene(
    scene(
      {
        kind: 'lines',
        mark: 'line',
        series: [
          { revision: 'workspace', source: 'roc.json', color: '@rev0', dash: [], shape: 'circle', xs, ys },
          {
            revision: 'v1',
            source: 'roc.json',
            color: '@rev1',
            dash: [],
            shape: 'circle',
            xs,
            ys: ys.map((y) => y / 2),
          },
        ],
        xDomain: [0, 1],
        yDomain: [0, 1],
      },
      'filename',
    ),
    460,
    300,
  );
  const [line] = withData(drawn.items);
  assert.ok(line);
  // Two pixels off the third vertex of the working copy's line.
  const hit = hitAt(drawn, line.points[4]! + 2, line.points[5]! - 1);
  assert.deepEqual(hit?.tip, {
    revision: 'workspace',
    rows: [
      ['filename', 'roc.json'],
      ['fpr', '0.3'],
      ['tpr', '0.55'],
    ],
  });
  assert.equal(hit?.color, '@rev0');
  assert.deepEqual([hit?.x, hit?.y], [line.points[4], line.points[5]]);
  assert.equal(hitAt(drawn, line.points[4]! + HOVER_RADIUS + 1, line.points[5]!), undefined, 'too far from any vertex');
  assert.equal(hitAt(drawn, 2, 2), undefined, 'the title corner is no mark');
  // The other revision's vertex of the same x, below: it answers for itself.
  const [, other] = withData(drawn.items);
  assert.equal(hitAt(drawn, other!.points[4]!, other!.points[5]!)?.tip.revision, 'v1');
});

test('a thinned line of 100k points: the hit is one of its data points', () => {
  const n = 100_000;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i / 7;
    ys[i] = Math.sin(i / 500) + (i === 54_321 ? 3 : 0);
  }
  const drawn = drawScene(
    scene({
      kind: 'lines',
      mark: 'line',
      series: [{ revision: 'workspace', source: '', color: '@rev0', dash: [], shape: 'circle', xs, ys }],
      xDomain: [0, xs[n - 1]!],
      yDomain: [-1, 3],
    }),
    460,
    300,
  );
  const [line] = withData(drawn.items);
  assert.ok(line && line.points.length / 2 < n, 'the line was thinned');
  // The spike's pixel: its tooltip is the spike's own values.
  const spike = line.at!.findIndex((v, i) => i % 2 === 1 && v > 2);
  const hit = hitAt(drawn, line.points[spike - 1]!, line.points[spike]!);
  assert.deepEqual(hit?.tip.rows, [
    ['fpr', String(54_321 / 7)],
    ['tpr', String(Math.sin(54_321 / 500) + 3)],
  ]);
});

test('a scatter_jitter point names its categories; a confusion cell its labels and count; a bar its value', () => {
  const jitter = drawScene(
    scene({
      kind: 'jitter',
      xLabels: ['0', '1'],
      yLabels: ['a', 'b', 'c'],
      series: [
        {
          revision: 'HEAD',
          source: '',
          color: '@rev0',
          shape: 'circle',
          xBand: Int32Array.of(1, 0),
          yBand: Int32Array.of(2, 0),
          xOffset: Float64Array.of(0.5, 0.5),
          yOffset: Float64Array.of(0.5, 0.5),
        },
      ],
    }),
    460,
    300,
  );
  const [points] = withData(jitter.items);
  assert.deepEqual(hitAt(jitter, points!.points[0]!, points!.points[1]!)?.tip, {
    revision: 'HEAD',
    rows: [
      ['fpr', '1'],
      ['tpr', 'c'],
    ],
  });

  for (const normalized of [false, true]) {
    const confusion = drawScene(
      scene({
        kind: 'confusion',
        normalized,
        panels: [
          {
            revision: 'workspace',
            xLabels: ['cat', 'dog'],
            yLabels: ['cat', 'dog'],
            counts: Float64Array.of(7, 1, 2, 6),
            shares: normalized ? Float64Array.of(7 / 8, 1 / 8, 2 / 8, 6 / 8) : Float64Array.of(1, 1 / 7, 2 / 7, 6 / 7),
          },
        ],
      }),
      460,
      300,
    );
    const cell = confusion.items.filter((p) => p.k === 'rect' && p.cell)[2];
    assert.ok(cell?.k === 'rect');
    // Row 1 (predicted dog), column 0 (actual cat): 2 predictions.
    assert.deepEqual(hitAt(confusion, cell.x + 1, cell.y + cell.h - 1)?.tip, {
      revision: 'workspace',
      rows: [
        ['fpr', 'cat'],
        ['tpr', 'dog'],
        ...(normalized ? [['percent_of_y', '0.25'] as const] : []),
        ['xy_count', '2'],
      ],
    });
  }

  const bars = drawScene(
    scene({
      kind: 'bars',
      categories: ['age', 'height'],
      groups: [{ revision: 'workspace', color: '@rev0', values: Float64Array.of(0.3, 0.5) }],
      max: 0.5,
      min: 0,
    }),
    460,
    300,
  );
  const bar = bars.items.filter((p) => p.k === 'rect' && p.tip)[1];
  assert.ok(bar?.k === 'rect');
  assert.deepEqual(hitAt(bars, bar.x + bar.w / 2, bar.y + bar.h / 2)?.tip.rows, [
    ['tpr', 'height'],
    ['fpr', '0.5'],
  ]);
});
