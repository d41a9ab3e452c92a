// The drift columns' radix sort against Float64Array.prototype.sort(): the same order, value for value
// (−0 before +0), for samples with ties, both signs, tiny and huge magnitudes, below and above the size
// where the radix sort takes over, and for a subarray sharing its buffer with other data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortNumbers } from '../../src/core/drift/sort';

function sample(n: number, seed: number): Float64Array {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    const x = next() - 0.5;
    if (kind === 0) values[i] = x * 10 ** Math.floor(next() * 60 - 30);
    else if (kind === 1) values[i] = Math.round(x * 8);
    else if (kind === 2) values[i] = next() < 0.5 ? -0 : 0;
    else if (kind === 3) values[i] = x * Number.MAX_VALUE;
    else if (kind === 4) values[i] = x * Number.MIN_VALUE * 1000;
    else values[i] = x;
  }
  return values;
}

function assertSameOrder(values: Float64Array): void {
  const expected = values.slice().sort();
  const ours = sortNumbers(values);
  assert.equal(ours, values, 'sorted in place');
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Object.is(ours[i], expected[i]), `index ${i}: ${ours[i]}, native ${expected[i]}`);
  }
}

test('the same order as the native sort, small and large samples', () => {
  for (const [n, seed] of [
    [0, 1],
    [1, 2],
    [100, 3],
    [4095, 4],
    [4096, 5],
    [200_000, 6],
  ] as const) {
    assertSameOrder(sample(n, seed));
  }
});

test('a sample of one value, and a subarray in a larger buffer, leave the rest of the buffer alone', () => {
  assertSameOrder(new Float64Array(10_000).fill(3.25));
  const all = sample(30_000, 7);
  const before = all.slice();
  const middle = all.subarray(5_000, 25_000);
  assertSameOrder(middle);
  assert.deepEqual(all.subarray(0, 5_000), before.subarray(0, 5_000));
  assert.deepEqual(all.subarray(25_000), before.subarray(25_000));
});
