// The vocabulary of a laid-out chart (draw.ts makes it; svg.ts, the panels' canvas and their hover tooltips read
// it): pixel primitives — paths, point sets, rectangles, text — and, on the marks that show data, what a hover over
// them tells, as DVC's vega pages list it in their tooltips (the revision, then label/value rows).

/** A point's outline centred on it: a circle, or a polygon's vertices as x, y offsets (symbols.ts). */
export type PointSymbol = { kind: 'circle'; radius: number } | { kind: 'polygon'; vertices: readonly number[] };

/** A hover's text: the mark's revision and its rows (label, value), in order. */
export interface Tip {
  revision: string;
  rows: readonly (readonly [string, string])[];
}

/**
 * How the `at` values of a chart's marks read: the axes' titles, and for a nominal axis (scatter_jitter) its
 * categories, which the values index.
 */
export interface HoverAxes {
  x: string;
  y: string;
  /** The name of a series' y source (`filename`, `field`, `filename::field`), when there are several. */
  source?: string;
  xCategories?: readonly string[];
  yCategories?: readonly string[];
}

export type Primitive =
  | {
      k: 'path';
      /** x, y pairs. */
      points: Float32Array;
      stroke: string;
      width: number;
      dash: readonly number[];
      opacity: number;
      revision?: string;
      source?: string;
      /** The data each pixel pair shows (x, y pairs, as DrawList.axes reads them); absent on axes and legends. */
      at?: Float64Array;
    }
  | {
      k: 'points';
      points: Float32Array;
      /** Each point's outline, stroked (`hollow`, vega-lite's point mark) or filled, in `color`. */
      symbol: PointSymbol;
      style: { kind: 'hollow'; strokeWidth: number } | { kind: 'filled' };
      color: string;
      opacity: number;
      revision?: string;
      source?: string;
      at?: Float64Array;
    }
  | {
      k: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill: string;
      stroke?: string;
      count?: number;
      cell?: boolean;
      tip?: Tip;
    }
  | {
      k: 'text';
      x: number;
      y: number;
      text: string;
      anchor: 'start' | 'middle' | 'end';
      color?: string;
      size?: number;
      bold?: boolean;
      italic?: boolean;
      /** Degrees about (x, y). */
      rotate?: number;
    };

export interface DrawList {
  width: number;
  height: number;
  title: string;
  items: Primitive[];
  /** How the `at` values of the marks read, when the chart has any. */
  axes?: HoverAxes;
}
