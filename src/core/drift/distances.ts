// Distances between a reference and a current sample, each as its reference computes it:
// Wasserstein-1 between empirical distributions (scipy.stats.wasserstein_distance: the integral of
// |F_ref − F_cur|), normalised by the reference's population standard deviation (floored at 0.001, as
// Evidently's "wasserstein" drift test does, so a constant reference column still gives a finite score);
// Jensen–Shannon distance (scipy.spatial.distance.jensenshannon, natural log, so at most √ln 2);
// and the population stability index Σ (cur − ref)·ln(cur/ref) over bins.
import { CompensatedSum } from './special';

/** Both sorted ascending, non-empty, without NaN. */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  const sum = new CompensatedSum();
  let i = 0;
  let j = 0;
  // Walk the merged values; between consecutive values both CDFs are constant.
  let previous = Math.min(a[0]!, b[0]!);
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (v !== previous) sum.add(Math.abs(i / n1 - j / n2) * (v - previous));
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    previous = v;
  }
  return sum.value;
}

/** Evidently's floor for the normalising standard deviation. */
export const MIN_NORMALISING_STD = 0.001;

/** Population standard deviation (numpy's np.std, ddof 0), two-pass with compensated sums. */
export function populationStd(values: Float64Array): number {
  const total = new CompensatedSum();
  for (const v of values) total.add(v);
  const mean = total.value / values.length;
  const squares = new CompensatedSum();
  for (const v of values) squares.add((v - mean) * (v - mean));
  return Math.sqrt(squares.value / values.length);
}

export function normalisedWasserstein(reference: Float64Array, current: Float64Array): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), MIN_NORMALISING_STD);
}

/** Counts (or weights) of the same bins on both sides; each side is normalised to sum to 1. */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const pTotal = total(p);
  const qTotal = total(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pTotal;
    const qi = q[i]! / qTotal;
    const mi = (pi + qi) / 2;
    if (pi > 0) left += pi * Math.log(pi / mi);
    if (qi > 0) right += qi * Math.log(qi / mi);
  }
  return Math.sqrt((left + right) / 2);
}

/** A bin empty on one side would make PSI infinite; its share is taken as this instead (as Evidently does). */
export const PSI_EMPTY_BIN_SHARE = 0.0001;

export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const refTotal = total(reference);
  const curTotal = total(current);
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]! / refTotal || PSI_EMPTY_BIN_SHARE;
    const c = current[i]! / curTotal || PSI_EMPTY_BIN_SHARE;
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

/**
 * Inner edges of `bins` reference-quantile bins (numpy's default linear quantiles), duplicates dropped —
 * a column with many ties gets fewer, wider bins. The outer bins are open, so every current value lands in one.
 */
export function quantileEdges(sortedReference: Float64Array, bins: number): number[] {
  const edges: number[] = [];
  const n = sortedReference.length;
  for (let k = 1; k < bins; k++) {
    const position = (k / bins) * (n - 1);
    const lo = Math.floor(position);
    const t = position - lo;
    const a = sortedReference[lo]!;
    const b = sortedReference[Math.min(lo + 1, n - 1)]!;
    // numpy's lerp: from the nearer end, so an edge at an observation is that observation exactly.
    const edge = t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/** Counts of a sorted sample per bin; bin i holds edges[i−1] ≤ v < edges[i] (numpy searchsorted 'right'). */
export function binCounts(sorted: Float64Array, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let bin = 0;
  for (const v of sorted) {
    while (bin < edges.length && v >= edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts;
}
