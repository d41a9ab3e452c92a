import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chunkLogBatch, LOG_BATCH_LIMITS, metricJson, type KeyValue } from '../../src/core/tracking/mlflow/batch';
import type { MlflowMetric } from '../../src/core/tracking/mlflow/entities';

const metric = (i: number): MlflowMetric => ({ key: `m${i % 7}`, value: i / 3, timestamp: 1000 + i, step: i });
const kv =
  (prefix: string) =>
  (i: number): KeyValue => ({ key: `${prefix}${i}`, value: `v${i}` });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function checkChunks(metrics: MlflowMetric[], params: KeyValue[], tags: KeyValue[]) {
  const chunks = chunkLogBatch(metrics, params, tags);
  for (const c of chunks) {
    assert.ok(c.metrics.length <= LOG_BATCH_LIMITS.metrics);
    assert.ok(c.params.length <= LOG_BATCH_LIMITS.params);
    assert.ok(c.tags.length <= LOG_BATCH_LIMITS.tags);
    const total = c.metrics.length + c.params.length + c.tags.length;
    assert.ok(total > 0 && total <= LOG_BATCH_LIMITS.entities);
    const body = JSON.stringify({
      run_id: 'x'.repeat(32),
      metrics: c.metrics.map(metricJson),
      params: c.params,
      tags: c.tags,
    });
    assert.ok(Buffer.byteLength(body) <= LOG_BATCH_LIMITS.bytes, `body of ${Buffer.byteLength(body)} bytes`);
  }
  // nothing lost, nothing repeated, order kept
  assert.deepEqual(
    chunks.flatMap((c) => c.metrics),
    metrics,
  );
  assert.deepEqual(
    chunks.flatMap((c) => c.params),
    params,
  );
  assert.deepEqual(
    chunks.flatMap((c) => c.tags),
    tags,
  );
  return chunks;
}

test('2500 metrics, 250 params, 120 tags: within every limit, in order, nothing lost', () => {
  const chunks = checkChunks(range(2500).map(metric), range(250).map(kv('p')), range(120).map(kv('t')));
  assert.equal(chunks.length, Math.ceil((2500 + 250 + 120) / LOG_BATCH_LIMITS.entities)); // as few calls as the entity limit allows
});

test('nothing to log makes no call', () => {
  assert.deepEqual(chunkLogBatch([], [], []), []);
});

test('large tag values split calls by body size', () => {
  const tags = range(100).map((i) => ({ key: `t${i}`, value: 'x'.repeat(8000) }));
  const params = range(100).map((i) => ({ key: `p${i}`, value: 'y'.repeat(6000) }));
  const chunks = checkChunks([], params, tags);
  assert.ok(chunks.length >= 2);
});

test('any mix of metrics, params and tags is packed within the limits', () => {
  fc.assert(
    fc.property(fc.nat(3000), fc.nat(300), fc.nat(300), (m, p, t) => {
      checkChunks(range(m).map(metric), range(p).map(kv('p')), range(t).map(kv('t')));
    }),
    { numRuns: 40 },
  );
});
