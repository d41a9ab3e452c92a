// What the drift panel draws for a column: the reference and current distributions on one shared axis, so
// they can be overlaid. Numeric columns: equal-width bins over the range both samples cover (the tests' own
// PSI bins are reference quantiles, which would hide where the current data moved to). Categorical columns:
// the most frequent categories of both samples together, the rest summed into one "other" bar. Counts, not
// shares: the panel normalises each side by its own total, so samples of different sizes compare.
import { asCategorical, type Column } from './columns';
import type { ColumnResult } from './detect';

export type Distribution =
  /** `edges` has one more entry than each count list; the last bin includes its upper edge. */
  | { kind: 'histogram'; edges: number[]; reference: number[]; current: number[] }
  /** `others`: how many further categories the last bar sums (0 = none, and no such bar). */
  | { kind: 'categories'; labels: string[]; reference: number[]; current: number[]; others: number }
  | { kind: 'none' };

export const HISTOGRAM_BINS = 30;
export const SHOWN_CATEGORIES = 15;

/** `result.type` (what the tests treated the column as) decides histogram or categories: one decision. */
export function distribution(reference: Column, current: Column, result: ColumnResult): Distribution {
  if (result.type === 'empty') return { kind: 'none' };
  if (result.type === 'numeric' && reference.kind === 'numeric' && current.kind === 'numeric') {
    return histogram(reference.values, current.values);
  }
  return categories(asCategorical(reference).counts, asCategorical(current).counts);
}

function histogram(reference: Float64Array, current: Float64Array): Distribution {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const side of [reference, current]) {
    for (const v of side) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  // One value everywhere: one bin around it.
  const bins = hi > lo ? HISTOGRAM_BINS : 1;
  const width = hi > lo ? (hi - lo) / bins : 1;
  const start = hi > lo ? lo : lo - 0.5;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins && hi > lo ? hi : start + i * width));
  const count = (values: Float64Array): number[] => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) counts[Math.min(bins - 1, Math.floor((v - start) / width))]!++;
    return counts;
  };
  return { kind: 'histogram', edges, reference: count(reference), current: count(current) };
}

function categories(reference: Map<string, number>, current: Map<string, number>): Distribution {
  const refTotal = [...reference.values()].reduce((a, b) => a + b, 0);
  const curTotal = [...current.values()].reduce((a, b) => a + b, 0);
  const weight = (c: string): number =>
    (reference.get(c) ?? 0) / Math.max(1, refTotal) + (current.get(c) ?? 0) / Math.max(1, curTotal);
  const all = [...new Set([...reference.keys(), ...current.keys()])].sort(
    (a, b) => weight(b) - weight(a) || (a < b ? -1 : 1),
  );
  const shown = all.length > SHOWN_CATEGORIES ? all.slice(0, SHOWN_CATEGORIES - 1) : all;
  const rest = all.slice(shown.length);
  const sum = (counts: Map<string, number>, keys: string[]) => keys.reduce((s, k) => s + (counts.get(k) ?? 0), 0);
  const labels = rest.length > 0 ? [...shown, `other (${rest.length})`] : shown;
  const side = (counts: Map<string, number>) => [
    ...shown.map((c) => counts.get(c) ?? 0),
    ...(rest.length > 0 ? [sum(counts, rest)] : []),
  ];
  return { kind: 'categories', labels, reference: side(reference), current: side(current), others: rest.length };
}
