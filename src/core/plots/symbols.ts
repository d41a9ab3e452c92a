// Points as DVC's templates have vega-lite draw them. The `scatter` and `scatter_jitter` templates' `point` mark
// is hollow — no fill, stroked 2 px in its revision's colour at opacity 0.7 — at vega's default size 30 (an area
// in px²), with a shape per y source from dvc-render's shape range (circle, square, triangle, diamond: the sources
// sorted, the range repeated; one source gets vega's default circle). The `smooth` template's end-of-line mark is
// a filled `circle` of size 10 at opacity 0.7. Outlines are vega-scenegraph's symbols (path/symbols.js) at a size.
import type { PointSymbol } from './primitives';

export type ShapeName = 'circle' | 'square' | 'triangle' | 'diamond';

/** dvc-render's OPTIONAL_ANCHOR_RANGES["shape"], assigned to the y sources in sorted order. */
export const SOURCE_SHAPES: readonly ShapeName[] = ['circle', 'square', 'triangle', 'diamond'];

/** vega-lite's `point` mark as DVC's scatter templates get it (vega's symbol defaults, fill transparent). */
export const HOLLOW_POINT = { size: 30, strokeWidth: 2, opacity: 0.7 } as const;

/** The smooth template's `{"type": "circle", "size": 10}` mark (vega-lite: filled, opacity 0.7). */
export const LINE_END_POINT = { size: 10, opacity: 0.7 } as const;

const HALF_SQRT3 = Math.sqrt(3) / 2;
const TAN30 = Math.tan(Math.PI / 6);

/** The outline of `shape` at vega's `size` (area in px²), centred on the point. */
export function symbolOf(shape: ShapeName, size: number): PointSymbol {
  const r = Math.sqrt(size) / 2;
  switch (shape) {
    case 'circle':
      return { kind: 'circle', radius: r };
    case 'square':
      return { kind: 'polygon', vertices: [-r, -r, r, -r, r, r, -r, r] };
    case 'diamond':
      return { kind: 'polygon', vertices: [-r, 0, 0, -r, r, 0, 0, r] };
    case 'triangle': {
      // vega's 'triangle' is centred on its centroid, not its box.
      const h = HALF_SQRT3 * r;
      const o = h - r * TAN30;
      return { kind: 'polygon', vertices: [0, -h - o, -r, h - o, r, h - o] };
    }
  }
}
