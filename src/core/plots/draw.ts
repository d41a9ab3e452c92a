// A scene laid out at a size as a list of primitives (paths, point sets, rectangles, text) in pixels: the one
// place where a chart's geometry is decided. The SVG writer (svg.ts, for reports and pages) and the panels'
// canvas only paint these, so both show the same picture (primitives.ts names them). Text without a colour takes
// the theme's foreground. Marks that show data carry what a hover over them tells (the panels' plot-hit.ts): a
// line's or a point set's values beside its pixels (`at`), a heatmap cell's or a bar's rows (`tip`).
import type { BarsScene, ConfusionScene, LinesScene, Scene, TableScene } from './scene';
import type { JitterScene } from './jitter';
import { band } from './nominal';
import { legendLayout } from './legend';
import type { Box } from './layout';
import type { DrawList, HoverAxes, Primitive } from './primitives';
import { HOLLOW_POINT, LINE_END_POINT, symbolOf, type ShapeName } from './symbols';
import {
  CHART,
  formatTick,
  heatColor,
  heatTextColor,
  niceTicks,
  plotArea,
  scale,
  thinLine,
  thinPoints,
} from './layout';

const GRID = '#8884';
const FRAME = '#888';
export const ERROR_COLOR = '#d33f49';

export function drawScene(scene: Scene, width: number, height: number): DrawList {
  const body = scene.body;
  if (body.kind === 'table') return drawTable(scene, body, width);
  const items: Primitive[] = [titleText(scene.title, width)];
  const area = plotArea(scene, width, height);
  legend(scene, width, items);
  if (body.kind === 'lines') drawLines(body, area, items);
  else if (body.kind === 'jitter') drawJitter(body, area, items);
  else if (body.kind === 'bars') drawBars(body, area, scene, items);
  else drawConfusion(body, area, scene, items);
  items.push({ k: 'text', x: area.left + area.width / 2, y: height - 6, text: scene.xLabel, anchor: 'middle' });
  items.push({ k: 'text', x: 12, y: area.top + area.height / 2, text: scene.yLabel, anchor: 'middle', rotate: -90 });
  const axes: HoverAxes = {
    x: scene.xLabel,
    y: scene.yLabel,
    ...(scene.seriesKey === '' ? {} : { source: scene.seriesKey }),
    ...(body.kind === 'jitter' ? { xCategories: body.xLabels, yCategories: body.yLabels } : {}),
  };
  return { width, height, title: scene.title, items, axes };
}

/** A message in a plot's place (bad data, no data), wrapped to the width. */
export function drawMessage(heading: string, message: string, width: number): DrawList {
  const lines = wrap(message, Math.floor((width - 20) / 6.5));
  const items: Primitive[] = [titleText(heading, width)];
  lines.forEach((l, i) =>
    items.push({ k: 'text', x: 10, y: 40 + i * 15, text: l, anchor: 'start', color: ERROR_COLOR }),
  );
  return { width, height: 40 + lines.length * 15, title: heading, items };
}

function titleText(text: string, width: number): Primitive {
  return { k: 'text', x: width / 2, y: 16, text, anchor: 'middle', size: 13, bold: true };
}

export function wrap(text: string, columns: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > columns) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out;
}

function axes(
  area: Box,
  xTicks: { at: number; label: string }[],
  yTicks: { at: number; label: string }[],
  items: Primitive[],
): void {
  const bottom = area.top + area.height;
  for (const t of yTicks) items.push(line(area.left, t.at, area.left + area.width, t.at, GRID));
  items.push({ k: 'rect', x: area.left, y: area.top, w: area.width, h: area.height, fill: 'none', stroke: FRAME });
  for (const t of xTicks) items.push({ k: 'text', x: t.at, y: bottom + 14, text: t.label, anchor: 'middle' });
  for (const t of yTicks) items.push({ k: 'text', x: area.left - 4, y: t.at + 4, text: t.label, anchor: 'end' });
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): Primitive {
  return { k: 'path', points: Float32Array.of(x1, y1, x2, y2), stroke, width: 1, dash: [], opacity: 1 };
}

