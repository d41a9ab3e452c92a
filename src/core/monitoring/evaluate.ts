// Evaluates alert rules over the tracking backend: the newest finished runs of each watched experiment
// (newest first, as production jobs log one run per batch), read once per experiment. A rule whose
// experiment or metric has no runs yet does not fire and says so.
import type { RunSummary, TrackingStore } from '../tracking/types';
import { type AlertRule, describeCondition } from './rules';

export interface AlertResult {
  name: string;
  experiment: string;
  metric: string;
  /** The newest value of the metric (null when no finished run has it). */
  value: number | null;
  /** The run it came from. */
  run: string | null;
  fired: boolean;
  message: string;
}

export interface AlertsReport {
  alerts: AlertResult[];
  fired: boolean;
}

/** Enough runs for the longest `increasing` window; more are never read. */
function window(rules: readonly AlertRule[]): number {
  return Math.max(1, ...rules.map((r) => (r.condition.kind === 'increasing' ? r.condition.runs + 1 : 1)));
}

export async function evaluateAlerts(store: TrackingStore, rules: readonly AlertRule[]): Promise<AlertsReport> {
  const runsByExperiment = new Map<string, RunSummary[] | undefined>();
  for (const experiment of new Set(rules.map((r) => r.experiment))) {
    const exp = await store.getExperimentByName(experiment);
    if (!exp) {
      runsByExperiment.set(experiment, undefined);
      continue;
    }
    const watched = rules.filter((r) => r.experiment === experiment);
    // Runs without a watched metric (other jobs in the experiment) are skipped, so read a little more.
    const page = await store.searchRuns({
      experimentIds: [exp.id],
      filter: { statuses: ['FINISHED'] },
      pageSize: Math.min(1000, window(watched) * 4 + 10),
    });
    runsByExperiment.set(experiment, page.items);
  }
  const alerts = rules.map((rule) => evaluateRule(rule, runsByExperiment.get(rule.experiment)));
  return { alerts, fired: alerts.some((a) => a.fired) };
}

function evaluateRule(rule: AlertRule, runs: RunSummary[] | undefined): AlertResult {
  const base = { name: rule.name, experiment: rule.experiment, metric: rule.metric };
  if (runs === undefined) {
    return { ...base, value: null, run: null, fired: false, message: `no experiment '${rule.experiment}' yet` };
  }
  const series = runs.filter((r) => r.metrics[rule.metric] !== undefined);
  const newest = series[0];
  if (!newest) {
    return {
      ...base,
      value: null,
      run: null,
      fired: false,
      message: `no finished run of '${rule.experiment}' has ${rule.metric}`,
    };
  }
  const value = newest.metrics[rule.metric]!;
  const at = { ...base, value, run: newest.id };
  const c = rule.condition;
  let fired: boolean;
  let detail: string;
  switch (c.kind) {
    case 'above':
      fired = value > c.value;
      detail = `${rule.metric} ${value} ${fired ? '>' : '≤'} ${c.value}`;
      break;
    case 'below':
      fired = value < c.value;
      detail = `${rule.metric} ${value} ${fired ? '<' : '≥'} ${c.value}`;
      break;
    case 'drift':
      fired = value >= 1;
      detail = fired ? `drift detected in run ${newest.name}` : `no drift in run ${newest.name}`;
      break;
    case 'increasing': {
      const recent = series.slice(0, c.runs + 1).map((r) => r.metrics[rule.metric]!);
      fired = recent.length === c.runs + 1 && recent.every((v, i) => i === recent.length - 1 || v > recent[i + 1]!);
      detail = `${rule.metric} over the last ${recent.length} runs (newest first): ${recent.join(', ')}`;
      break;
    }
  }
  return { ...at, fired, message: fired ? `${describeCondition(rule)}: ${detail}` : detail };
}
