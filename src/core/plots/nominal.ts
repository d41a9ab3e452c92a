// A nominal axis as vega-lite lays it out for DVC's templates: the values sorted as vega sorts a nominal domain,
// and the band scale a point mark gets on it (vega-lite's default padding, 0.2 inside and outside, centred).
// The confusion heatmap's labels and the jitter plot's bands both come from here.

/** Labels as vega sorts a nominal domain ascending: numbers by value, text by code unit. */
export function sortedLabels(values: Iterable<unknown>): string[] {
  const list = [...new Set(values)];
  if (list.every((v) => typeof v === 'number')) return (list as number[]).sort((a, b) => a - b).map(String);
  return [...new Set(list.map((v) => String(v)))].sort();
}

const BAND_PADDING = 0.2;

/** Band `i` of `count` over `length` pixels: where it starts and how wide it is. */
export function band(i: number, count: number, length: number): { start: number; width: number } {
  const step = length / Math.max(1, count - BAND_PADDING + 2 * BAND_PADDING);
  return { start: step * BAND_PADDING + i * step, width: step * (1 - BAND_PADDING) };
}
