// What a plot looks like, decided once for every renderer (the report's SVG, the panels' canvas): the
// template picks the picture (lines, points, a confusion heatmap with counts, horizontal bars, or a table for
// a custom template), rows become typed columns per revision and y source, and a value that cannot be drawn
// (a non-numeric `y` in a line plot) becomes a message naming its file and line instead of a wrong picture.
// Pure and browser-safe: the panels build scenes from rows in the page.
import type { Datum } from './data-files';
import type { SeriesKey } from './anchors';
import { REVISION_COLORS, STROKE_DASHES } from './templates';
import { DVC_SMOOTH_BANDWIDTH, loess, type Curve } from './loess';

/** What a scene needs from a plot: the fields of a collected VegaPlot (see collect.ts). */
export interface SceneInput {
  id: string;
  template: { kind: 'built-in' | 'custom'; name: string };
  revisions: readonly string[];
  title: string;
  x: string;
  y: string;
  xLabel: string;
  yLabel: string;
  seriesKey: SeriesKey;
  datapoints: readonly Datum[];
  lines: ArrayLike<number>;
  sourceOf: readonly string[];
}

export interface LineSeries {
  revision: string;
  /** The y source it draws ('' for a single source). */
  source: string;
  color: string;
  /** Canvas/SVG dash pattern; [] for solid. */
  dash: readonly number[];
  xs: Float64Array;
  ys: Float64Array;
  /** The `smooth` template's loess line, one point per distinct x (the raw line is drawn faint beneath it). */
  smoothed?: Curve;
}

export interface LinesScene {
  kind: 'lines';
  mark: 'line' | 'points' | 'smooth';
  series: LineSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
}

export interface ConfusionPanel {
  revision: string;
  /** Column labels (the x field, DVC's `actual`), sorted ascending. */
  xLabels: string[];
  /** Row labels (the y field, `predicted`), sorted ascending. */
  yLabels: string[];
  /** counts[row * xLabels.length + col]. */
  counts: Float64Array;
  /** What the colour shows: count / max count, or count / sum of its y row when normalized. */
  shares: Float64Array;
}

export interface ConfusionScene {
  kind: 'confusion';
  normalized: boolean;
  panels: ConfusionPanel[];
}

export interface BarsScene {
  kind: 'bars';
  /** Categories top to bottom. */
  categories: string[];
  /** One group per revision: value of each category (NaN when absent). */
  groups: { revision: string; color: string; values: Float64Array }[];
  max: number;
  min: number;
}

export interface TableScene {
  kind: 'table';
  columns: string[];
  rows: string[][];
  /** Rows not shown. */
  more: number;
  note: string;
}

export type SceneBody = LinesScene | ConfusionScene | BarsScene | TableScene;

export interface Scene {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  body: SceneBody;
}

/** A value that cannot be drawn: where it is and why. */
export interface SceneProblem {
  id: string;
  title: string;
  message: string;
  file?: string;
  line?: number;
}

export interface SceneOptions {
  /** The colour of a revision (panels use run colours); DVC's palette by revision order by default. */
  colorOf?: (revision: string, index: number) => string;
  /** Rows a custom template's table shows. */
  tableRows?: number;
  /** The `smooth` template's loess bandwidth (DVC's slider); DVC's initial 0.001 by default. */
  smoothBandwidth?: number;
}

export type SceneResult = { ok: true; scene: Scene } | { ok: false; problem: SceneProblem };

export function buildScene(plot: SceneInput, options: SceneOptions = {}): SceneResult {
  const colorOf = options.colorOf ?? ((_: string, i: number) => REVISION_COLORS[i % REVISION_COLORS.length]!);
  const head = { id: plot.id, title: plot.title, xLabel: plot.xLabel, yLabel: plot.yLabel };
  try {
    const body = sceneBody(plot, colorOf, options.tableRows ?? 50, options.smoothBandwidth ?? DVC_SMOOTH_BANDWIDTH);
    return { ok: true, scene: { ...head, body } };
  } catch (err) {
    if (!(err instanceof ValueProblem)) throw err;
    return { ok: false, problem: { id: plot.id, title: plot.title, message: err.message, ...err.where } };
  }
}

class ValueProblem extends Error {
  constructor(
    message: string,
    readonly where: { file?: string; line?: number },
  ) {
    super(message);
  }
}

