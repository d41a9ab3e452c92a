import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  asRecord,
  decodeNumber,
  metricLine,
  parseMetricLine,
  parseRecord,
} from '../../src/core/tracking/local/records';

const key = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('train/loss', 'a","v":1', 'q"\\"', 'ünï ✓'));
const value = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0.5));
const int = fc.integer({ min: -1e12, max: 1e13 });

test('the metric fast path reads exactly what JSON.parse reads, for any key and value (property)', () => {
  fc.assert(
    fc.property(key, value, int, int, (k, v, s, ts) => {
      const line = Buffer.from(metricLine(k, v, s, ts), 'utf8');
      const fast = parseMetricLine(line, 0, line.length);
      const slow = asRecord(JSON.parse(line.toString('utf8')));
      assert.ok(fast && slow && slow.t === 'm');
      assert.equal(fast.k, k);
      assert.deepEqual([fast.s, fast.ts], [s, ts]);
      assert.ok(Object.is(decodeNumber(fast.v), decodeNumber(slow.v)) || (v === 0 && decodeNumber(fast.v) === 0));
    }),
  );
});

test('no proper prefix of a record is read as a record: a torn line is never mistaken (property)', () => {
  fc.assert(
    fc.property(key, value, int, int, fc.nat(), (k, v, s, ts, cut) => {
      const line = Buffer.from(metricLine(k, v, s, ts), 'utf8');
      const n = cut % line.length;
      assert.equal(parseRecord(line, 0, n), undefined, `prefix of ${n} bytes`);
    }),
  );
  const status = Buffer.from(JSON.stringify({ t: 'status', status: 'FINISHED', endTime: 5 }));
  for (let n = 0; n < status.length; n++) assert.equal(parseRecord(status, 0, n), undefined);
  assert.deepEqual(parseRecord(status, 0, status.length), { t: 'status', status: 'FINISHED', endTime: 5 });
});
