// Quality-gate rules, the "checks" block of .mlops.json, checked into typed rules. One entry may carry
// several bounds; each bound is its own rule (and its own line in the report):
//   "checks": [ {"metric": "accuracy", "min": 0.85},
//               {"metric": "loss", "max_increase": 0.01, "against": "prod", "severity": "warning"} ]
// Absolute bounds: min, max. Relative to a baseline (`against`: a registry stage or alias, `model#stage`,
// a git revision, or `best` / `best:EXPERIMENT`): max_increase, max_decrease — the allowed change in the
// metric's own units.
import { isObject, type Parsed } from '../parsed';

export type Severity = 'error' | 'warning';

export type Bound =
  | { kind: 'min' | 'max'; value: number }
  | { kind: 'max_increase' | 'max_decrease'; value: number; against: string | undefined };

export interface CheckRule {
  /** What the report calls it, e.g. `accuracy >= 0.85` or `loss increase <= 0.01 vs prod`. */
  name: string;
  metric: string;
  bound: Bound;
  severity: Severity;
}

const BOUNDS = ['min', 'max', 'max_increase', 'max_decrease'] as const;
const KEYS = ['metric', ...BOUNDS, 'against', 'severity', 'name'];

/** Which way is better for the metric, read from the bound: a floor means higher is better. */
export const higherIsBetter = (bound: Bound): boolean => bound.kind === 'min' || bound.kind === 'max_decrease';

export function ruleName(metric: string, bound: Bound): string {
  switch (bound.kind) {
    case 'min':
      return `${metric} >= ${bound.value}`;
    case 'max':
      return `${metric} <= ${bound.value}`;
    case 'max_increase':
      return `${metric} increase <= ${bound.value} vs ${bound.against ?? 'baseline'}`;
    case 'max_decrease':
      return `${metric} decrease <= ${bound.value} vs ${bound.against ?? 'baseline'}`;
  }
}

export function parseCheckRules(raw: unknown, where: string): Parsed<CheckRule[]> {
  const fail = (message: string): Parsed<CheckRule[]> => ({ ok: false, message: `${where}: ${message}` });
  if (raw === undefined) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return fail('"checks" must be a list of rules such as {"metric": "accuracy", "min": 0.85}');
  const rules: CheckRule[] = [];
  for (const [i, entry] of raw.entries()) {
    const at = `"checks[${i}]"`;
    if (!isObject(entry)) return fail(`${at} must be an object such as {"metric": "accuracy", "min": 0.85}`);
    const unknown = Object.keys(entry).find((k) => !KEYS.includes(k));
    if (unknown) return fail(`${at}."${unknown}" is not a rule key; use ${KEYS.join(', ')}`);
    const { metric, against, severity = 'error', name } = entry;
    if (typeof metric !== 'string' || metric === '')
      return fail(`${at} needs "metric": the metric's name, e.g. "accuracy"`);
    if (against !== undefined && (typeof against !== 'string' || against === ''))
      return fail(`${at}."against" must be a stage, alias, git revision or "best", e.g. "prod"`);
    if (severity !== 'error' && severity !== 'warning')
      return fail(`${at}."severity" is ${JSON.stringify(severity)}; use error or warning`);
    if (name !== undefined && typeof name !== 'string') return fail(`${at}."name" must be text`);
    const present = BOUNDS.filter((b) => entry[b] !== undefined);
    if (present.length === 0) return fail(`${at} has no bound; give one of ${BOUNDS.join(', ')}`);
    for (const kind of present) {
      const value = entry[kind];
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail(`${at}."${kind}" must be a number, not ${JSON.stringify(value)}`);
      if ((kind === 'max_increase' || kind === 'max_decrease') && value < 0)
        return fail(`${at}."${kind}" must be 0 or more (the allowed change)`);
      const bound: Bound =
        kind === 'min' || kind === 'max' ? { kind, value } : { kind, value, against: against as string | undefined };
      if (against !== undefined && (kind === 'min' || kind === 'max') && present.length === 1)
        return fail(`${at}."against" needs a relative bound (max_increase or max_decrease); min and max are absolute`);
      rules.push({
        name: typeof name === 'string' && present.length === 1 ? name : ruleName(metric, bound),
        metric,
        bound,
        severity,
      });
    }
  }
  return { ok: true, value: rules };
}

/** The rules with every relative bound compared against `against` instead (the CLI's --against REF). */
export function withBaseline(rules: readonly CheckRule[], against: string | undefined): CheckRule[] {
  return rules.map((rule) => {
    if (against === undefined || !('against' in rule.bound)) return rule;
    const bound = { ...rule.bound, against };
    return { ...rule, bound, name: ruleName(rule.metric, bound) };
  });
}
