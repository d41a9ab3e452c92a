// What the pointer is over on a laid-out chart, and what to say about it, as DVC's vega pages say on hover: a
// point's or a line's revision, y source and x/y values (`tooltip` anchors of dvc-render: rev, x, y and the
// source field), a confusion cell's labels and count, a bar's category and value. Pure (no DOM): plot-tooltip.ts
// calls it on pointer moves over the canvas, and it searches the pixel arrays the chart was painted from (no
// element per point); a line is hit at its drawn vertices (a thinned line keeps each half-pixel column's first,
// lowest, highest and last point, so a vertex is never far from the pointer on a dense line).
import type { DrawList, Tip } from '../../core/plots/primitives';

export interface Hit {
  /** A point (or a line's vertex), or an area (a heatmap cell, a bar) the pointer is inside. */
  mark: 'point' | 'area';
  /** The mark's place in the chart's pixels: the point, or the cell's or bar's centre. */
  x: number;
  y: number;
  /** The mark's colour as drawn (a panel's `@revN` token before it is resolved). */
  color: string;
  tip: Tip;
}

/** A point or a line's vertex within this many pixels of the pointer is hit. */
export const HOVER_RADIUS = 10;

/** The mark under (px, py), or the point nearest to it within `radius`; the one painted last wins a tie. */
export function hitAt(drawing: DrawList, px: number, py: number, radius = HOVER_RADIUS): Hit | undefined {
  let best:
    | { color: string; revision: string; source: string; at: Float64Array; x: number; y: number; i: number }
    | undefined;
  let bestDistance = radius * radius;
  for (const p of drawing.items) {
    if (p.k === 'rect') {
      if (p.tip && px >= p.x && px < p.x + p.w && py >= p.y && py < p.y + p.h)
        return { mark: 'area', x: p.x + p.w / 2, y: p.y + p.h / 2, color: p.fill, tip: p.tip };
      continue;
    }
    if ((p.k !== 'path' && p.k !== 'points') || p.at === undefined) continue;
    const points = p.points;
    for (let i = 0; i < points.length; i += 2) {
      const dx = points[i]! - px;
      const dy = points[i + 1]! - py;
      const d = dx * dx + dy * dy;
      if (d > bestDistance) continue;
      bestDistance = d;
      const color = p.k === 'path' ? p.stroke : p.color;
      best = {
        color,
        revision: p.revision ?? '',
        source: p.source ?? '',
        at: p.at,
        x: points[i]!,
        y: points[i + 1]!,
        i,
      };
    }
  }
  if (best === undefined) return undefined;
  const axes = drawing.axes ?? { x: 'x', y: 'y' };
  const rows: [string, string][] = [];
  if (best.source !== '') rows.push([axes.source ?? 'source', best.source]);
  rows.push([axes.x, valueText(best.at[best.i]!, axes.xCategories)]);
  rows.push([axes.y, valueText(best.at[best.i + 1]!, axes.yCategories)]);
  return { mark: 'point', x: best.x, y: best.y, color: best.color, tip: { revision: best.revision, rows } };
}

/** A value as the data holds it (JavaScript prints a float64 as its shortest exact form), or its category. */
function valueText(value: number, categories: readonly string[] | undefined): string {
  return categories === undefined ? String(value) : (categories[value] ?? String(value));
}
