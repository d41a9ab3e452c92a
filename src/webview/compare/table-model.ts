// The comparison table as data: which columns to show, row order, and the best value per metric.
// Pure, so it is unit-tested without a browser.
import type { RunSummary } from '../../core/tracking/types';
import { bestValues as bestOf, sortByValue } from '../shared/order';

export interface Columns {
  params: string[];
  metrics: string[];
}

function differs(runs: readonly RunSummary[], value: (r: RunSummary) => string | number | undefined): boolean {
  const first = value(runs[0] as RunSummary);
  return runs.some((r) => value(r) !== first);
}

/** Every param and metric key of the runs; with `onlyDifferences`, those equal in every run are dropped. */
export function columns(runs: readonly RunSummary[], onlyDifferences: boolean): Columns {
  const params = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  if (!onlyDifferences || runs.length < 2) return { params, metrics };
  return {
    params: params.filter((k) => differs(runs, (r) => r.params[k])),
    metrics: metrics.filter((k) => differs(runs, (r) => r.metrics[k])),
  };
}

/** Column ids: `name`, `status`, `startTime`, `param:<key>`, `metric:<key>`. */
export function cellValue(run: RunSummary, column: string): string | number | undefined {
  if (column === 'name') return run.name;
  if (column === 'status') return run.status;
  if (column === 'startTime') return run.startTime;
  if (column.startsWith('param:')) return run.params[column.slice(6)];
  if (column.startsWith('metric:')) return run.metrics[column.slice(7)];
  return undefined;
}

/** Sorts by a column (shared/order.ts: missing values last, numeric-looking params as numbers). */
export function sortRuns(runs: readonly RunSummary[], column: string, descending: boolean): RunSummary[] {
  return sortByValue(runs, (r) => cellValue(r, column), descending);
}

/** The best value of each metric among the runs: the minimum for loss-like names, else the maximum. */
export function bestValues(runs: readonly RunSummary[], metrics: readonly string[]): Map<string, number> {
  return bestOf(runs, metrics, (r, k) => r.metrics[k]);
}
