// What a plot looks like, decided once for every renderer (the report's SVG, the panels' canvas): the
// template picks the picture (lines, points, a confusion heatmap with counts, horizontal bars, or a table for
// a custom template), rows become typed columns per revision and y source, and a value that cannot be drawn
// (a non-numeric `y` in a line plot) becomes a message naming its file and line instead of a wrong picture.
// Pure and browser-safe: the panels build scenes from rows in the page.
import type { Datum } from './data-files';
import { confusionCounts, countPairs, newTally, type Tally } from './confusion-counts';
import { columnOf } from './row-columns';
import { rowAt, type RowBlock } from './row-blocks';
import { rowCount, rowLine } from './row-source';
import type { SeriesKey } from './anchors';
import { REVISION_COLORS, STROKE_DASHES } from './templates';
import { DVC_SMOOTH_BANDWIDTH, loess, type Curve } from './loess';
import { jitterOf, type JitterScene } from './jitter';
import { SOURCE_SHAPES, type ShapeName } from './symbols';

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
  /** The rows, per revision and y source, read in place (row-columns.ts): no object per row. */
  blocks: readonly RowBlock[];
}

export interface LineSeries {
  revision: string;
  /** The y source it draws ('' for a single source). */
  source: string;
  color: string;
  /** Canvas/SVG dash pattern; [] for solid. */
  dash: readonly number[];
  /** The shape of its points when the template draws points (`scatter`), by its y source as DVC gives it. */
  shape: ShapeName;
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

export type SceneBody = LinesScene | ConfusionScene | BarsScene | JitterScene | TableScene;

export interface Scene {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** The field naming a series' y source ('' for one source), as DVC's tooltips name it. */
  seriesKey: SeriesKey;
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
  const head = { id: plot.id, title: plot.title, xLabel: plot.xLabel, yLabel: plot.yLabel, seriesKey: plot.seriesKey };
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
      return linesOf(plot, colorOf, 'points');
    case 'scatter_jitter':
      return jitterOf(plot, runsOf(plot), colorOf);
    case 'smooth':
      return linesOf(plot, colorOf, 'smooth', bandwidth);
    default:
      return linesOf(plot, colorOf, 'line');
  }
}

/** A row's value as a number, or a problem naming the file and line it came from. */
function numberOf(v: unknown, plot: SceneInput, block: RowBlock, r: number, field: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || /^\s*[+-]?nan\s*$/i.test(v)) return n;
  }
  return notANumber(v, plot, block, r, field);
}

function notANumber(v: unknown, plot: SceneInput, block: RowBlock, r: number, field: string): never {
  const file = block.file;
  const line = rowLine(block.rows, r) || undefined;
  throw new ValueProblem(
    `${line === undefined ? `${file}: ` : `${file}:${line}: `}${field} is ${JSON.stringify(v ?? null)}, not a number; the ${plot.template.name} template draws numbers (fix the value or choose another template)`,
    { file, ...(line === undefined ? {} : { line }) },
  );
}

/** Rows [start, end) of a block that share a revision and a y source. */
interface Run {
  block: RowBlock;
  start: number;
  end: number;
  revision: string;
  source: string;
}

/** The rows in runs of one revision and y source, in order (a collected plot's block is one run). */
function runsOf(plot: SceneInput): Run[] {
  const runs: Run[] = [];
  for (const block of plot.blocks) {
    const count = rowCount(block.rows);
    const rev = columnOf(block, 'rev');
    const key = plot.seriesKey === '' ? undefined : columnOf(block, plot.seriesKey);
    const sourceAt = (r: number): string => (key === undefined ? '' : String(key(r) ?? ''));
    if (Object.hasOwn(block.constant, 'rev') && (key === undefined || Object.hasOwn(block.constant, plot.seriesKey))) {
      if (count > 0) runs.push({ block, start: 0, end: count, revision: String(rev(0)), source: sourceAt(0) });
      continue;
    }
    let last: Run | undefined;
    for (let r = 0; r < count; r++) {
      const revision = String(rev(r));
      const source = sourceAt(r);
      if (last && last.revision === revision && last.source === source) last.end = r + 1;
      else runs.push((last = { block, start: r, end: r + 1, revision, source }));
    }
  }
  return runs;
}

