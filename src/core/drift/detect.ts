// Compares a current data file with its reference, column by column, and says which columns drifted and
// whether the dataset did. Every applicable test is computed and reported; the column's verdict is its
// decisive test's (tests.ts). A column with no values on either side is reported and left out of the share.
import { chi2Contingency } from './chi2';
import { asCategorical, type Column, DataFileError, type Table } from './columns';
import {
  binCounts,
  jensenShannonDistance,
  normalisedWasserstein,
  populationStabilityIndex,
  quantileEdges,
} from './distances';
import { ks2samp } from './ks';
import { crosses, decisiveTest, type DriftSettings, type TestName } from './tests';

export interface TestResult {
  test: TestName;
  statistic: number;
  /** null for distances. */
  pvalue: number | null;
  threshold: number;
  drift: boolean;
  /** PSI on a numeric column: the inner bin edges (reference quantiles); the outer bins are open. */
  bins?: number[];
}

interface ColumnBase {
  name: string;
  missing: { reference: number; current: number };
  /** Values present (not missing). */
  count: { reference: number; current: number };
}

export type ColumnResult =
  | (ColumnBase & { type: 'numeric' | 'categorical'; tests: TestResult[]; decidedBy: TestName; drift: boolean })
  | (ColumnBase & { type: 'empty'; tests: []; drift: false; note: string });

export interface DriftReport {
  reference: { file: string; rows: number };
  current: { file: string; rows: number };
  columns: ColumnResult[];
  /** Drifted columns / tested columns (0 when none could be tested). */
  share: number;
  shareThreshold: number;
  drift: boolean;
  /** Columns only one file has: a schema change, reported apart from drift. */
  schema: { onlyInReference: string[]; onlyInCurrent: string[] };
}

export function detectDrift(reference: Table, current: Table, settings: DriftSettings): DriftReport {
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  for (const name of settings.columns ?? []) {
    const missingFrom = [refByName.has(name) ? '' : reference.source, curByName.has(name) ? '' : current.source].filter(
      Boolean,
    );
    if (missingFrom.length > 0) {
      const known = reference.columns.map((c) => c.name).join(', ');
      throw new DataFileError(`column '${name}' is not in ${missingFrom.join(' or ')}; its columns: ${known}`);
    }
  }
  const names = settings.columns ?? reference.columns.map((c) => c.name).filter((n) => curByName.has(n));
  const forced = new Set(settings.categorical);
  const columns = names.map((name) =>
    compareColumn(refByName.get(name)!, curByName.get(name)!, forced.has(name), settings),
  );
  const tested = columns.filter((c) => c.type !== 'empty');
  const drifted = tested.filter((c) => c.drift).length;
  const share = tested.length === 0 ? 0 : drifted / tested.length;
  return {
    reference: { file: reference.source, rows: reference.rows },
    current: { file: current.source, rows: current.rows },
    columns,
    share,
    shareThreshold: settings.share,
    drift: tested.length > 0 && share >= settings.share,
    schema: {
      onlyInReference: reference.columns.map((c) => c.name).filter((n) => !curByName.has(n)),
      onlyInCurrent: current.columns.map((c) => c.name).filter((n) => !refByName.has(n)),
    },
  };
}

const present = (c: Column): number =>
  c.kind === 'numeric' ? c.values.length : [...c.counts.values()].reduce((a, b) => a + b, 0);

function compareColumn(ref: Column, cur: Column, forceCategorical: boolean, settings: DriftSettings): ColumnResult {
  const base: ColumnBase = {
    name: ref.name,
    missing: { reference: ref.missing, current: cur.missing },
    count: { reference: present(ref), current: present(cur) },
  };
  if (base.count.reference === 0 || base.count.current === 0) {
    const sides = [base.count.reference === 0 ? 'reference' : '', base.count.current === 0 ? 'current' : ''];
    return {
      ...base,
      type: 'empty',
      tests: [],
      drift: false,
      note: `no values in ${sides.filter(Boolean).join(' and ')}`,
    };
  }
  const numeric = !forceCategorical && ref.kind === 'numeric' && cur.kind === 'numeric';
  const tests = numeric
    ? numericTests(ref.values, cur.values, settings)
    : categoricalTests(asCategorical(ref), asCategorical(cur));
  const decidedBy = decisiveTest(numeric ? 'numeric' : 'categorical', base.count.reference, settings);
  const results: TestResult[] = tests.map((t) => {
    const threshold = settings.thresholds[t.test];
    return { ...t, threshold, drift: crosses(t.test, t.statistic, t.pvalue, threshold) };
  });
  const drift = results.find((t) => t.test === decidedBy)!.drift;
  return { ...base, type: numeric ? 'numeric' : 'categorical', tests: results, decidedBy, drift };
}

type Computed = Omit<TestResult, 'threshold' | 'drift'>;

/** Both ascending (as columns hold them). */
function numericTests(ref: Float64Array, cur: Float64Array, settings: DriftSettings): Computed[] {
  const ks = ks2samp(ref, cur);
  const edges = quantileEdges(ref, settings.bins);
  const psi = populationStabilityIndex(binCounts(ref, edges), binCounts(cur, edges));
  return [
    { test: 'ks', statistic: ks.statistic, pvalue: ks.pvalue },
    { test: 'psi', statistic: psi, pvalue: null, bins: edges },
    { test: 'wasserstein', statistic: normalisedWasserstein(ref, cur), pvalue: null },
  ];
}

function categoricalTests(
  ref: Extract<Column, { kind: 'categorical' }>,
  cur: Extract<Column, { kind: 'categorical' }>,
): Computed[] {
  const categories = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort();
  const refCounts = categories.map((c) => ref.counts.get(c) ?? 0);
  const curCounts = categories.map((c) => cur.counts.get(c) ?? 0);
  const chi2 = chi2Contingency(refCounts, curCounts);
  return [
    { test: 'chi2', statistic: chi2.statistic, pvalue: chi2.pvalue },
    { test: 'psi', statistic: populationStabilityIndex(refCounts, curCounts), pvalue: null },
    { test: 'jensenshannon', statistic: jensenShannonDistance(refCounts, curCounts), pvalue: null },
  ];
}

/** How far a column's decisive test is past (> 1) or short of (< 1) its threshold; 0 for an untested column. */
export function severity(column: ColumnResult): number {
  if (column.type === 'empty') return 0;
  const test = decisive(column);
  if (test.pvalue !== null) return test.pvalue === 0 ? Number.POSITIVE_INFINITY : test.threshold / test.pvalue;
  return test.statistic / test.threshold;
}

/** Most severe first, for people (the JSON keeps file order). */
export function bySeverity(columns: readonly ColumnResult[]): ColumnResult[] {
  return [...columns].sort((a, b) => severity(b) - severity(a));
}

export function decisive(column: Extract<ColumnResult, { type: 'numeric' | 'categorical' }>): TestResult {
  return column.tests.find((t) => t.test === column.decidedBy)!;
}