function sceneBody(
  plot: SceneInput,
  colorOf: (revision: string, index: number) => string,
  tableRows: number,
  bandwidth: number,
): SceneBody {
  if (plot.template.kind === 'custom') return tableOf(plot, tableRows);
  switch (plot.template.name) {
    case 'confusion':
    case 'confusion_normalized':
      return confusionOf(plot, plot.template.name === 'confusion_normalized');
    case 'bar_horizontal':
    case 'bar_horizontal_sorted':
      return barsOf(plot, colorOf, plot.template.name === 'bar_horizontal_sorted');
    case 'scatter':
    case 'scatter_jitter':
      return linesOf(plot, colorOf, 'points');
    case 'smooth':
      return linesOf(plot, colorOf, 'smooth', bandwidth);
    default:
      return linesOf(plot, colorOf, 'line');
  }
}

/** A row's value as a number, or a problem naming the file and line it came from. */
function numberAt(plot: SceneInput, row: number, field: string): number {
  const v = plot.datapoints[row]![field];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || /^\s*[+-]?nan\s*$/i.test(v)) return n;
  }
  const file = plot.sourceOf[row];
  const line = plot.lines[row] || undefined;
  const at = file === undefined ? '' : line === undefined ? `${file}: ` : `${file}:${line}: `;
  throw new ValueProblem(
    `${at}${field} is ${JSON.stringify(v ?? null)}, not a number; the ${plot.template.name} template draws numbers (fix the value or choose another template)`,
    { ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }) },
  );
}

function sourceOfRow(plot: SceneInput, row: number): string {
  if (plot.seriesKey === '') return '';
  return String(plot.datapoints[row]![plot.seriesKey] ?? '');
}

