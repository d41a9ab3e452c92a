// Search over run summaries in memory: filter, order, page. The local store runs every query through
// this; a remote backend can use it for what its server cannot do.
import { TrackingError } from './errors';
import type { Comparator, Condition, OrderBy, OrderField, Page, RunQuery, RunSummary } from './types';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 50_000;

export function matchesQuery(run: RunSummary, q: RunQuery): boolean {
  const lifecycle = q.lifecycle ?? 'active';
  if (lifecycle !== 'all' && run.lifecycle !== lifecycle) return false;
  if (q.experimentIds?.length && !q.experimentIds.includes(run.experimentId)) return false;
  const f = q.filter;
  if (!f) return true;
  if (f.statuses?.length && !f.statuses.includes(run.status)) return false;
  if (f.text && !run.name.toLowerCase().includes(f.text.toLowerCase())) return false;
  return (f.conditions ?? []).every((c) => holds(run, c));
}

function holds(run: RunSummary, c: Condition): boolean {
  switch (c.kind) {
    case 'metric': {
      const v = run.metrics[c.key];
      return v !== undefined && compare(v, c.op, c.value);
    }
    case 'param': {
      const v = run.params[c.key];
      return v !== undefined && compare(v, c.op, c.value);
    }
    case 'tag': {
      const v = run.tags[c.key];
      return v !== undefined && compare(v, c.op, c.value);
    }
  }
}

function compare<T extends number | string>(a: T, op: Comparator, b: T): boolean {
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

function fieldValue(run: RunSummary, f: OrderField): Key {
  switch (f.kind) {
    case 'metric': {
      const v = run.metrics[f.key];
      return v === undefined || Number.isNaN(v) ? undefined : v;
    }
    case 'param':
      return run.params[f.key];
    case 'attribute':
      return run[f.key] ?? undefined;
  }
}

// Missing values sort last in both directions (as MLflow); ties: newest start first, then id.
function comparator(orderBy: readonly OrderBy[]): (a: RunSummary, b: RunSummary) => number {
  return (a, b) => {
    for (const o of orderBy) {
      const x = fieldValue(a, o.field);
      const y = fieldValue(b, o.field);
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

/** The page of `q` over `runs` (any order). */
export function searchInMemory(runs: readonly RunSummary[], q: RunQuery): Page<RunSummary> {
  const size = pageSize(q.pageSize);
  const offset = decodeOffsetToken(q.pageToken);
  const hits = runs.filter((r) => matchesQuery(r, q));
  const cmp = comparator(q.orderBy ?? []);
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
    throw new TrackingError('invalid-argument', `page size ${requested} is out of range: use an integer from 1 to ${MAX_PAGE_SIZE}`);
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
  if (!m) throw new TrackingError('invalid-argument', `page token '${token}' is not one this store issued; start again without a token`);
  return Number(m[1]);
}
