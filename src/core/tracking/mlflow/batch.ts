// Splits what a caller wants logged into log-batch calls MLflow accepts: per call at most 1000 metrics,
// 100 params, 100 tags, 1000 entities in all, and a JSON body under 1 MB (mlflow/utils/validation.py).
import type { Json } from './wire';
import { encodeDouble } from './wire';
import type { MlflowMetric } from './entities';

export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, entities: 1000, bytes: 1_000_000 } as const;

export interface KeyValue {
  key: string;
  value: string;
}

export interface BatchChunk {
  metrics: MlflowMetric[];
  params: KeyValue[];
  tags: KeyValue[];
}

/** Room left for the run_id and the JSON framing around the three arrays. */
const FRAMING_BYTES = 200;

export function metricJson(m: MlflowMetric): Json {
  return { key: m.key, value: encodeDouble(m.value), timestamp: m.timestamp, step: m.step };
}

/**
 * Greedy packing in input order (params, then tags, then metrics), so a metric history stays in order
 * across calls. Every chunk respects every limit; no chunk is empty; nothing is dropped or repeated.
 */
export function chunkLogBatch(metrics: readonly MlflowMetric[], params: readonly KeyValue[], tags: readonly KeyValue[]): BatchChunk[] {
  const chunks: BatchChunk[] = [];
  let current: BatchChunk = { metrics: [], params: [], tags: [] };
  let bytes = FRAMING_BYTES;
  const count = (c: BatchChunk) => c.metrics.length + c.params.length + c.tags.length;
  const flush = () => {
    if (count(current) > 0) chunks.push(current);
    current = { metrics: [], params: [], tags: [] };
    bytes = FRAMING_BYTES;
  };
  const add = <K extends keyof BatchChunk>(kind: K, item: BatchChunk[K][number], size: number) => {
    const full =
      current[kind].length >= LOG_BATCH_LIMITS[kind] || count(current) >= LOG_BATCH_LIMITS.entities || bytes + size > LOG_BATCH_LIMITS.bytes;
    if (full) flush();
    (current[kind] as BatchChunk[K][number][]).push(item);
    bytes += size;
  };
  for (const p of params) add('params', p, byteSize(p));
  for (const t of tags) add('tags', t, byteSize(t));
  for (const m of metrics) add('metrics', m, byteSize(metricJson(m)));
  flush();
  return chunks;
}

function byteSize(v: Json | KeyValue): number {
  return Buffer.byteLength(JSON.stringify(v)) + 1;
}
