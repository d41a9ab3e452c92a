// The drift tests by name, what each needs, and when it calls a column drifted. p-value tests (KS,
// chi-square) drift when p < threshold; distances (PSI, Wasserstein, Jensen–Shannon) when the score ≥
// threshold — the conventions of Evidently, whose default thresholds these are except PSI (0.2, the
// usual "significant shift" level; Evidently uses 0.1).

export const NUMERIC_TESTS = ['ks', 'psi', 'wasserstein'] as const;
export const CATEGORICAL_TESTS = ['chi2', 'psi', 'jensenshannon'] as const;
export type NumericTest = (typeof NUMERIC_TESTS)[number];
export type CategoricalTest = (typeof CATEGORICAL_TESTS)[number];
export type TestName = NumericTest | CategoricalTest;
export const TEST_NAMES: readonly TestName[] = ['ks', 'chi2', 'psi', 'wasserstein', 'jensenshannon'];

export const P_VALUE_TESTS: ReadonlySet<TestName> = new Set(['ks', 'chi2']);

export const DEFAULT_THRESHOLDS: Readonly<Record<TestName, number>> = {
  ks: 0.05,
  chi2: 0.05,
  psi: 0.2,
  wasserstein: 0.1,
  jensenshannon: 0.1,
};

/** Reference samples up to this size get the p-value tests under `auto`, larger ones the distances (Evidently's rule). */
export const AUTO_SMALL_SAMPLE = 1000;

export interface DriftSettings {
  /** Which test decides a numeric column; `auto` picks KS for small references, Wasserstein for large. */
  numericTest: 'auto' | NumericTest;
  /** Which test decides a categorical column; `auto` picks chi-square for small references, Jensen–Shannon for large. */
  categoricalTest: 'auto' | CategoricalTest;
  thresholds: Record<TestName, number>;
  /** The dataset drifts when at least this share of the tested columns drift. */
  share: number;
  /** Reference-quantile bins for PSI on numeric columns. */
  bins: number;
  /** Columns read as categories even when every value is a number (ids, codes). */
  categorical: string[];
  /** Only these columns; all columns both files have when absent. */
  columns?: string[];
}

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = {
  numericTest: 'auto',
  categoricalTest: 'auto',
  thresholds: { ...DEFAULT_THRESHOLDS },
  share: 0.5,
  bins: 10,
  categorical: [],
};

export function decisiveTest(
  kind: 'numeric' | 'categorical',
  referenceSize: number,
  settings: DriftSettings,
): TestName {
  const small = referenceSize <= AUTO_SMALL_SAMPLE;
  if (kind === 'numeric') {
    return settings.numericTest === 'auto' ? (small ? 'ks' : 'wasserstein') : settings.numericTest;
  }
  return settings.categoricalTest === 'auto' ? (small ? 'chi2' : 'jensenshannon') : settings.categoricalTest;
}

export function crosses(test: TestName, statistic: number, pvalue: number | null, threshold: number): boolean {
  return P_VALUE_TESTS.has(test) ? (pvalue ?? 1) < threshold : statistic >= threshold;
}