function linesOf(
  plot: SceneInput,
  colorOf: (revision: string, index: number) => string,
  mark: LinesScene['mark'],
  bandwidth = DVC_SMOOTH_BANDWIDTH,
): LinesScene {
  // Each series is the runs of one revision and source that follow each other.
  const groups: Run[][] = [];
  for (const run of runsOf(plot)) {
    const last = groups.at(-1)?.[0];
    if (last && last.revision === run.revision && last.source === run.source) groups.at(-1)!.push(run);
    else groups.push([run]);
  }
  const sources = [...new Set(groups.map((g) => g[0]!.source))].sort();
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const series = groups.map((runs) => {
    const { revision, source } = runs[0]!;
    const xs = new Float64Array(runs.reduce((n, run) => n + run.end - run.start, 0));
    const ys = new Float64Array(xs.length);
    let i = 0;
    for (const { block, start, end } of runs) {
      const xAt = columnOf(block, plot.x);
      const yAt = columnOf(block, plot.y);
      for (let r = start; r < end; r++, i++) {
        const x = numberOf(xAt(r), plot, block, r, plot.x);
        const y = numberOf(yAt(r), plot, block, r, plot.y);
        xs[i] = x;
        ys[i] = y;
        if (x < xMin) xMin = x;
        if (x > xMax) xMax = x;
        if (y < yMin) yMin = y;
        if (y > yMax) yMax = y;
      }
    }
    const dash = STROKE_DASHES[sources.indexOf(source) % STROKE_DASHES.length]!;
    const shape = SOURCE_SHAPES[sources.indexOf(source) % SOURCE_SHAPES.length]!;
    const smoothed = mark === 'smooth' ? loess(xs, ys, bandwidth) : undefined;
    // DVC's layers share one y scale: the trend line may reach past the raw values.
    for (const y of smoothed?.ys ?? []) {
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    return {
      revision,
      source,
      color: colorOf(revision, plot.revisions.indexOf(revision)),
      dash: dash[1] === 0 ? [] : dash,
      shape,
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

function confusionOf(plot: SceneInput, normalized: boolean): ConfusionScene {
  const tallies = new Map<string, Tally>();
  for (const { block, start, end, revision } of runsOf(plot)) {
    let tally = tallies.get(revision);
    if (!tally) tallies.set(revision, (tally = newTally()));
    countPairs(tally, columnOf(block, plot.x), columnOf(block, plot.y), start, end);
  }
  const panels: ConfusionPanel[] = [];
  for (const [revision, tally] of tallies) {
    const { xLabels, yLabels, counts } = confusionCounts(tally);
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
  for (const { block, start, end, revision } of runsOf(plot)) {
    const xAt = columnOf(block, plot.x);
    const yAt = columnOf(block, plot.y);
    let values = perRevision.get(revision);
    if (!values) perRevision.set(revision, (values = new Map()));
    for (let r = start; r < end; r++) {
      const category = String(yAt(r) ?? '');
      if (!index.has(category)) {
        index.set(category, categories.length);
        categories.push(category);
      }
      values.set(index.get(category)!, numberOf(xAt(r), plot, block, r, plot.x));
    }
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
  // Only the rows shown are built as objects.
  const shown: Datum[] = [];
  let total = 0;
  for (const block of plot.blocks) {
    const count = rowCount(block.rows);
    for (let r = 0; r < count && shown.length < limit; r++) shown.push(rowAt(block, r));
    total += count;
  }
  const columns: string[] = [];
  for (const d of shown) for (const k of Object.keys(d)) if (!columns.includes(k)) columns.push(k);
  const rows = shown.map((d) =>
    columns.map((c) => (d[c] === undefined ? '' : typeof d[c] === 'string' ? (d[c] as string) : JSON.stringify(d[c]))),
  );
  return {
    kind: 'table',
    columns,
    rows,
    more: total - shown.length,
    note: `Custom template '${plot.template.name}' is a vega-lite spec, which MLOps Workbench does not run; its data is shown as a table (dvc plots show renders it with vega).`,
  };
}
