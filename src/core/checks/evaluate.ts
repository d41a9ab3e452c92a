// Evaluates quality-gate rules against a candidate's metrics: absolute bounds directly, relative bounds
// against a baseline the caller resolves (baselines.ts). A baseline that does not exist yet (nothing in
// prod on the first release) skips the rule rather than blocking the release that creates it; a metric the
// candidate did not log fails the rule. The gate passes when no error-severity rule fails.
import { type CheckRule, higherIsBetter, type Severity } from './rules';

export type Baseline =
  | {
      ok: true;
      /** e.g. `churn v3 (prod), run 1a2b3c` */
      label: string;
      metrics: Record<string, number>;
      /** The baseline run's params and id, when the baseline is a run (not committed metrics files). */
      params?: Record<string, string>;
      runId?: string;
    }
  /** `absent`: nothing to compare with yet (skips the rule); otherwise the reference itself is wrong (fails it). */
  | { ok: false; absent: boolean; reason: string };

export interface BaselineRequest {
  against: string;
  metric: string;
  /** For `best`: which end of the metric is best. */
  higherIsBetter: boolean;
}

export type ResolveBaseline = (request: BaselineRequest) => Promise<Baseline>;

export interface CheckResult {
  rule: string;
  metric: string;
  severity: Severity;
  value: number | null;
  baseline: number | null;
  /** The reference compared with, for relative rules. */
  against: string | null;
  passed: boolean;
  /** Passed only because there was nothing to compare with. */
  skipped: boolean;
  message: string;
}

export interface CheckReport {
  /** What was checked, e.g. `run 1a2b3c (Default)` or `workspace`. */
  candidate: string;
  checks: CheckResult[];
  passed: boolean;
}

/** Float noise must not fail a gate at its exact boundary (0.91 − 0.90 > 0.01 in binary). */
const slack = (scale: number): number => 1e-12 * Math.max(1, Math.abs(scale));

const show = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

export async function evaluateChecks(
  rules: readonly CheckRule[],
  candidate: { label: string; metrics: Record<string, number> },
  resolve: ResolveBaseline,
): Promise<CheckReport> {
  const checks: CheckResult[] = [];
  for (const rule of rules) checks.push(await evaluateRule(rule, candidate, resolve));
  return { candidate: candidate.label, checks, passed: checks.every((c) => c.passed || c.severity !== 'error') };
}

async function evaluateRule(
  rule: CheckRule,
  candidate: { label: string; metrics: Record<string, number> },
  resolve: ResolveBaseline,
): Promise<CheckResult> {
  const { bound, metric } = rule;
  const against = 'against' in bound ? (bound.against ?? null) : null;
  const result = (
    passed: boolean,
    message: string,
    value: number | null,
    baseline: number | null = null,
    skipped = false,
  ): CheckResult => ({
    rule: rule.name,
    metric,
    severity: rule.severity,
    value,
    baseline,
    against,
    passed,
    skipped,
    message,
  });
  const value = candidate.metrics[metric];
  if (value === undefined) return result(false, `${metric} was not logged by ${candidate.label}`, null);
  if (Number.isNaN(value)) return result(false, `${metric} is NaN in ${candidate.label}`, value);
  if (bound.kind === 'min') {
    return value >= bound.value - slack(bound.value)
      ? result(true, `${metric} ${show(value)} ≥ ${show(bound.value)}`, value)
      : result(false, `${metric} ${show(value)} is below the minimum ${show(bound.value)}`, value);
  }
  if (bound.kind === 'max') {
    return value <= bound.value + slack(bound.value)
      ? result(true, `${metric} ${show(value)} ≤ ${show(bound.value)}`, value)
      : result(false, `${metric} ${show(value)} is above the maximum ${show(bound.value)}`, value);
  }
  if (against === null) {
    return result(false, `${rule.name}: no baseline given; add "against" to the rule or pass --against REF`, value);
  }
  const base = await resolve({ against, metric, higherIsBetter: higherIsBetter(bound) });
  if (!base.ok)
    return result(base.absent, base.absent ? `skipped: ${base.reason}` : base.reason, value, null, base.absent);
  const reference = base.metrics[metric];
  if (reference === undefined || Number.isNaN(reference)) {
    return result(true, `skipped: ${base.label} has no ${metric} to compare with`, value, null, true);
  }
  const change = value - reference;
  const delta = `${change >= 0 ? '+' : ''}${show(change)}`;
  const vs = `${metric} ${show(value)} vs ${show(reference)} in ${base.label} (${delta})`;
  if (bound.kind === 'max_increase') {
    return change <= bound.value + slack(reference)
      ? result(true, vs, value, reference)
      : result(false, `${vs}: rose more than the allowed ${show(bound.value)}`, value, reference);
  }
  return -change <= bound.value + slack(reference)
    ? result(true, vs, value, reference)
    : result(false, `${vs}: fell more than the allowed ${show(bound.value)}`, value, reference);
}
