// The `scatter_jitter` template as DVC's page draws it. DVC's template (dvc_render's ScatterJitterTemplate) gives
// x and y no type, so vega-lite reads both as nominal: each is a band scale over its values sorted ascending
// (padding 0.2 inside and outside), and every point is offset into its (x, y) cell by `random()` scaled from
// [min, max] of those randoms to [0, the band's width] — the point lands anywhere in its band, never outside it.
// Ours: the same bands and labels; the offset is a hash of the point (its revision, y source and place in its
// series), not `Math.random()`, so a point stays where it was on every redraw, in every panel and report, and
// two points on the same cell still spread apart. The hash's values are uniform in [0, 1), so the points fill
// the band as DVC's do.
import { columnOf } from './row-columns';
import type { RowBlock } from './row-blocks';
import { sortedLabels } from './nominal';
import { SOURCE_SHAPES, type ShapeName } from './symbols';

/** Rows [start, end) of a block that share a revision and a y source (scene.ts's runs). */
export interface JitterRun {
  block: RowBlock;
  start: number;
  end: number;
  revision: string;
  source: string;
}

export interface JitterSeries {
  revision: string;
  /** The y source it draws ('' for a single source). */
  source: string;
  color: string;
  /** Its points' shape, by its y source as DVC gives it (symbols.ts). */
  shape: ShapeName;
  /** Per point: its x band, its y band, and its offsets into them in [0, 1). */
  xBand: Int32Array;
  yBand: Int32Array;
  xOffset: Float64Array;
  yOffset: Float64Array;
}

export interface JitterScene {
  kind: 'jitter';
  /** The x field's values, left to right; the y field's, top to bottom (vega's nominal y starts at the top). */
  xLabels: string[];
  yLabels: string[];
  series: JitterSeries[];
}

export function jitterOf(
  plot: { x: string; y: string; revisions: readonly string[] },
  runs: readonly JitterRun[],
  colorOf: (revision: string, index: number) => string,
): JitterScene {
  // Each run's x and y values as the rows hold them (vega's domain keeps 1 and "1" apart only to print both as 1).
  const values = runs.map(({ block, start, end }) => {
    const xAt = columnOf(block, plot.x);
    const yAt = columnOf(block, plot.y);
    const xs: unknown[] = [];
    const ys: unknown[] = [];
    for (let r = start; r < end; r++) {
      xs.push(xAt(r) ?? null);
      ys.push(yAt(r) ?? null);
    }
    return { xs, ys };
  });
  const xLabels = sortedLabels(values.flatMap((v) => v.xs));
  const yLabels = sortedLabels(values.flatMap((v) => v.ys));
  const xIndex = new Map(xLabels.map((l, i) => [l, i]));
  const yIndex = new Map(yLabels.map((l, i) => [l, i]));
  const sources = [...new Set(runs.map((r) => r.source))].sort();
  // Each series is the runs of one revision and source that follow each other; a point's place in it seeds its offset.
  const series: JitterSeries[] = [];
  let previous: JitterRun | undefined;
  runs.forEach((run, k) => {
    const { xs, ys } = values[k]!;
    const same = previous && previous.revision === run.revision && previous.source === run.source;
    previous = run;
    const before = same ? series.pop()! : undefined;
    const offset = before?.xBand.length ?? 0;
    const n = offset + xs.length;
    const s: JitterSeries = {
      revision: run.revision,
      source: run.source,
      color: colorOf(run.revision, plot.revisions.indexOf(run.revision)),
      shape: SOURCE_SHAPES[sources.indexOf(run.source) % SOURCE_SHAPES.length]!,
      xBand: grow(Int32Array, before?.xBand, n),
      yBand: grow(Int32Array, before?.yBand, n),
      xOffset: grow(Float64Array, before?.xOffset, n),
      yOffset: grow(Float64Array, before?.yOffset, n),
    };
    const seed = fnv(`${run.revision}\u0000${run.source}`);
    for (let i = 0; i < xs.length; i++) {
      const at = offset + i;
      s.xBand[at] = xIndex.get(String(xs[i]))!;
      s.yBand[at] = yIndex.get(String(ys[i]))!;
      s.xOffset[at] = unit(seed, 2 * at);
      s.yOffset[at] = unit(seed, 2 * at + 1);
    }
    series.push(s);
  });
  return { kind: 'jitter', xLabels, yLabels, series };
}

/** A typed array of `n` holding `from` first. */
function grow<T extends Int32Array | Float64Array>(Kind: { new (n: number): T }, from: T | undefined, n: number): T {
  const out = new Kind(n);
  if (from) out.set(from);
  return out;
}

function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A uniform value in [0, 1) for (seed, n): murmur3's finaliser over their mix. */
export function unit(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
