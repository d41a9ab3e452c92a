// `mlops plots show|diff --json`: the shape `dvc plots show --json --split` writes (dvc/commands/plots.py
// _show_json, dvc/render/convert.py to_json), so tools reading DVC's JSON read ours: per plot id a list of
// renderers, `vega` ones with their revisions and `anchor_definitions` (rows under `<DVC_METRIC_DATA>`),
// `image` ones one per revision with the path of a copy written under the output folder, and `errors`.
// The vega-lite `content` (DVC's template with anchors) is not written: our charts are not vega. The document
// is made in pieces as it is taken (a plot of 100k rows is megabytes): never one object or string of it all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plot, PlotIssue, PlotsResult } from './collect';
import { DATA_ANCHOR } from './anchors';
import { rowsJson } from './row-blocks';
import type { JsonPiece } from './json-pieces';

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

/**
 * The JSON document in pieces that end between rows, each to be taken before the next is made; images are
 * copied into `outDir` (absolute), as DVC does, and referenced there.
 */
export function* dvcJson(result: PlotsResult, outDir: string): Generator<JsonPiece> {
  const text = (t: string): JsonPiece => ({ text: t });
  // Empty members are left out, as DVC compacts them (no plot at all prints `{}`).
  const errors = result.errors.map(toDvcError);
  const plots = result.plots;
  yield text(`{${errors.length > 0 ? `"errors":${JSON.stringify(errors)}${plots.length > 0 ? ',' : ''}` : ''}`);
  if (plots.length > 0) {
    yield text('"data":{');
    for (const [i, plot] of plots.entries()) {
      yield text(`${i > 0 ? ',' : ''}${JSON.stringify(plot.id)}:[`);
      yield* renderers(plot, outDir);
      yield text(']');
    }
    yield text('}');
  }
  yield text('}');
}

function* renderers(plot: Plot, outDir: string): Generator<JsonPiece> {
  if (plot.kind === 'empty') return;
  if (plot.kind === 'vega') {
    const head: DvcRenderer = { type: 'vega', revisions: plot.revisions, anchor_definitions: plot.anchorDefinitions };
    // The rows go last, inside anchor_definitions: its JSON without the closing braces, the rows, then `]}}`.
    yield { text: `${JSON.stringify(head).slice(0, -2)},${JSON.stringify(DATA_ANCHOR)}:[` };
    yield* rowsJson(plot.blocks);
    yield { text: ']}}' };
    return;
  }
  const images: DvcRenderer[] = plot.images.map((image) => {
    fs.mkdirSync(outDir, { recursive: true });
    const url = path.join(outDir, imageCopyName(image.revision, image.file));
    fs.writeFileSync(url, image.bytes);
    return { type: 'image', revisions: [image.revision], url };
  });
  yield { text: JSON.stringify(images).slice(1, -1) };
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
