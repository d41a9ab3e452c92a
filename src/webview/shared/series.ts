// Pure transforms from metric histories to chart data: x axis choice, smoothing, alignment of
// several runs onto one x array (what uPlot's aligned mode needs). No DOM here: unit-testable.
import type { Histories, XAxis } from '../contract';

/** A metric history the panel can grow: columns as plain arrays (live points are pushed). */
export interface Columns {
  steps: number[];
  values: number[];
  timestamps: number[];
}

/** Per run and metric key. */
export type ColumnHistories = Record<string, Record<string, Columns>>;

/** An indexed copy: several times faster than Array.from, which goes through the iterator. */
function plain(typed: Float64Array): number[] {
  const out = new Array<number>(typed.length);
  for (let i = 0; i < typed.length; i++) out[i] = typed[i] as number;
  return out;
}

/** What arrived as typed arrays becomes growable columns (one copy, a few ms for a million points). */
export function toColumns(histories: Histories): ColumnHistories {
  const out: ColumnHistories = {};
  for (const [runId, byKey] of Object.entries(histories)) {
    out[runId] = {};
    for (const [key, s] of Object.entries(byKey)) {
      (out[runId] as Record<string, Columns>)[key] = {
        steps: plain(s.steps),
        values: plain(s.values),
        timestamps: plain(s.timestamps),
      };
    }
  }
  return out;
}

export interface Line {
  xs: number[];
  ys: number[];
}

/** x of one point: step, wall-clock seconds, or seconds since the run started. */
export function xOf(step: number, timestamp: number, axis: XAxis, runStart: number): number {
  if (axis === 'step') return step;
  if (axis === 'wall') return timestamp / 1000;
  return (timestamp - runStart) / 1000;
}

/** A history as a line sorted by x (logging order is usually sorted already: checked in O(n)). */
export function toLine(series: Columns, axis: XAxis, runStart: number): Line {
  const xs =
    axis === 'step'
      ? series.steps.slice()
      : series.timestamps.map((t, i) => xOf(series.steps[i] as number, t, axis, runStart));
  const ys = series.values.slice();
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i] as number) < (xs[i - 1] as number)) {
      const order = xs.map((_, j) => j).sort((a, b) => (xs[a] as number) - (xs[b] as number) || a - b);
      return { xs: order.map((j) => xs[j] as number), ys: order.map((j) => ys[j] as number) };
    }
  }
  return { xs, ys };
}

/**
 * Debiased exponential moving average (as TensorBoard's smoothing): weight 0 returns the values,
 * NaN and infinite points are passed through and do not poison what follows.
 */
export function smooth(ys: readonly number[], weight: number): number[] {
  if (weight <= 0) return ys.slice();
  const out = new Array<number>(ys.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    count++;
    out[i] = last / (1 - Math.pow(weight, count));
  }
  return out;
}

/** Non-positive values cannot be drawn on a log scale: they become gaps. */
export function forLogScale(ys: readonly number[]): (number | null)[] {
  return ys.map((y) => (y > 0 ? y : null));
}

function sameXs(lines: readonly Line[]): boolean {
  const first = lines[0]?.xs;
  if (!first) return true;
  return lines.every((l) => l.xs.length === first.length && l.xs.every((x, i) => x === first[i]));
}

/**
 * Puts several lines on one sorted x array: the union of their xs, with null where a line has no
 * point. Lines that share their xs (the usual case: same steps) are passed through without copying.
 */
export function align(lines: readonly Line[]): [number[], ...(number | null)[][]] {
  if (lines.length === 0) return [[]];
  if (sameXs(lines)) return [(lines[0] as Line).xs, ...lines.map((l) => l.ys)];
  const union = Array.from(new Set(lines.flatMap((l) => l.xs))).sort((a, b) => a - b);
  const index = new Map(union.map((x, i) => [x, i]));
  const columns = lines.map((l) => {
    const column = new Array<number | null>(union.length).fill(null);
    l.xs.forEach((x, i) => {
      column[index.get(x) as number] = l.ys[i] as number;
    });
    return column;
  });
  return [union, ...columns];
}
