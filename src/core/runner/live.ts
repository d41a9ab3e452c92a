// Live metrics: a stage appends JSON lines to the file named by $MLOPS_METRICS_FILE while it runs
// (`{"name": "loss", "value": 0.3, "step": 4}`; `key` is accepted for `name`, `timestamp` in ms is optional).
// The tailer reads what was appended since last time; a partial last line waits for its newline.
import * as fs from 'node:fs';
import type { MetricPoint } from '../tracking/types';

export function parseLiveLine(line: string, now: number): MetricPoint | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const key = typeof o.name === 'string' ? o.name : typeof o.key === 'string' ? o.key : undefined;
  if (key === undefined || typeof o.value !== 'number') return undefined;
  const step = typeof o.step === 'number' && Number.isInteger(o.step) ? o.step : 0;
  const timestamp = typeof o.timestamp === 'number' ? o.timestamp : now;
  return { key, value: o.value, step, timestamp };
}

export class LiveTail {
  private offset = 0;
  private partial = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly onPoints: (points: MetricPoint[]) => void,
  ) {}

  start(intervalMs = 300): void {
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Reads everything appended so far (also called once more when the run ends). */
  poll(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      const n = fs.readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      const text = this.partial + buf.subarray(0, n).toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      const now = Date.now();
      const points = lines.map((l) => parseLiveLine(l, now)).filter((p): p is MetricPoint => p !== undefined);
      if (points.length > 0) this.onPoints(points);
    } finally {
      fs.closeSync(fd);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.poll();
  }
}
