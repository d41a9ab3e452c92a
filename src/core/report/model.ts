// What `mlops report` shows, gathered once and rendered as Markdown or HTML (render-md.ts, render-html.ts):
// the candidate run against a baseline — params and metrics side by side with their change, the quality gate,
// the plots of the working copy (and of the baseline's commit when it has one), and the model's lineage.
import type { CheckReport } from '../checks/evaluate';
import type { Plot } from '../plots/collect';
import type { ModelVersionInfo } from '../registry/types';
import type { GitInfo, RunOutput } from '../tracking/types';

export interface DiffRow {
  key: string;
  baseline: string | number | null;
  candidate: string | number | null;
  /** candidate − baseline, for metrics both sides have. */
  change: number | null;
}

export interface ReportModel {
  title: string;
  candidate: { label: string; runId: string; git: GitInfo | null; outputs: RunOutput[] };
  /** null when no baseline was asked for or it does not exist yet. */
  baseline: { label: string } | null;
  /** Why there is no baseline, when one was asked for. */
  baselineNote: string | null;
  params: DiffRow[];
  metrics: DiffRow[];
  gate: CheckReport | null;
  plots: Plot[];
  /** Registered versions made from the candidate or the baseline run. */
  lineage: { model: string; version: ModelVersionInfo }[];
}

/** Rows for every key either side has, sorted; `change` only for numbers on both sides. */
export function diffRows(
  baseline: Record<string, string | number> | undefined,
  candidate: Record<string, string | number>,
): DiffRow[] {
  const keys = [...new Set([...Object.keys(baseline ?? {}), ...Object.keys(candidate)])].sort();
  return keys.map((key) => {
    const before = baseline?.[key] ?? null;
    const after = candidate[key] ?? null;
    const change = typeof before === 'number' && typeof after === 'number' ? after - before : null;
    return { key, baseline: before, candidate: after, change };
  });
}
