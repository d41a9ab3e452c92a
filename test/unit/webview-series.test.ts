import { test } from 'node:test';
import assert from 'node:assert/strict';
import { align, forLogScale, smooth, toLine, xOf } from '../../src/webview/shared/series';

test('x axis: step, wall seconds, seconds since run start', () => {
  assert.equal(xOf(3, 5000, 'step', 0), 3);
  assert.equal(xOf(3, 5000, 'wall', 0), 5);
  assert.equal(xOf(3, 5000, 'relative', 2000), 3);
});

test('lines are sorted by x, keeping the y of each point', () => {
  const series = { steps: [2, 0, 1], values: [20, 0, 10], timestamps: [30, 10, 20] };
  assert.deepEqual(toLine(series, 'step', 0), { xs: [0, 1, 2], ys: [0, 10, 20] });
  assert.deepEqual(toLine(series, 'relative', 10), { xs: [0, 0.01, 0.02], ys: [0, 10, 20] });
});

test('smoothing is a debiased EMA that skips non-finite values', () => {
  assert.deepEqual(smooth([1, 2, 3], 0), [1, 2, 3]);
  const s = smooth([1, 1, NaN, 1], 0.9);
  assert.ok(Math.abs((s[0] as number) - 1) < 1e-12, 'debiased: the first value is itself');
  assert.ok(Number.isNaN(s[2]));
  assert.ok(Math.abs((s[3] as number) - 1) < 1e-12);
  const t = smooth([0, 10], 0.5);
  assert.ok(Math.abs((t[1] as number) - 20 / 3) < 1e-12, '(0.5*0.5*0 + 0.5*10) / (1 - 0.25)');
});

test('log scale turns non-positive values into gaps', () => {
  assert.deepEqual(forLogScale([1, 0, -1, 2]), [1, null, null, 2]);
});

test('align shares xs when equal and fills gaps with null otherwise', () => {
  const a = { xs: [0, 1, 2], ys: [1, 2, 3] };
  const b = { xs: [0, 1, 2], ys: [4, 5, 6] };
  const shared = align([a, b]);
  assert.equal(shared[0], a.xs, 'no copy when every line has the same xs');
  assert.deepEqual(align([a, { xs: [1, 3], ys: [7, 8] }]), [
    [0, 1, 2, 3],
    [1, 2, 3, null],
    [null, 7, null, 8],
  ]);
});
