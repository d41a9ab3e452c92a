// The process-wide memo caches of the core and their limits, declared in one place. A long-running language server
// or status daemon sees many texts over a day; each cache empties itself when it grows past its limit (cheaper than
// LRU bookkeeping on every hit, and these caches refill within one validation).
export const CACHE_LIMITS = {
  /** `${}` occurrences per distinct string (interpolate.ts): foreach templates repeat the same texts. */
  interpolations: 10_000,
  /** Parsed `${}` expressions per distinct expression (interpolate.ts). */
  expressions: 10_000,
  /** Parsed params files by path, reused while their text is unchanged (params-files.ts). */
  paramsFiles: 500,
  /** Stage base folders and resolved stage paths (dag.ts): a few bases, the same paths named again and again. */
  stagePaths: 20_000,
  /** Local tracking stores' run indexes by folder (tracking/local/index.ts): a workspace has one or two. */
  storeIndexes: 8,
} as const;

/** A Map that empties itself when an insertion would take it past `limit` entries. */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
  }
}
