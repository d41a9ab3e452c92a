// Sorting and "best value" shared by the tables of the panels (compare panel, experiments table): rows without
// a value sort last in either direction, numeric-looking params sort as numbers, and the best value of a
// metric is the minimum for loss-like names, else the maximum.

/** Stable sort by `value`; undefined last whatever the direction. */
export function sortByValue<T>(
  items: readonly T[],
  value: (item: T) => string | number | undefined,
  descending: boolean,
): T[] {
  const key = (item: T): string | number | undefined => {
    const v = value(item);
    return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
  };
  return items
    .map((item, index) => ({ item, index, value: key(item) }))
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
    .map((x) => x.item);
}

const lowerIsBetter = /(loss|err|error|mse|mae|rmse|perplexity|latency|time|duration)/i;

/** The best value of each metric among the items. */
export function bestValues<T>(
  items: readonly T[],
  metrics: readonly string[],
  metric: (item: T, key: string) => number | undefined,
): Map<string, number> {
  const best = new Map<string, number>();
  for (const key of metrics) {
    let chosen: number | undefined;
    const lower = lowerIsBetter.test(key);
    for (const item of items) {
      const v = metric(item, key);
      if (v === undefined || !Number.isFinite(v)) continue;
      if (chosen === undefined || (lower ? v < chosen : v > chosen)) chosen = v;
    }
    if (chosen !== undefined) best.set(key, chosen);
  }
  return best;
}
