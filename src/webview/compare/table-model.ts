// The comparison table as data: which columns to show, row order, and the best value per metric.
// Pure, so it is unit-tested without a browser.
import type { RunSummary } from '../../core/tracking/types';

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

/** Sorts by a column; runs without a value sort last in either direction; numeric-looking params sort as numbers. */
export function sortRuns(runs: readonly RunSummary[], column: string, descending: boolean): RunSummary[] {
  const key = (r: RunSummary): string | number | undefined => {
    const v = cellValue(r, column);
    return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
  };
  return runs
    .map((run, index) => ({ run, index, value: key(run) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined) {
        return a.value === b.value ? a.index - b.index : a.value === undefined ? 1 : -1;
      }
      const cmp =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value));
      return (descending ? -cmp : cmp) || a.index - b.index;
    })
    .map((x) => x.run);
}

const lowerIsBetter = /(loss|err|error|mse|mae|rmse|perplexity|latency|time|duration)/i;

/** The best value of each metric among the runs: the minimum for loss-like names, else the maximum. */
export function bestValues(runs: readonly RunSummary[], metrics: readonly string[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const key of metrics) {
    const values = runs.map((r) => r.metrics[key]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) continue;
    best.set(key, lowerIsBetter.test(key) ? Math.min(...values) : Math.max(...values));
  }
  return best;
}