function drawLines(body: LinesScene, area: Box, items: Primitive[]): void {
  const sx = scale(body.xDomain, area.left, area.left + area.width);
  const sy = scale(body.yDomain, area.top + area.height, area.top);
  axes(
    area,
    niceTicks(...body.xDomain).map((v) => ({ at: sx(v), label: formatTick(v) })),
    niceTicks(...body.yDomain).map((v) => ({ at: sy(v), label: formatTick(v) })),
    items,
  );
  for (const s of body.series) {
    const ids = { revision: s.revision, source: s.source };
    if (body.mark === 'points') {
      const keep = thinPoints(s.xs, s.ys, sx, sy, area);
      items.push({
        k: 'points',
        points: toPixels(s.xs, s.ys, sx, sy, keep),
        ...hollowPoints(s.shape, s.color),
        ...ids,
        at: valuesAt(s.xs, s.ys, keep),
      });
      continue;
    }
    const keep = thinLine(s.xs, s.ys, sx, area.width);
    const raw = toPixels(s.xs, s.ys, sx, sy, keep);
    const at = valuesAt(s.xs, s.ys, keep);
    if (s.smoothed) {
      // The raw values are what a hover reads, as on DVC's page (its trend line has no tooltip).
      items.push({ k: 'path', points: raw, stroke: s.color, width: 1, dash: s.dash, opacity: 0.2, ...ids, at });
      items.push({
        k: 'path',
        points: toPixels(s.smoothed.xs, s.smoothed.ys, sx, sy, thinLine(s.smoothed.xs, s.smoothed.ys, sx, area.width)),
        stroke: s.color,
        width: 2,
        dash: s.dash,
        opacity: 1,
        ...ids,
      });
      // DVC's template marks where each raw line ends: a filled circle of size 10 at the largest x.
      const last = argmax(s.xs);
      if (last >= 0)
        items.push({
          k: 'points',
          points: Float32Array.of(sx(s.xs[last]!), sy(s.ys[last]!)),
          symbol: symbolOf('circle', LINE_END_POINT.size),
          style: { kind: 'filled' },
          color: s.color,
          opacity: LINE_END_POINT.opacity,
        });
    } else items.push({ k: 'path', points: raw, stroke: s.color, width: 1.5, dash: s.dash, opacity: 1, ...ids, at });
  }
}

/** A scatter's points as DVC's templates draw them (symbols.ts): hollow, in the source's shape. */
function hollowPoints(shape: ShapeName, color: string) {
  return {
    symbol: symbolOf(shape, HOLLOW_POINT.size),
    style: { kind: 'hollow', strokeWidth: HOLLOW_POINT.strokeWidth } as const,
    color,
    opacity: HOLLOW_POINT.opacity,
  };
}

/** The index of the first largest value (vega's argmax), -1 when there is none. */
function argmax(values: Float64Array): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}

function toPixels(
  xs: Float64Array,
  ys: Float64Array,
  sx: (v: number) => number,
  sy: (v: number) => number,
  keep: Int32Array,
): Float32Array {
  const out = new Float32Array(keep.length * 2);
  for (let k = 0; k < keep.length; k++) {
    out[2 * k] = sx(xs[keep[k]!]!);
    out[2 * k + 1] = sy(ys[keep[k]!]!);
  }
  return out;
}

/** The values of the kept points, as x, y pairs parallel to their pixels. */
function valuesAt(xs: Float64Array, ys: Float64Array, keep: Int32Array): Float64Array {
  const out = new Float64Array(keep.length * 2);
  for (let k = 0; k < keep.length; k++) {
    out[2 * k] = xs[keep[k]!]!;
    out[2 * k + 1] = ys[keep[k]!]!;
  }
  return out;
}

