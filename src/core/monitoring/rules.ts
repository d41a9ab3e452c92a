// Monitoring alerts, the "alerts" block of .mlops.json: each watches one metric of one experiment that
// production jobs log to (a run per batch), and fires on the newest finished run:
//   {"name": "accuracy drop", "experiment": "monitoring", "metric": "accuracy", "below": 0.8}
//   {"name": "slow", "experiment": "monitoring", "metric": "latency_ms", "above": 250}
//   {"name": "loss creeping", "experiment": "monitoring", "metric": "loss", "increasing": 3}
//   {"name": "data drift", "experiment": "monitoring", "drift": true}
// `increasing: N` fires when the metric rose in each of the last N runs (N + 1 values); `drift: true` watches
// `drift_detected` (what `mlops drift --metrics-out` writes) and fires when it is 1.
import { isObject, type Parsed } from '../parsed';

export type Condition =
  | { kind: 'above' | 'below'; value: number }
  | { kind: 'increasing'; runs: number }
  | { kind: 'drift' };

export interface AlertRule {
  name: string;
  experiment: string;
  metric: string;
  condition: Condition;
}

/** The metric a `drift: true` rule watches. */
export const DRIFT_METRIC = 'drift_detected';

const KEYS = ['name', 'experiment', 'metric', 'above', 'below', 'increasing', 'drift'];
const CONDITIONS = ['above', 'below', 'increasing', 'drift'] as const;

export function describeCondition(rule: AlertRule): string {
  const c = rule.condition;
  if (c.kind === 'drift') return 'data drift detected';
  if (c.kind === 'increasing') return `${rule.metric} rose in each of the last ${c.runs} runs`;
  return `${rule.metric} ${c.kind} ${c.value}`;
}

export function parseAlertRules(raw: unknown, where: string): Parsed<AlertRule[]> {
  const fail = (message: string): Parsed<AlertRule[]> => ({ ok: false, message: `${where}: ${message}` });
  if (raw === undefined) return { ok: true, value: [] };
  if (!Array.isArray(raw))
    return fail('"alerts" must be a list such as [{"experiment": "monitoring", "metric": "accuracy", "below": 0.8}]');
  const rules: AlertRule[] = [];
  const names = new Set<string>();
  for (const [i, entry] of raw.entries()) {
    const at = `"alerts[${i}]"`;
    if (!isObject(entry)) return fail(`${at} must be an object`);
    const unknown = Object.keys(entry).find((k) => !KEYS.includes(k));
    if (unknown) return fail(`${at}."${unknown}" is not an alert key; use ${KEYS.join(', ')}`);
    const { experiment, metric, drift } = entry;
    if (typeof experiment !== 'string' || experiment === '')
      return fail(`${at} needs "experiment": the experiment production jobs log to, e.g. "monitoring"`);
    const present = CONDITIONS.filter((c) => entry[c] !== undefined);
    if (present.length !== 1) return fail(`${at} needs exactly one of ${CONDITIONS.join(', ')}`);
    const kind = present[0]!;
    let condition: Condition;
    if (kind === 'drift') {
      if (drift !== true) return fail(`${at}."drift" must be true`);
      if (metric !== undefined && metric !== DRIFT_METRIC)
        return fail(`${at}: a drift alert watches "${DRIFT_METRIC}"; leave "metric" out`);
      condition = { kind };
    } else {
      if (typeof metric !== 'string' || metric === '') return fail(`${at} needs "metric", e.g. "accuracy"`);
      const value = entry[kind];
      if (kind === 'increasing') {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000)
          return fail(`${at}."increasing" must be a whole number of runs from 1 to 1000`);
        condition = { kind, runs: value };
      } else {
        if (typeof value !== 'number' || !Number.isFinite(value))
          return fail(`${at}."${kind}" must be a number, not ${JSON.stringify(value)}`);
        condition = { kind, value };
      }
    }
    const watched = kind === 'drift' ? DRIFT_METRIC : (metric as string);
    const name =
      typeof entry.name === 'string' && entry.name !== ''
        ? entry.name
        : `${experiment}: ${kind === 'drift' ? 'drift' : `${watched} ${kind}`}`;
    if (names.has(name)) return fail(`${at}: another alert is already named "${name}"; names must differ`);
    names.add(name);
    rules.push({ name, experiment, metric: watched, condition });
  }
  return { ok: true, value: rules };
}
