// Live metrics with no library: the runner gives a stage process the run id and a file to append JSON
// lines to, and tails that file into the run while the stage runs. One line per value:
//   {"key":"loss","value":0.31,"step":1,"timestamp":1700000000000}
// `step` (integer) defaults to 0 and `timestamp` (ms since the epoch) to the time it was read, as in
// MLflow. `value` may be "NaN", "Infinity" or "-Infinity". See docs/tracking-store.md.
import { join } from 'node:path';
import { FileTail, type TailLine } from './tail';
import type { MetricPoint, TrackingStore } from './types';

export const RUN_ID_ENV = 'MLOPS_RUN_ID';
export const METRICS_FILE_ENV = 'MLOPS_METRICS_FILE';

/** At most this many points per logMetrics call (MLflow's log-batch limit). */
const BATCH = 1000;

/** Where a stage of a run appends its live metrics: `<store folder>/live/<run>/<stage>.jsonl`. */
export function liveMetricsFile(storeDir: string, runId: string, stage: string): string {
  return join(storeDir, 'live', runId, `${encodeURIComponent(stage)}.jsonl`);
}

/** The environment a stage process gets on top of its own: ours, plus the backend's (e.g. MLflow's). */
export function stageEnv(store: TrackingStore, runId: string, metricsFile: string): Record<string, string> {
  return { ...store.processEnv(runId), [RUN_ID_ENV]: runId, [METRICS_FILE_ENV]: metricsFile };
}

export interface IngestProblem {
  file: string;
  line: number;
  message: string;
}

/** The point a line describes, or why it does not describe one. */
export function parseLiveMetricLine(text: string, now: number): MetricPoint | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return `not JSON; expected e.g. {"key":"loss","value":0.3,"step":1}`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'expected a JSON object such as {"key":"loss","value":0.3,"step":1}';
  const o = v as Record<string, unknown>;
  if (typeof o.key !== 'string' || o.key === '') return '"key" must be a non-empty string';
  const value =
    typeof o.value === 'number'
      ? o.value
      : o.value === 'NaN' || o.value === 'Infinity' || o.value === '-Infinity'
        ? Number(o.value)
        : undefined;
  if (value === undefined)
    return `"value" of '${o.key}' must be a number (or "NaN", "Infinity", "-Infinity"), got ${JSON.stringify(o.value)}`;
  const step = o.step ?? 0;
  if (!Number.isSafeInteger(step)) return `"step" of '${o.key}' must be an integer, got ${JSON.stringify(o.step)}`;
  const timestamp = o.timestamp ?? now;
  if (!Number.isSafeInteger(timestamp))
    return `"timestamp" of '${o.key}' must be integer milliseconds since the epoch, got ${JSON.stringify(o.timestamp)}`;
  return { key: o.key, value, step: step as number, timestamp: timestamp as number };
}

/** Moves what a stage appends to its metrics file into the run, incrementally; call poll() as often as you like. */
export class LiveMetricsIngester {
  private readonly tail: FileTail;
  private chain: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly store: TrackingStore,
    private readonly runId: string,
    readonly file: string,
    private readonly onProblem: (p: IngestProblem) => void = () => {},
  ) {
    this.tail = new FileTail(file);
  }

  /** Ingests the lines appended since the last poll; resolves to the number of points logged. Polls never overlap. */
  poll(): Promise<number> {
    const next = this.chain.catch(() => 0).then(() => this.ingest());
    this.chain = next;
    return next;
  }

  private async ingest(): Promise<number> {
    const { lines, restarted } = this.tail.read();
    if (restarted)
      this.onProblem({
        file: this.file,
        line: 1,
        message: 'the file got shorter: it was rewritten instead of appended to; reading it again from the start',
      });
    let logged = 0;
    for (let i = 0; i < lines.length; i += BATCH) {
      const batch = lines.slice(i, i + BATCH);
      const points = this.parse(batch);
      if (points.length > 0) await this.store.logMetrics(this.runId, points);
      this.tail.commit(batch[batch.length - 1]!); // only after the store took them: a failed batch is retried next poll
      logged += points.length;
    }
    return logged;
  }

  private parse(lines: TailLine[]): MetricPoint[] {
    const now = Date.now();
    const points: MetricPoint[] = [];
    for (const l of lines) {
      if (l.text.trim() === '') continue;
      const p = parseLiveMetricLine(l.text, now);
      if (typeof p === 'string') this.onProblem({ file: this.file, line: l.line, message: p });
      else points.push(p);
    }
    return points;
  }
}

export interface Poller {
  poll(): Promise<number>;
}

/**
 * Polls `ingester` every `intervalMs` while a stage runs (polling, not fs.watch: watch events are lost on
 * some file systems and in containers). `stop()` makes one last poll, so nothing appended is left behind.
 */
export function follow(
  ingester: Poller,
  intervalMs: number,
  onError: (err: unknown) => void,
): { stop(): Promise<void> } {
  const timer = setInterval(() => ingester.poll().catch(onError), intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await ingester.poll();
    },
  };
}
