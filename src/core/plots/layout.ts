// Where things go on a chart of a given size, shared by the SVG writer and the panels' canvas so both draw
// the same picture: plot-area margins, "nice" axis ticks, value → pixel scales, the colour ramp of a heatmap,
// and the thinning of a long line to what a pixel column can show (first, min, max and last of each column)
// and of a dense scatter to one point per cell.
import { legendLayout } from './legend';
import type { Scene } from './scene';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const CHART = { width: 480, height: 320, titleHeight: 24, legendHeight: 18, font: 11 } as const;

/** The plotting area inside a chart of `width`×`height`, leaving room for the title, legend and axes. */
export function plotArea(scene: Scene, width: number, height: number): Box {
  // One legend row at least (a chart's frame stays put as revisions come and go), more as its entries wrap.
  const legend =
    scene.body.kind === 'confusion' ? 0 : Math.max(1, legendLayout(scene, width).rows) * CHART.legendHeight;
  const top = CHART.titleHeight + legend + 6;
  const left = scene.body.kind === 'bars' ? Math.min(160, width / 3) : scene.body.kind === 'confusion' ? 70 : 58;
  const bottom = 42;
  return { left, top, width: Math.max(10, width - left - 14), height: Math.max(10, height - top - bottom) };
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [min];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(6)));
}

export function scale(domain: readonly [number, number], from: number, to: number): (v: number) => number {
  const [d0, d1] = domain;
  const k = (to - from) / (d1 - d0);
  return (v) => from + (v - d0) * k;
}

/** The heatmap's colour for a share in [0, 1]: pale to deep blue, like vega's default "blues" ramp. */
export function heatColor(share: number): string {
  const t = Math.max(0, Math.min(1, share));
  const from = [239, 246, 255];
  const to = [8, 48, 107];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Text colour readable on a heatmap cell. */
export function heatTextColor(share: number): string {
  return share > 0.5 ? '#ffffff' : '#1b1b1b';
}

/**
 * Columns a line is thinned at per chart pixel: the canvas paints at the screen's device pixels, two per CSS
 * pixel on most high-density screens, so a column of half a pixel keeps what each device column shows.
 */
const COLUMNS_PER_PIXEL = 2;

/**
 * The points of a line worth drawing at `pixels` columns: all of them when few, else per column the first,
 * lowest, highest and last point, in their order, which draws the same strokes (x must be sorted; otherwise
 * every point is kept). No allocation per point: one pass, indices kept in a typed array.
 */
export function thinLine(xs: Float64Array, ys: Float64Array, toPx: (x: number) => number, pixels: number): Int32Array {
  const n = xs.length;
  const columns = Math.ceil(pixels * COLUMNS_PER_PIXEL);
  if (n <= columns * 4) return everyIndex(n);
  for (let i = 1; i < n; i++) if (xs[i]! < xs[i - 1]!) return everyIndex(n);
  // At most four per column the chart spans; x outside it (NaN, a domain that could not hold it) keeps all.
  const keep = new Int32Array(4 * (columns + 2));
  let kept = 0;
  let col = Math.floor(toPx(xs[0]!) * COLUMNS_PER_PIXEL);
  let first = 0;
  let lo = 0;
  let hi = 0;
  const flush = (last: number): void => {
    // first ≤ min(lo, hi) ≤ max(lo, hi) ≤ last: each written once, in index order.
    const a = lo < hi ? lo : hi;
    const b = lo < hi ? hi : lo;
    keep[kept++] = first;
    if (a !== first) keep[kept++] = a;
    if (b !== a) keep[kept++] = b;
    if (last !== b) keep[kept++] = last;
  };
  for (let i = 1; i < n; i++) {
    const c = Math.floor(toPx(xs[i]!) * COLUMNS_PER_PIXEL);
    if (c !== col) {
      if (kept + 8 > keep.length) return everyIndex(n);
      flush(i - 1);
      col = c;
      first = lo = hi = i;
      continue;
    }
    if (ys[i]! < ys[lo]!) lo = i;
    if (ys[i]! > ys[hi]!) hi = i;
  }
  flush(n - 1);
  return keep.subarray(0, kept);
}

/**
 * The points of a scatter worth drawing in `area`: the first in each cell of half a pixel (opaque discs of one
 * colour: a later point in the same cell paints the same pixels), all of them when few.
 */
export function thinPoints(
  xs: Float64Array,
  ys: Float64Array,
  toX: (x: number) => number,
  toY: (y: number) => number,
  area: Box,
): Int32Array {
  const n = xs.length;
  const columns = Math.ceil(area.width * COLUMNS_PER_PIXEL) + 1;
  const rows = Math.ceil(area.height * COLUMNS_PER_PIXEL) + 1;
  if (n <= columns * 4) return everyIndex(n);
  const seen = new Uint8Array(columns * rows);
  const keep = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const c = Math.floor((toX(xs[i]!) - area.left) * COLUMNS_PER_PIXEL);
    const r = Math.floor((toY(ys[i]!) - area.top) * COLUMNS_PER_PIXEL);
    // A point outside the area (or NaN) is kept as it is: no cell to share.
    if (c >= 0 && c < columns && r >= 0 && r < rows) {
      if (seen[r * columns + c] === 1) continue;
      seen[r * columns + c] = 1;
    }
    keep[kept++] = i;
  }
  return keep.subarray(0, kept);
}

function everyIndex(n: number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return all;
}
