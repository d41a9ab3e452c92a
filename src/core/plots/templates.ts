// DVC's plot templates by name (dvc_render/vega_templates.py) and what each lets DVC fill in: the optional
// anchors a template carries decide which `anchor_definitions` `dvc plots show --json --split` writes and
// whether `filename`/`field` stay on the rows. A custom template (a JSON file under `.dvc/plots/`, or a path)
// is drawn as a table; its anchors are read from its text.
import * as path from 'node:path';
import type { FileSystem } from '../fs';

export const BUILT_IN_TEMPLATES = [
  'linear',
  'simple',
  'scatter',
  'scatter_jitter',
  'smooth',
  'confusion',
  'confusion_normalized',
  'bar_horizontal',
  'bar_horizontal_sorted',
] as const;

export type BuiltInTemplate = (typeof BUILT_IN_TEMPLATES)[number];

export type OptionalAnchor =
  | 'color'
  | 'column'
  | 'group_by_x'
  | 'group_by_y'
  | 'group_by'
  | 'pivot_field'
  | 'plot_height'
  | 'plot_width'
  | 'row'
  | 'shape'
  | 'stroke_dash'
  | 'tooltip'
  | 'zoom_and_pan';

const LINEAR: readonly OptionalAnchor[] = [
  'color',
  'group_by',
  'pivot_field',
  'plot_height',
  'plot_width',
  'stroke_dash',
  'zoom_and_pan',
];

const ANCHORS: Record<BuiltInTemplate, readonly OptionalAnchor[]> = {
  linear: LINEAR,
  smooth: LINEAR,
  simple: ['color', 'plot_height', 'plot_width', 'stroke_dash', 'tooltip', 'zoom_and_pan'],
  scatter: ['color', 'plot_height', 'plot_width', 'shape', 'tooltip', 'zoom_and_pan'],
  scatter_jitter: ['color', 'plot_height', 'plot_width', 'shape', 'tooltip'],
  confusion: ['group_by_x', 'group_by_y', 'plot_height', 'plot_width', 'row'],
  confusion_normalized: ['group_by_x', 'plot_height', 'plot_width', 'row'],
  bar_horizontal: ['color', 'column', 'plot_height', 'plot_width', 'zoom_and_pan'],
  bar_horizontal_sorted: ['color', 'column', 'plot_height', 'plot_width', 'zoom_and_pan'],
};

export type ResolvedTemplate =
  | { kind: 'built-in'; name: BuiltInTemplate; anchors: ReadonlySet<OptionalAnchor> }
  | { kind: 'custom'; name: string; file: string; anchors: ReadonlySet<OptionalAnchor> };

export class TemplateNotFoundError extends Error {}

/**
 * The template a plot names (get_template): `.dvc/plots/<name>` or `<name>.json` first, then a path from the
 * repository folder, then a built-in name; none means `linear`.
 */
export function resolveTemplate(name: string | undefined, root: string, fs: FileSystem): ResolvedTemplate {
  const wanted = name ?? 'linear';
  const dir = path.join(root, '.dvc', 'plots');
  for (const candidate of [
    path.join(dir, wanted),
    path.join(dir, `${wanted.replace(/\.[^./]*$/, '')}.json`),
    path.resolve(root, wanted),
  ]) {
    if (!fs.stat(candidate)?.isFile) continue;
    const text = fs.readText(candidate) ?? '';
    const found = new Set<OptionalAnchor>();
    for (const m of text.matchAll(/<DVC_METRIC_([A-Z_]+)>/g)) {
      const anchor = m[1]!.toLowerCase() as OptionalAnchor;
      if (ALL_OPTIONAL.has(anchor)) found.add(anchor);
    }
    return { kind: 'custom', name: wanted, file: candidate, anchors: found };
  }
  if ((BUILT_IN_TEMPLATES as readonly string[]).includes(wanted)) {
    const builtIn = wanted as BuiltInTemplate;
    return { kind: 'built-in', name: builtIn, anchors: new Set(ANCHORS[builtIn]) };
  }
  throw new TemplateNotFoundError(
    `Template '${wanted}' not found: use one of ${BUILT_IN_TEMPLATES.join(', ')}, or put a template file in .dvc/plots/`,
  );
}

const ALL_OPTIONAL: ReadonlySet<string> = new Set<OptionalAnchor>([
  'color',
  'column',
  'group_by_x',
  'group_by_y',
  'group_by',
  'pivot_field',
  'plot_height',
  'plot_width',
  'row',
  'shape',
  'stroke_dash',
  'tooltip',
  'zoom_and_pan',
]);

/** DVC's palettes for revisions (colour), y sources (dash) and points (shape), reused in order. */
export const REVISION_COLORS = ['#945dd6', '#13adc7', '#f46837', '#48bb78', '#4299e1', '#ed8936', '#f56565'] as const;
export const STROKE_DASHES: readonly (readonly number[])[] = [
  [1, 0],
  [8, 8],
  [8, 4],
  [4, 4],
  [4, 2],
  [2, 1],
  [1, 1],
];
export const SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
