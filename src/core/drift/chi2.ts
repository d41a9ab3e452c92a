// Pearson's chi-square test of independence on the 2×k table (reference, current) × category, as
// scipy.stats.chi2_contingency(observed) with its defaults: expected = row·column/total, dof = k − 1,
// Yates' continuity correction (by at most 0.5, never past the expected count) when dof is 1, and
// statistic 0 with p-value 1 when only one category occurs (dof 0).
import { chi2Sf } from './special';

export interface Chi2Result {
  statistic: number;
  pvalue: number;
  dof: number;
}

/** `reference[i]` and `current[i]` count category i; every category occurs on at least one side; both sides non-empty. */
export function chi2Contingency(reference: ArrayLike<number>, current: ArrayLike<number>): Chi2Result {
  const k = reference.length;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pvalue: 1, dof };
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < k; i++) {
    refTotal += reference[i]!;
    curTotal += current[i]!;
  }
  const total = refTotal + curTotal;
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const column = reference[i]! + current[i]!;
    for (const [observed, rowTotal] of [
      [reference[i]!, refTotal],
      [current[i]!, curTotal],
    ] as const) {
      const expected = (rowTotal * column) / total;
      let o = observed;
      if (dof === 1) {
        const diff = expected - observed;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += ((o - expected) * (o - expected)) / expected;
    }
  }
  return { statistic, pvalue: chi2Sf(statistic, dof), dof };
}
