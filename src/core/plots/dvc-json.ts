// `mlops plots show|diff --json`: the shape `dvc plots show --json --split` writes (dvc/commands/plots.py
// _show_json, dvc/render/convert.py to_json), so tools reading DVC's JSON read ours: per plot id a list of
// renderers, `vega` ones with their revisions and `anchor_definitions` (rows under `<DVC_METRIC_DATA>`),
// `image` ones one per revision with the path of a copy written under the output folder, and `errors`.
// The vega-lite `content` (DVC's template with anchors) is not written: our charts are not vega.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plot, PlotIssue, PlotsResult } from './collect';

/** Empty members are left out, as DVC compacts them (no plot at all prints `{}`). */
export interface DvcPlotsJson {
  errors?: DvcPlotError[];
  data?: Record<string, DvcRenderer[]>;
}

export type DvcRenderer =
  | { type: 'vega'; revisions: string[]; anchor_definitions: Record<string, unknown> }
  | { type: 'image'; revisions: [string]; url: string };

export interface DvcPlotError {
  name?: string;
  rev: string;
  source?: string;
  type: string;
  msg: string;
}

/** The image's copy as DVC names it: `<rev>_<path with / as _>` in the output folder. */
export function imageCopyName(revision: string, file: string): string {
  return `${revision}_${file}`.replace(/[/\\]/g, '_');
}

/** The JSON document; images are copied into `outDir` (absolute), as DVC does, and referenced there. */
export function toDvcJson(result: PlotsResult, outDir: string): DvcPlotsJson {
  const data: Record<string, DvcRenderer[]> = {};
  for (const plot of result.plots) data[plot.id] = renderers(plot, outDir);
  const errors = result.errors.map(toDvcError);
  return {
    ...(errors.length > 0 ? { errors } : {}),
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

function renderers(plot: Plot, outDir: string): DvcRenderer[] {
  if (plot.kind === 'empty') return [];
  if (plot.kind === 'vega')
    return [{ type: 'vega', revisions: plot.revisions, anchor_definitions: plot.anchorDefinitions }];
  return plot.images.map((image) => {
    fs.mkdirSync(outDir, { recursive: true });
    const url = path.join(outDir, imageCopyName(image.revision, image.file));
    fs.writeFileSync(url, image.bytes);
    return { type: 'image', revisions: [image.revision], url };
  });
}

function toDvcError(issue: PlotIssue): DvcPlotError {
  return {
    ...(issue.plotId === undefined ? {} : { name: issue.plotId }),
    rev: issue.revision,
    ...(issue.scope === 'source' && issue.source !== undefined ? { source: issue.source } : {}),
    type: issue.type,
    msg: issue.message,
  };
}
