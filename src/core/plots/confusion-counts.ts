// The counts of DVC's `confusion` template (a vega `count` aggregate per (x, y) cell), taken in one pass over
// a plot's columns: a million predictions are counted as they are kept (CSV cells, JSON values), with a small
// code per distinct value and one number per cell, nothing allocated per row. Labels are the values' string
// forms sorted as vega sorts a nominal axis (numbers by value, text by code unit); as in vega, 1 and "1" are
// one label.
import type { Column } from './row-columns';
import { sortedLabels } from './nominal';

/** Counts of one revision while its rows are read: codes of distinct x and y values, counts[x code][y code]. */
export interface Tally {
  xCodes: Map<unknown, number>;
  yCodes: Map<unknown, number>;
  counts: number[][];
}

export function newTally(): Tally {
  return { xCodes: new Map(), yCodes: new Map(), counts: [] };
}

/** Counts rows [start, end) into the tally (an absent value counts as null, as vega reads it). */
export function countPairs(tally: Tally, x: Column, y: Column, start: number, end: number): void {
  const { xCodes, yCodes, counts } = tally;
  // The previous row's values: sorted or grouped predictions repeat them, and a repeat skips the lookups.
  let lastX: unknown;
  let lastY: unknown;
  let column: number[] | undefined;
  let yCode = -1;
  for (let r = start; r < end; r++) {
    const xv = x(r) ?? null;
    if (column === undefined || xv !== lastX) {
      let code = xCodes.get(xv);
      if (code === undefined) {
        code = xCodes.size;
        xCodes.set(xv, code);
        counts.push([]);
      }
      column = counts[code]!;
      lastX = xv;
    }
    const yv = y(r) ?? null;
    if (yCode < 0 || yv !== lastY) {
      let code = yCodes.get(yv);
      if (code === undefined) {
        code = yCodes.size;
        yCodes.set(yv, code);
      }
      yCode = code;
      lastY = yv;
    }
    column[yCode] = (column[yCode] ?? 0) + 1;
  }
}

/** The tally as the heatmap's grid: counts[row * xLabels.length + col], rows the y labels, columns the x. */
export function confusionCounts(tally: Tally): { xLabels: string[]; yLabels: string[]; counts: Float64Array } {
  const xLabels = sortedLabels(tally.xCodes.keys());
  const yLabels = sortedLabels(tally.yCodes.keys());
  const xIndex = new Map(xLabels.map((l, i) => [l, i]));
  const yIndex = new Map(yLabels.map((l, i) => [l, i]));
  const yAt = [...tally.yCodes.keys()].map((v) => yIndex.get(String(v))!);
  const counts = new Float64Array(xLabels.length * yLabels.length);
  for (const [xv, code] of tally.xCodes) {
    const col = xIndex.get(String(xv))!;
    tally.counts[code]!.forEach((n, y) => {
      const cell = yAt[y]! * xLabels.length + col;
      counts[cell] = counts[cell]! + n;
    });
  }
  return { xLabels, yLabels, counts };
}