/** The legend where legend.ts places it: a line's stroke, or for points the point as drawn (its source's shape,
 * hollow, as DVC's legend shows the shape of each source), or a bar group's colour; then "+N more" if it ran out. */
function legend(scene: Scene, width: number, items: Primitive[]): void {
  const body = scene.body;
  const { slots, rows, more } = legendLayout(scene, width);
  const rowY = (row: number) => CHART.titleHeight + 8 + row * CHART.legendHeight;
  for (const { entry, x, row } of slots) {
    const y = rowY(row);
    if (body.kind === 'bars') {
      items.push({ k: 'rect', x, y: y - 5, w: 10, h: 10, fill: body.groups[entry.index]!.color });
      items.push({ k: 'text', x: x + 14, y: y + 4, text: entry.label, anchor: 'start' });
      continue;
    }
    if (body.kind !== 'lines' && body.kind !== 'jitter') continue;
    const s = body.series[entry.index]!;
    if (body.kind === 'jitter' || body.mark === 'points')
      items.push({ k: 'points', points: Float32Array.of(x + 8, y), ...hollowPoints(s.shape, s.color) });
    else
      items.push({
        k: 'path',
        points: Float32Array.of(x, y, x + 16, y),
        stroke: s.color,
        width: 2,
        dash: 'dash' in s ? s.dash : [],
        opacity: 1,
      });
    items.push({ k: 'text', x: x + 20, y: y + 4, text: entry.label, anchor: 'start' });
  }
  if (more) items.push({ k: 'text', x: more.x, y: rowY(rows - 1) + 4, text: `+${more.count} more`, anchor: 'start' });
}

/** Category bands on both axes, each point somewhere in its cell (jitter.ts says where and why). */
function drawJitter(body: JitterScene, area: Box, items: Primitive[]): void {
  const nx = body.xLabels.length;
  const ny = body.yLabels.length;
  const xBand = (i: number) => band(i, nx, area.width);
  const yBand = (i: number) => band(i, ny, area.height);
  axes(
    area,
    body.xLabels.map((label, i) => ({ at: area.left + xBand(i).start + xBand(i).width / 2, label })),
    body.yLabels.map((label, i) => ({ at: area.top + yBand(i).start + yBand(i).width / 2, label })),
    items,
  );
  for (const s of body.series) {
    const points = new Float32Array(s.xBand.length * 2);
    // A point's values are its categories, by index into DrawList.axes' categories.
    const at = new Float64Array(s.xBand.length * 2);
    for (let i = 0; i < s.xBand.length; i++) {
      const bx = xBand(s.xBand[i]!);
      const by = yBand(s.yBand[i]!);
      points[2 * i] = area.left + bx.start + s.xOffset[i]! * bx.width;
      points[2 * i + 1] = area.top + by.start + s.yOffset[i]! * by.width;
      at[2 * i] = s.xBand[i]!;
      at[2 * i + 1] = s.yBand[i]!;
    }
    items.push({
      k: 'points',
      points,
      ...hollowPoints(s.shape, s.color),
      revision: s.revision,
      source: s.source,
      at,
    });
  }
}

