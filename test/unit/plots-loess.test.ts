// Our loess against vega's own (`regressionLoess`, what the `smooth` template's transform calls) on the shapes
// a plot's data can take beyond a plain series: too few points, one x repeated, missing values, a straight line,
// an outlier the robustness passes must discount. The whole template is refereed on DVC's spec in
// test/referee/plots-smooth-vega.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loess } from '../../src/core/plots/loess';

type Point = [number, number];

async function theirs(points: Point[], bandwidth: number): Promise<Point[]> {
  const vega = (await import('vega')) as unknown as {
    regressionLoess(data: Point[], x: (d: Point) => number, y: (d: Point) => number, bw: number): Point[];
  };
  return vega.regressionLoess(
    points,
    (d) => d[0],
    (d) => d[1],
    bandwidth,
  );
}

function ours(points: Point[], bandwidth: number): Point[] {
  const curve = loess(
    points.map((p) => p[0]),
    points.map((p) => p[1]),
    bandwidth,
  );
  return Array.from(curve.xs, (x, i) => [x, curve.ys[i]!]);
}

const cases: Record<string, Point[]> = {
  'two points': [
    [1, 2],
    [3, 5],
  ],
  'three points': [
    [0, 1],
    [1, 3],
    [2, 2],
  ],
  'one x repeated': [
    [2, 1],
    [2, 4],
    [2, 3],
  ],
  'missing values left out': [
    [0, 1],
    [1, Number.NaN],
    [Number.NaN, 5],
    [2, 2],
    [3, 4],
    [4, 3],
  ],
  'a straight line stays straight': Array.from({ length: 40 }, (_, i): Point => [i, 3 * i - 7]),
  'an outlier': Array.from({ length: 60 }, (_, i): Point => [i / 3, i === 30 ? 100 : Math.sin(i / 8)]),
  'unsorted with runs of equal x': Array.from({ length: 80 }, (_, i): Point => [(i * 37) % 23, ((i * 7) % 11) / 3]),
};

for (const [name, points] of Object.entries(cases))
  test(`loess equals vega's: ${name}`, async () => {
    for (const bandwidth of [0.001, 0.1, 0.3, 0.75, 1]) {
      const expected = await theirs(points, bandwidth);
      const actual = ours(points, bandwidth);
      assert.equal(actual.length, expected.length, `points at ${bandwidth}`);
      actual.forEach(([x, y], i) => {
        const [ex, ey] = expected[i]!;
        assert.equal(x, ex, `x ${i} at ${bandwidth}`);
        assert.ok(Math.abs(y - ey) <= 1e-9 * Math.max(1, Math.abs(ey)), `y ${i} at ${bandwidth}: ${y} vs ${ey}`);
      });
    }
  });

test('loess of nothing is nothing; of one point, that point', () => {
  assert.deepEqual(ours([], 0.3), []);
  assert.deepEqual(ours([[4, 9]], 0.3), [[4, 9]]);
});

test('the outlier is discounted: the fit near it stays near the sine', () => {
  const fit = ours(cases['an outlier']!, 0.3);
  const at = fit.find(([x]) => x === 10)!;
  assert.ok(Math.abs(at[1] - Math.sin(30 / 8)) < 0.3, `fit at the outlier ${at[1]}`);
});