function linesOf(
  plot: SceneInput,
  colorOf: (revision: string, index: number) => string,
  mark: LinesScene['mark'],
  bandwidth = DVC_SMOOTH_BANDWIDTH,
): LinesScene {
  // Rows arrive in blocks of one revision and one source: each block is one series.
  const blocks: { revision: string; source: string; start: number; end: number }[] = [];
  for (let r = 0; r < plot.datapoints.length; r++) {
    const revision = String(plot.datapoints[r]!.rev);
    const source = sourceOfRow(plot, r);
    const last = blocks.at(-1);
    if (last && last.revision === revision && last.source === source) last.end = r + 1;
    else blocks.push({ revision, source, start: r, end: r + 1 });
  }
  const sources = [...new Set(blocks.map((b) => b.source))].sort();
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const series = blocks.map((b) => {
    const n = b.end - b.start;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = numberAt(plot, b.start + i, plot.x);
      const y = numberAt(plot, b.start + i, plot.y);
      xs[i] = x;
      ys[i] = y;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    const dash = STROKE_DASHES[sources.indexOf(b.source) % STROKE_DASHES.length]!;
    const smoothed = mark === 'smooth' ? loess(xs, ys, bandwidth) : undefined;
    // DVC's layers share one y scale: the trend line may reach past the raw values.
    for (const y of smoothed?.ys ?? []) {
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    return {
      revision: b.revision,
      source: b.source,
      color: colorOf(b.revision, plot.revisions.indexOf(b.revision)),
      dash: dash[1] === 0 ? [] : dash,
      xs,
      ys,
      ...(smoothed ? { smoothed } : {}),
    };
  });
  return {
    kind: 'lines',
    mark,
    series,
    xDomain: domainOf(xMin, xMax),
    yDomain: domainOf(yMin, yMax),
  };
}

function domainOf(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}

/** Labels as vega sorts a nominal axis ascending: numbers by value, text by code unit. */
function sortedLabels(values: Iterable<unknown>): string[] {
  const list = [...new Set(values)];
  if (list.every((v) => typeof v === 'number')) return (list as number[]).sort((a, b) => a - b).map(String);
  return list.map((v) => String(v)).sort();
}

function confusionOf(plot: SceneInput, normalized: boolean): ConfusionScene {
  const panels: ConfusionPanel[] = [];
  // One pass over the rows: counts per (revision, x value, y value) as the rows hold them; labels are their
  // string forms (DVC's vega counts 1 and "1" as one category), merged when the cells are laid out.
  const byRevision = new Map<unknown, Map<unknown, Map<unknown, number>>>();
  let lastRev: unknown;
  let cells: Map<unknown, Map<unknown, number>> | undefined;
  for (let r = 0; r < plot.datapoints.length; r++) {
    const d = plot.datapoints[r]!;
    if (cells === undefined || d.rev !== lastRev) {
      lastRev = d.rev;
      cells = byRevision.get(lastRev);
      if (!cells) byRevision.set(lastRev, (cells = new Map()));
    }
    const x = d[plot.x] ?? null;
    let column = cells.get(x);
    if (!column) cells.set(x, (column = new Map()));
    const y = d[plot.y] ?? null;
    column.set(y, (column.get(y) ?? 0) + 1);
  }
  for (const [rev, columns] of byRevision) {
    const revision = String(rev);
    const yValues = new Set<unknown>();
    for (const column of columns.values()) for (const y of column.keys()) yValues.add(y);
    const xLabels = sortedLabels(columns.keys());
    const yLabels = sortedLabels(yValues);
    const xIndex = new Map(xLabels.map((l, i) => [l, i]));
    const yIndex = new Map(yLabels.map((l, i) => [l, i]));
    const counts = new Float64Array(xLabels.length * yLabels.length);
    for (const [x, column] of columns)
      for (const [y, n] of column) counts[yIndex.get(String(y))! * xLabels.length + xIndex.get(String(x))!]! += n;
    const shares = new Float64Array(counts.length);
    if (normalized) {
      for (let row = 0; row < yLabels.length; row++) {
        let sum = 0;
        for (let c = 0; c < xLabels.length; c++) sum += counts[row * xLabels.length + c]!;
        for (let c = 0; c < xLabels.length; c++)
          shares[row * xLabels.length + c] = sum === 0 ? 0 : counts[row * xLabels.length + c]! / sum;
      }
    } else {
      let max = 0;
      for (const c of counts) if (c > max) max = c;
      for (let i = 0; i < counts.length; i++) shares[i] = max === 0 ? 0 : counts[i]! / max;
    }
    panels.push({ revision, xLabels, yLabels, counts, shares });
  }
  return { kind: 'confusion', normalized, panels };
}

function barsOf(plot: SceneInput, colorOf: (revision: string, index: number) => string, sorted: boolean): BarsScene {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const perRevision = new Map<string, Map<number, number>>();
  for (let r = 0; r < plot.datapoints.length; r++) {
    const d = plot.datapoints[r]!;
    const category = String(d[plot.y] ?? '');
    if (!index.has(category)) {
      index.set(category, categories.length);
      categories.push(category);
    }
    const rev = String(d.rev);
    if (!perRevision.has(rev)) perRevision.set(rev, new Map());
    perRevision.get(rev)!.set(index.get(category)!, numberAt(plot, r, plot.x));
  }
  let order = categories.map((_, i) => i);
  const firstValues = perRevision.values().next().value as Map<number, number> | undefined;
  if (sorted && firstValues)
    order = order.sort((a, b) => (firstValues.get(b) ?? -Infinity) - (firstValues.get(a) ?? -Infinity));
  let max = 0;
  let min = 0;
  const groups = [...perRevision].map(([revision, values]) => {
    const arr = new Float64Array(order.length).fill(Number.NaN);
    order.forEach((c, i) => {
      const v = values.get(c);
      if (v === undefined) return;
      arr[i] = v;
      if (v > max) max = v;
      if (v < min) min = v;
    });
    return { revision, color: colorOf(revision, plot.revisions.indexOf(revision)), values: arr };
  });
  return { kind: 'bars', categories: order.map((i) => categories[i]!), groups, max: max === min ? min + 1 : max, min };
}

function tableOf(plot: SceneInput, limit: number): TableScene {
  const columns: string[] = [];
  for (const d of plot.datapoints.slice(0, limit))
    for (const k of Object.keys(d)) if (!columns.includes(k)) columns.push(k);
  const rows = plot.datapoints
    .slice(0, limit)
    .map((d) =>
      columns.map((c) =>
        d[c] === undefined ? '' : typeof d[c] === 'string' ? (d[c] as string) : JSON.stringify(d[c]),
      ),
    );
  return {
    kind: 'table',
    columns,
    rows,
    more: Math.max(0, plot.datapoints.length - limit),
    note: `Custom template '${plot.template.name}' is a vega-lite spec, which MLOps Workbench does not run; its data is shown as a table (dvc plots show renders it with vega).`,
  };
}
