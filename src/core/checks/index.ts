// Quality gates: rules from .mlops.json "checks", evaluated on a run or the workspace against absolute
// bounds and baselines (registry stage or alias, git revision, best of an experiment).
export { type BaselineContext, type BaselineSource, baselineResolver, baselineSource } from './baselines';
export { type Baseline, type CheckReport, type CheckResult, evaluateChecks, type ResolveBaseline } from './evaluate';
export { checksMarkdown, verdict } from './markdown';
export { type CheckRule, higherIsBetter, parseCheckRules, withBaseline } from './rules';
export { type TableGates, tableGates } from './table-gates';
export { workspaceMetrics } from './workspace';
export {
  checkCandidate,
  type GateBadge,
  type GateCandidate,
  type GateContext,
  gateBadge,
  gateForRun,
  gateSentence,
  type RunGate,
  runCandidate,
} from './run-gate';
