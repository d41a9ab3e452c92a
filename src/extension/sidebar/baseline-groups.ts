// How DVC experiments read in the Experiments tree: each baseline commit that has experiments, with them under
// it (the table's rows, grouped), their description (key metrics, or where and why they stand) and icon.
// Pure (no vscode import) so it is unit-tested; every string from git or the queue passes through `plain`.
import type { ExpRow, ExpRowStatus } from '../../core/experiments/table-rows';
import { formatMetric, plain, relativeTime } from './run-presentation';

export type BaselineRow = Extract<ExpRow, { kind: 'baseline' }>;
export type ExperimentRow = Extract<ExpRow, { kind: 'experiment' }>;

export interface BaselineGroup {
  baseline: BaselineRow;
  experiments: ExperimentRow[];
}

/** Baselines with at least one experiment (committed or in the queue), in the table's order. */
export function baselineGroups(rows: readonly ExpRow[]): BaselineGroup[] {
  const groups = new Map<string, BaselineGroup>();
  for (const row of rows) {
    if (row.kind === 'baseline') groups.set(row.id, { baseline: row, experiments: [] });
    else if (row.kind === 'experiment') groups.get(row.parent)?.experiments.push(row);
  }
  return [...groups.values()].filter((g) => g.experiments.length > 0);
}

export function baselineLabel(b: BaselineRow): string {
  return `${b.name}${b.head ? ' (HEAD)' : ''} ${plain(b.subject)}`;
}

/** Pinned metrics it has (else its first three), or what it is waiting for / why it failed. */
export function experimentDescription(row: ExperimentRow, pinned: readonly string[], now: number): string {
  if (row.status === 'failed') return `failed${row.message ? `: ${plain(row.message)}` : ''}`;
  if (row.status === 'queued' || row.status === 'running') {
    const where = row.executor?.kind === 'ray' ? ` on Ray (${plain(row.executor.jobId)})` : '';
    return `${row.status}${where}`;
  }
  const names = pinned.filter((k) => k in row.metrics);
  const chosen = names.length > 0 ? names : Object.keys(row.metrics).sort().slice(0, 3);
  const metrics = chosen.map((k) => `${plain(k)}=${formatMetric(row.metrics[k] as number)}`);
  return [...metrics, row.created === null ? '' : relativeTime(row.created, now)].filter(Boolean).join('  ');
}

/** Codicon and theme colour per status; running spins. */
export function experimentIcon(status: ExpRowStatus): { id: string; color?: string } {
  switch (status) {
    case 'running':
      return { id: 'sync~spin', color: 'charts.blue' };
    case 'queued':
      return { id: 'watch' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'success':
      return { id: 'beaker', color: 'testing.iconPassed' };
    case 'baseline':
      return { id: 'git-commit' };
    case 'workspace':
      return { id: 'folder' };
  }
}
