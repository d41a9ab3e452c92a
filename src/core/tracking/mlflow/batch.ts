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
 * Each call takes the next params (up to 100), the next tags (up to 100), then fills the rest of its
 * 1000 entities with the next metrics, all within the body size. Every chunk respects every limit; no
 * chunk is empty; each kind keeps its order across calls (so a metric history stays in order); nothing
 * is dropped or repeated.
 */
export function chunkLogBatch(
  metrics: readonly MlflowMetric[],
  params: readonly KeyValue[],
  tags: readonly KeyValue[],
): BatchChunk[] {
  const chunks: BatchChunk[] = [];
  const next = { params: 0, tags: 0, metrics: 0 };
  while (next.params < params.length || next.tags < tags.length || next.metrics < metrics.length) {
    const chunk: BatchChunk = { metrics: [], params: [], tags: [] };
    let bytes = FRAMING_BYTES;
    let entities = 0;
    const take = <T>(
      items: readonly T[],
      kind: keyof typeof next,
      into: T[],
      limit: number,
      size: (x: T) => number,
    ) => {
      while (next[kind] < items.length && into.length < limit && entities < LOG_BATCH_LIMITS.entities) {
        const item = items[next[kind]]!;
        const n = size(item);
        // An item alone in its call is always sent: MLflow's own per-value limits keep it far below 1 MB.
        if (bytes + n > LOG_BATCH_LIMITS.bytes && entities > 0) return;
        into.push(item);
        bytes += n;
        entities++;
        next[kind]++;
      }
    };
    take(params, 'params', chunk.params, LOG_BATCH_LIMITS.params, byteSize);
    take(tags, 'tags', chunk.tags, LOG_BATCH_LIMITS.tags, byteSize);
    take(metrics, 'metrics', chunk.metrics, LOG_BATCH_LIMITS.metrics, (m) => byteSize(metricJson(m)));
    chunks.push(chunk);
  }
  return chunks;
}

function byteSize(v: Json | KeyValue): number {
  return Buffer.byteLength(JSON.stringify(v)) + 1;
}
