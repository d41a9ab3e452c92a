// Search over run summaries in memory: filter, order, page. The local store runs every query through
// this; a remote backend can use it for what its server cannot do.
import { TrackingError } from './errors';
import type { Comparator, Condition, OrderBy, OrderField, Page, RunQuery, RunSummary } from './types';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 50_000;

/** The fields every searchable run representation has as they are. */
export type RunBase = Pick<RunSummary, 'id' | 'experimentId' | 'name' | 'startTime' | 'lifecycle'>;

/** How a search reads the rest of a run: a store can search its own representation and convert only the page. */
export interface RunView<T extends RunBase> {
  metric(run: T, key: string): number | undefined;
  param(run: T, key: string): string | undefined;
  tag(run: T, key: string): string | undefined;
  status(run: T): RunSummary['status'];
  endTime(run: T): number | null;
}

export const summaryView: RunView<RunSummary> = {
  metric: (r, k) => r.metrics[k],
  param: (r, k) => r.params[k],
  tag: (r, k) => r.tags[k],
  status: (r) => r.status,
  endTime: (r) => r.endTime,
};

export function matchesQuery<T extends RunBase>(run: T, q: RunQuery, view: RunView<T>): boolean {
  const lifecycle = q.lifecycle ?? 'active';
  if (lifecycle !== 'all' && run.lifecycle !== lifecycle) return false;
  if (q.experimentIds?.length && !q.experimentIds.includes(run.experimentId)) return false;
  const f = q.filter;
  if (!f) return true;
  if (f.statuses?.length && !f.statuses.includes(view.status(run))) return false;
  if (f.text && !run.name.toLowerCase().includes(f.text.toLowerCase())) return false;
  return (f.conditions ?? []).every((c) => holds(run, c, view));
}

function holds<T extends RunBase>(run: T, c: Condition, view: RunView<T>): boolean {
  const v =
    c.kind === 'metric' ? view.metric(run, c.key) : c.kind === 'param' ? view.param(run, c.key) : view.tag(run, c.key);
  return v !== undefined && compare(v, c.op, c.value);
}

function compare(a: number | string, op: Comparator, b: number | string): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

type Key = number | string | undefined;

function fieldValue<T extends RunBase>(run: T, f: OrderField, view: RunView<T>): Key {
  switch (f.kind) {
    case 'metric': {
      const v = view.metric(run, f.key);
      return v === undefined || Number.isNaN(v) ? undefined : v;
    }
    case 'param':
      return view.param(run, f.key);
    case 'attribute':
      switch (f.key) {
        case 'status':
          return view.status(run);
        case 'endTime':
          return view.endTime(run) ?? undefined;
        default:
          return run[f.key];
      }
  }
}

// Missing values sort last in both directions (as MLflow); ties: newest start first, then id.
function comparator<T extends RunBase>(orderBy: readonly OrderBy[], view: RunView<T>): (a: T, b: T) => number {
  return (a, b) => {
    for (const o of orderBy) {
      const x = fieldValue(a, o.field, view);
      const y = fieldValue(b, o.field, view);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const c = x < y ? -1 : 1;
      return o.descending ? -c : c;
    }
    if (a.startTime !== b.startTime) return b.startTime - a.startTime;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** The page of `q` over `runs` (any order), reading them through `view`. */
export function searchInMemory<T extends RunBase>(runs: readonly T[], q: RunQuery, view: RunView<T>): Page<T> {
  const size = pageSize(q.pageSize);
  const offset = decodeOffsetToken(q.pageToken);
  const hits = runs.filter((r) => matchesQuery(r, q, view));
  const cmp = comparator(q.orderBy ?? [], view);
  // The first page of a big list is the common case: select it without sorting everything.
  const sorted = offset + size < hits.length / 8 ? smallest(hits, offset + size, cmp) : hits.sort(cmp);
  const items = sorted.slice(offset, offset + size);
  const next = offset + size;
  return next < hits.length ? { items, nextPageToken: encodeOffsetToken(next) } : { items };
}

/** The `n` first elements of `xs` under `cmp`, in order (binary insertion into a bounded buffer). */
function smallest<T>(xs: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const x of xs) {
    if (out.length === n && cmp(x, out[n - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(out[mid] as T, x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, x);
    if (out.length > n) out.pop();
  }
  return out;
}

export function pageSize(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_PAGE_SIZE) {
    throw new TrackingError(
      'invalid-argument',
      `page size ${requested} is out of range: use an integer from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  return requested;
}

/** Page tokens of in-memory lists: an offset, opaque to callers. */
export function encodeOffsetToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeOffsetToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m)
    throw new TrackingError(
      'invalid-argument',
      `page token '${token}' is not one this store issued; start again without a token`,
    );
  return Number(m[1]);
}
