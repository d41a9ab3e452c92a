// The experiments table as data: its columns (fixed ones, then every metric and param key) in the order the
// user chose, the rows to draw — pinned ones first, the working copy, then each baseline followed by its
// experiments sorted by the chosen column and kept by the host's filter — and the best value of each metric.
// The gate column exists when the host sent gates (the project has "checks"). A window of several folders sends
// each folder's rows under a folder row: the order is kept, the best values are each folder's own (two
// projects' `accuracy` are not one measure). Pure, so it is unit-tested without a browser.
import type { ExpRow, ExpTableSettings, GateBadge, TableRow } from '../experiments-contract';
import { bestValues, sortByValue } from '../shared/order';

export const FIXED_COLUMNS = ['name', 'status', 'created', 'executor'] as const;
export const GATE_COLUMN = 'gate';
export const DEPS_COLUMN = 'deps';

/** Row id → its quality gate's badge (finished experiments only). */
export type Gates = ReadonlyMap<string, GateBadge>;

/** Sorting by the gate: failing first ascending, passing first descending. */
const GATE_RANK: Record<GateBadge['verdict'], number> = { fail: 0, unknown: 1, warn: 2, pass: 3 };

/** `name`, `status`, `gate` (if any), `created`, `executor`, `metric:<key>`, `param:<key>`, `deps`. */
export function allColumns(rows: readonly TableRow[], gates: Gates): string[] {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const r of rows) {
    if (r.kind === 'folder') continue;
    for (const k in r.metrics) metrics.add(k);
    for (const k in r.params) params.add(k);
  }
  const [name, status, ...rest] = FIXED_COLUMNS;
  return [
    name,
    status,
    ...(gates.size > 0 ? [GATE_COLUMN] : []),
    ...rest,
    ...[...metrics].sort().map((k) => `metric:${k}`),
    ...[...params].sort().map((k) => `param:${k}`),
    DEPS_COLUMN,
  ];
}

/** The columns shown, in order: the chosen order first (those that exist), the rest after; `name` always first. */
export function shownColumns(all: readonly string[], settings: ExpTableSettings): string[] {
  const exists = new Set(all);
  const hidden = new Set(settings.hidden);
  const ordered = [...settings.order.filter((c) => exists.has(c)), ...all.filter((c) => !settings.order.includes(c))];
  return ['name', ...ordered.filter((c) => c !== 'name' && !hidden.has(c))];
}

export function columnLabel(column: string): string {
  if (column === DEPS_COLUMN) return 'changed deps';
  return column.replace(/^(metric|param):/, '');
}

export function cellValue(row: ExpRow, column: string): string | number | undefined {
  if (column.startsWith('metric:')) return row.metrics[column.slice(7)];
  if (column.startsWith('param:')) return row.params[column.slice(6)];
  switch (column) {
    case 'name':
      return row.name;
    case 'status':
      return row.status;
    case 'created':
      return row.created ?? undefined;
    case 'executor':
      return row.kind !== 'experiment' || !row.executor
        ? undefined
        : row.executor.kind === 'ray'
          ? `Ray ${row.executor.jobId}`
          : 'this machine';
    case DEPS_COLUMN:
      return row.changedDeps.length > 0 ? row.changedDeps.join(', ') : undefined;
    default:
      return undefined;
  }
}

export interface DrawnRow {
  row: TableRow;
  pinned: boolean;
}

/** What a column sorts by: its value, the gate's verdict for the gate column. */
function sortKey(row: ExpRow, column: string, gates: Gates): string | number | undefined {
  if (column !== GATE_COLUMN) return cellValue(row, column);
  const badge = gates.get(row.id);
  return badge ? GATE_RANK[badge.verdict] : undefined;
}

/** The rows in the order drawn. `visible`: the filter's matches (null = all). A folder's row is always drawn. */
export function drawnRows(
  rows: readonly TableRow[],
  visible: ReadonlySet<string> | null,
  settings: ExpTableSettings,
  gates: Gates,
): DrawnRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pinnedIds = settings.pinned.filter((id) => byId.has(id) && byId.get(id)?.kind !== 'folder');
  const pinned = new Set(pinnedIds);
  const out: DrawnRow[] = pinnedIds.map((id) => ({ row: byId.get(id) as TableRow, pinned: true }));
  const keep = (r: TableRow): boolean => !pinned.has(r.id) && (visible === null || visible.has(r.id));
  const children = new Map<string, ExpRow[]>();
  for (const r of rows) {
    if (r.kind !== 'experiment' || !keep(r)) continue;
    const list = children.get(r.parent);
    if (list) list.push(r);
    else children.set(r.parent, [r]);
  }
  const sort = settings.sort;
  for (const r of rows) {
    if (r.kind === 'experiment' || pinned.has(r.id)) continue;
    const mine = children.get(r.id) ?? [];
    if (r.kind === 'baseline' && mine.length === 0 && !keep(r)) continue;
    out.push({ row: r, pinned: false });
    const ordered = sort ? sortByValue(mine, (x) => sortKey(x, sort.column, gates), sort.descending) : mine;
    for (const x of ordered) out.push({ row: x, pinned: false });
  }
  return out;
}

/**
 * Best value per metric among the drawn rows of each folder (min for loss-like names, else max), by folder
 * (`''` for a window of one).
 */
export function bestMetrics(drawn: readonly DrawnRow[], columns: readonly string[]): Map<string, Map<string, number>> {
  const metrics = columns.filter((c) => c.startsWith('metric:')).map((c) => c.slice(7));
  const byFolder = new Map<string, ExpRow[]>();
  for (const { row } of drawn) {
    if (row.kind === 'folder') continue;
    const folder = row.folder ?? '';
    const list = byFolder.get(folder);
    if (list) list.push(row);
    else byFolder.set(folder, [row]);
  }
  return new Map([...byFolder].map(([folder, rows]) => [folder, bestValues(rows, metrics, (r, k) => r.metrics[k])]));
}

/** Moves `column` one place left or right among the shown columns; returns the new saved order. */
export function moveColumn(shown: readonly string[], all: readonly string[], column: string, by: -1 | 1): string[] {
  const order = shown.filter((c) => c !== 'name');
  const i = order.indexOf(column);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return order;
  [order[i], order[j]] = [order[j] as string, order[i] as string];
  return [...order, ...all.filter((c) => c !== 'name' && !order.includes(c))];
}
