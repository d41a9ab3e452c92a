// The `anchor_definitions` of `dvc plots show --json --split` (dvc_render/vega.py, VegaRenderer with split
// anchors): data, title, axis labels, and the colour / dash / shape / tooltip / size / zoom encodings the
// template has room for. Rows lose `filename` and `field` when the template can show them and they do not
// vary; when both vary they are joined into one `filename::field` key. Tools reading DVC's JSON read these.
import type { OptionalAnchor } from './templates';
import { REVISION_COLORS, SHAPES, STROKE_DASHES } from './templates';

export const DATA_ANCHOR = '<DVC_METRIC_DATA>';

/** One y source: its file (shortened by the common folder of all y files) and field. */
export interface YDefinition {
  filename: string;
  field: string;
}

export interface AnchorInput {
  anchors: ReadonlySet<OptionalAnchor>;
  /** Revisions with rows, in order. */
  revisions: readonly string[];
  title: string;
  x: string;
  y: string;
  xLabel: string;
  yLabel: string;
  yDefinitions: readonly YDefinition[];
}

/** What the rows are split by besides the revision: nothing, `filename`, `field`, or `filename::field`. */
export type SeriesKey = '' | 'filename' | 'field' | 'filename::field';

export interface Anchored {
  definitions: Record<string, unknown>;
  /** The row key that tells y sources apart ('' for one source). */
  seriesKey: SeriesKey;
}

/** Which of `filename` / `field` rows keep, and whether they are joined into `filename::field` (the rule below). */
export interface RowKeys {
  filename: boolean;
  field: boolean;
  concat: boolean;
}

export function rowKeys(anchors: ReadonlySet<OptionalAnchor>, yDefinitions: readonly YDefinition[]): RowKeys {
  if (anchors.size === 0) return { filename: true, field: true, concat: false };
  if (yDefinitions.length <= 1) return { filename: false, field: false, concat: false };
  const varies = (k: 'filename' | 'field'): boolean => new Set(yDefinitions.map((d) => d[k])).size > 1;
  const [filename, field] = [varies('filename'), varies('field')];
  return filename && field ? { filename: false, field: false, concat: true } : { filename, field, concat: false };
}

const anchorName = (name: string): string => `<DVC_METRIC_${name.toUpperCase()}>`;

/** Fills the split anchors but the data (`<DVC_METRIC_DATA>`, built with the keys `rowKeys` keeps, comes last). */
export function anchorDefinitions(input: AnchorInput): Anchored {
  const defs: Record<string, unknown> = {};
  const optional = new Set(input.anchors);
  let seriesKey: SeriesKey = '';
  const set = (name: OptionalAnchor, value: unknown): void => {
    if (optional.has(name)) defs[anchorName(name)] = value;
  };
  if (optional.size > 0) {
    set('color', mapping('rev', 'color', input.revisions));
    set('zoom_and_pan', { name: 'grid', select: 'interval', bind: 'scales' });
    set('plot_height', 300);
    set('plot_width', 300);
    const tooltip = [{ field: 'rev' }, { field: input.x }, { field: input.y }];
    if (input.yDefinitions.length <= 1) {
      set('tooltip', tooltip);
    } else {
      const varied = (['filename', 'field'] as const).filter(
        (k) => new Set(input.yDefinitions.map((d) => d[k])).size > 1,
      );
      const concat = varied.join('::') as SeriesKey;
      const domain = [
        ...new Set(
          input.yDefinitions.map((d) => (varied.length === 2 ? `${d.filename}::${d.field}` : d[varied[0] ?? 'field'])),
        ),
      ].sort();
      set('tooltip', [...tooltip, { field: concat }]);
      set('stroke_dash', { ...mapping(concat, 'stroke_dash', domain), legend: LEGEND });
      set('shape', { ...mapping(concat, 'shape', domain), legend: LEGEND });
      seriesKey = concat;
    }
  } else seriesKey = input.yDefinitions.length > 1 ? 'filename::field' : '';
  defs[anchorName('title')] = input.title;
  defs[anchorName('x_label')] = input.xLabel;
  defs[anchorName('y_label')] = input.yLabel;
  return { definitions: defs, seriesKey };
}

const LEGEND = { symbolFillColor: 'transparent', symbolStrokeColor: 'grey' };

function mapping(field: string, anchor: 'color' | 'stroke_dash' | 'shape', domain: readonly string[]): object {
  const palette: readonly unknown[] =
    anchor === 'color' ? REVISION_COLORS : anchor === 'shape' ? SHAPES : STROKE_DASHES;
  return { field, scale: { domain: [...domain], range: domain.map((_, i) => palette[i % palette.length]) } };
}