function drawConfusion(body: ConfusionScene, area: Box, scene: Scene, items: Primitive[]): void {
  const gap = 16;
  const each = (area.width - gap * (body.panels.length - 1)) / Math.max(1, body.panels.length);
  body.panels.forEach((p, k) => {
    const left = area.left + k * (each + gap);
    const cw = each / Math.max(1, p.xLabels.length);
    const ch = area.height / Math.max(1, p.yLabels.length);
    if (body.panels.length > 1)
      items.push({ k: 'text', x: left + each / 2, y: area.top - 4, text: p.revision, anchor: 'middle' });
    for (let row = 0; row < p.yLabels.length; row++)
      for (let col = 0; col < p.xLabels.length; col++) {
        const i = row * p.xLabels.length + col;
        const share = p.shares[i]!;
        const x = left + col * cw;
        const y = area.top + row * ch;
        items.push({
          k: 'rect',
          x,
          y,
          w: cw,
          h: ch,
          fill: heatColor(share),
          stroke: '#ffffff',
          count: p.counts[i]!,
          cell: true,
          // As DVC's confusion templates list a cell: its two labels and its count (normalized: share of its row).
          tip: {
            revision: p.revision,
            rows: [
              [scene.xLabel, p.xLabels[col]!],
              [scene.yLabel, p.yLabels[row]!],
              ...(body.normalized ? ([['percent_of_y', share.toFixed(2)]] as const) : []),
              ['xy_count', String(p.counts[i])],
            ],
          },
        });
        if (cw > 14 && ch > 10)
          items.push({
            k: 'text',
            x: x + cw / 2,
            y: y + ch / 2 + 4,
            text: body.normalized ? share.toFixed(2) : String(p.counts[i]),
            anchor: 'middle',
            color: heatTextColor(share),
          });
      }
    p.xLabels.forEach((l, c) =>
      items.push({ k: 'text', x: left + c * cw + cw / 2, y: area.top + area.height + 14, text: l, anchor: 'middle' }),
    );
    if (k === 0)
      p.yLabels.forEach((l, r) =>
        items.push({ k: 'text', x: left - 4, y: area.top + r * ch + ch / 2 + 4, text: l, anchor: 'end' }),
      );
  });
}

function drawBars(body: BarsScene, area: Box, scene: Scene, items: Primitive[]): void {
  const sx = scale([body.min, body.max], area.left, area.left + area.width);
  const band = area.height / Math.max(1, body.categories.length);
  const bar = (band * 0.8) / Math.max(1, body.groups.length);
  axes(
    area,
    niceTicks(body.min, body.max).map((v) => ({ at: sx(v), label: formatTick(v) })),
    body.categories.map((c, i) => ({ at: area.top + i * band + band / 2, label: c })),
    items,
  );
  body.groups.forEach((g, k) =>
    g.values.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      const x0 = sx(Math.min(0, v));
      const x1 = sx(Math.max(0, v));
      items.push({
        k: 'rect',
        x: x0,
        y: area.top + i * band + band * 0.1 + k * bar,
        w: Math.max(1, x1 - x0),
        h: bar,
        fill: g.color,
        tip: {
          revision: g.revision,
          rows: [
            [scene.yLabel, body.categories[i]!],
            [scene.xLabel, String(v)],
          ],
        },
      });
    }),
  );
}

function drawTable(scene: Scene, body: TableScene, width: number): DrawList {
  const rowH = 16;
  const colW = (width - 20) / Math.max(1, body.columns.length);
  const noteLines = wrap(body.note, Math.floor((width - 20) / 6.5));
  const top = CHART.titleHeight + 10 + noteLines.length * 14;
  const height = top + (body.rows.length + 2) * rowH + 10;
  const items: Primitive[] = [titleText(scene.title, width)];
  noteLines.forEach((l, i) =>
    items.push({ k: 'text', x: 10, y: CHART.titleHeight + 14 + i * 14, text: l, anchor: 'start', italic: true }),
  );
  const cell = (text: string, col: number, row: number, bold = false): void => {
    items.push({
      k: 'text',
      x: 10 + col * colW,
      y: top + (row + 1) * rowH,
      text: text.length > 24 ? `${text.slice(0, 23)}…` : text,
      anchor: 'start',
      bold,
    });
  };
  body.columns.forEach((c, i) => cell(c, i, 0, true));
  body.rows.forEach((r, ri) => r.forEach((v, ci) => cell(v, ci, ri + 1)));
  if (body.more > 0) items.push({ k: 'text', x: 10, y: height - 6, text: `… ${body.more} more rows`, anchor: 'start' });
  return { width, height, title: scene.title, items };
}
