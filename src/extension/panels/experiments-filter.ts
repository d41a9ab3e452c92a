// The experiments table's filter: the Experiments view's language (sidebar/filter-input.ts: MLflow's syntax,
// bare keys meaning metrics, other text matching names) applied to the table's rows by the tracking core's own
// matcher, with a row's status read as a run's (queued and running both as RUNNING). Pure, unit-tested.
import type { ExpRow } from '../../core/experiments/table-rows';
import { matchesQuery, type RunView } from '../../core/tracking/query';
import type { RunStatus } from '../../core/tracking/types';
import { parseFilterInput } from '../sidebar/filter-input';

interface Searchable {
  id: string;
  experimentId: string;
  name: string;
  startTime: number;
  lifecycle: 'active';
  row: ExpRow;
}

const STATUS: Record<ExpRow['status'], RunStatus> = {
  workspace: 'FINISHED',
  baseline: 'FINISHED',
  success: 'FINISHED',
  queued: 'RUNNING',
  running: 'RUNNING',
  failed: 'FAILED',
};

const view: RunView<Searchable> = {
  metric: (s, k) => s.row.metrics[k],
  param: (s, k) => s.row.params[k],
  tag: () => undefined,
  status: (s) => STATUS[s.row.status],
  endTime: () => null,
};

/** The ids of the rows the filter keeps (null: no filter), or why the text is not a filter. */
export function filterRows(
  rows: readonly ExpRow[],
  text: string,
): { visible: string[] | null; error?: undefined } | { visible: null; error: string } {
  const parsed = parseFilterInput(text);
  if (parsed.error !== undefined) return { visible: null, error: parsed.error };
  const f = parsed.filter;
  if (!f.text && !f.statuses?.length && !f.conditions?.length) return { visible: null };
  return {
    visible: rows
      .filter((row) =>
        matchesQuery(
          { id: row.id, experimentId: '', name: row.name, startTime: row.created ?? 0, lifecycle: 'active', row },
          { filter: f },
          view,
        ),
      )
      .map((r) => r.id),
  };
}
