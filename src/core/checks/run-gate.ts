// The quality gate of one candidate (a finished run, or the workspace's metrics files) as every adapter asks
// for it: the rules of .mlops.json "checks", each relative rule's baseline resolved (baselines.ts), evaluated.
// `mlops check`, the editor's notification and run panel, Retrain → Promote and the Experiments table all
// come through here, so they cannot disagree. `gateBadge` is the short form the Experiments table's cell shows.
import { projectBlock } from '../project-config';
import type { ModelRegistry } from '../registry/types';
import type { RunSummary, TrackingStore } from '../tracking/types';
import { baselineResolver } from './baselines';
import { verdict } from './markdown';
import { type CheckReport, evaluateChecks } from './evaluate';
import { type CheckRule, parseCheckRules, withBaseline } from './rules';

export interface GateCandidate {
  /** e.g. `run 1a2b3c4d (Default)` or `workspace`. */
  label: string;
  metrics: Record<string, number>;
  runId?: string;
  experiment: string;
}

export interface GateContext {
  store: TrackingStore;
  /** Opened only when a rule names a registry stage or alias. */
  openRegistry: () => Promise<ModelRegistry>;
  /** The workspace: where .mlops.json is found and git revisions are read. */
  cwd: string;
  /** A baseline for every relative rule (`prod`, `HEAD~1`, `best`), overriding each rule's own `against`. */
  against?: string;
  /** What `best` means when it names no experiment (default: the candidate's). */
  experiment?: string;
}

/** No rules configured; no verdict (rules that cannot be read, a backend that failed: the message says which); or the verdict. */
export type RunGate =
  | { state: 'none' }
  | { state: 'error'; message: string }
  | { state: 'checked'; report: CheckReport };

export const runCandidate = (run: RunSummary): GateCandidate => ({
  label: `run ${run.id.slice(0, 8)} (${run.experiment})`,
  metrics: run.metrics,
  runId: run.id,
  experiment: run.experiment,
});

/** Evaluates given rules (already read) for a candidate. Backend failures throw (TrackingError, RegistryError). */
export function checkCandidate(
  rules: readonly CheckRule[],
  candidate: GateCandidate,
  ctx: GateContext,
): Promise<CheckReport> {
  const resolve = baselineResolver({
    store: ctx.store,
    openRegistry: ctx.openRegistry,
    cwd: ctx.cwd,
    candidateRunId: candidate.runId,
    experiment: ctx.experiment ?? candidate.experiment,
  });
  return evaluateChecks(withBaseline(rules, ctx.against), candidate, resolve);
}

/** The gate of a run with the workspace's rules. */
export async function gateForRun(run: RunSummary, ctx: GateContext): Promise<RunGate> {
  const rules = projectBlock(ctx.cwd, 'checks', parseCheckRules);
  if (!rules.ok) return { state: 'error', message: rules.message };
  if (rules.value.length === 0) return { state: 'none' };
  return { state: 'checked', report: await checkCandidate(rules.value, runCandidate(run), ctx) };
}

export interface GateBadge {
  /** `warn`: passed with failing warning rules; `unknown`: no verdict (rules unreadable, a backend failed). */
  verdict: 'pass' | 'warn' | 'fail' | 'unknown';
  /** `✓`, `✗ accuracy >= 0.85` (the first failing error rule), `⚠ 2 warnings`, `?`. */
  label: string;
  /** One line per rule: verdict, rule, message; or why there is no verdict. */
  tooltip: string;
}

/** The short form of a verdict a table cell shows (a gate without rules shows nothing, so it has none). */
export function gateBadge(gate: Exclude<RunGate, { state: 'none' }>): GateBadge {
  if (gate.state === 'error') return { verdict: 'unknown', label: '?', tooltip: gate.message };
  const { report } = gate;
  const failing = report.checks.filter((c) => !c.passed);
  const tooltip = report.checks.map((c) => `${verdict(c)}  ${c.rule}: ${c.message}`).join('\n');
  if (!report.passed) {
    const rule = failing.find((c) => c.severity === 'error')?.rule ?? '';
    return { verdict: 'fail', label: `✗ ${rule}`, tooltip };
  }
  if (failing.length > 0)
    return { verdict: 'warn', label: `⚠ ${failing.length} warning${failing.length === 1 ? '' : 's'}`, tooltip };
  return { verdict: 'pass', label: '✓', tooltip };
}

/** What the notification adds about the gate: its verdict with the values that decided it. */
export function gateSentence(gate: RunGate): string {
  if (gate.state === 'none') return '';
  if (gate.state === 'error') return ` Quality gate not evaluated: ${gate.message}`;
  const failed = gate.report.checks.filter((c) => !c.passed && c.severity === 'error');
  if (failed.length > 0) return ` Quality gate failed: ${failed.map((c) => c.message).join('; ')}.`;
  const n = gate.report.checks.length;
  const warnings = gate.report.checks.filter((c) => !c.passed).length;
  return ` Quality gate passed (${n} check${n === 1 ? '' : 's'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}).`;
}
