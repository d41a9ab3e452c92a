// A chart's legend: its entries (one per revision and y source, or per revision for bars; none for a heatmap)
// and where each goes. Entries run left to right and wrap to a new row where the next would pass the chart's right
// edge, as vega's legends wrap, so no label is cut off and none silently dropped; past MAX_ROWS the rest are
// counted in a "+N more" note. The plot area (layout.ts) sits below however many rows there are, and the drawing
// (draw.ts) puts each entry in its slot: both ask this file, so they cannot disagree.
import type { Scene } from './scene';

/** Average width of a character of the chart font (11 px sans-serif), as the rest of the chart measures text. */
const CHAR_WIDTH = 6.5;
/** Rows before the rest of the entries are counted, not drawn: the plot keeps most of its height. */
const MAX_ROWS = 3;
const LEFT = 10;
const RIGHT = 10;

export interface LegendEntry {
  label: string;
  /** Index of the scene's series (lines, points) or group (bars) it stands for. */
  index: number;
}

export interface LegendLayout {
  /** Each entry drawn, with its left edge and row (0 first). */
  slots: { entry: LegendEntry; x: number; row: number }[];
  rows: number;
  /** Entries not drawn, and where the note saying so starts (on the last row). */
  more?: { count: number; x: number };
}

/** The entries of a scene's legend, in drawing order. */
export function legendEntries(scene: Scene): LegendEntry[] {
  const body = scene.body;
  if (body.kind === 'bars') return body.groups.map((g, index) => ({ label: g.revision, index }));
  if (body.kind !== 'lines' && body.kind !== 'jitter') return [];
  const seen = new Set<string>();
  const out: LegendEntry[] = [];
  body.series.forEach((s, index) => {
    const label = s.source === '' ? s.revision : `${s.revision} ${s.source}`;
    if (seen.has(label)) return;
    seen.add(label);
    out.push({ label, index });
  });
  return out;
}

/** The swatch before a label: a line's 16 px stroke or a point (lines, points), a 10 px square (bars). */
function entryWidth(scene: Scene, label: string): number {
  return (scene.body.kind === 'bars' ? 24 : 28) + label.length * CHAR_WIDTH;
}

/** Where each entry of `scene`'s legend goes on a chart `width` wide. */
export function legendLayout(scene: Scene, width: number): LegendLayout {
  const entries = legendEntries(scene);
  const slots: LegendLayout['slots'] = [];
  // The widest the note can be: it counts at most every entry.
  const noteWidth = `+${entries.length} more`.length * CHAR_WIDTH;
  let x = LEFT;
  let row = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const w = entryWidth(scene, entry.label);
    // On the last row, room is kept for the note when entries follow this one.
    const limit = width - RIGHT - (row === MAX_ROWS - 1 && i < entries.length - 1 ? noteWidth : 0);
    if (x > LEFT && x + w - 8 > limit) {
      if (row === MAX_ROWS - 1) return { slots, rows: MAX_ROWS, more: { count: entries.length - i, x } };
      row++;
      x = LEFT;
    }
    slots.push({ entry, x, row });
    x += w;
  }
  return { slots, rows: entries.length === 0 ? 0 : row + 1 };
}
