// Builds the input of the pure editor functions from fixture files held in memory, with a `<|>` cursor marker.
import * as path from 'node:path';
import type { Position } from '../../src/core/diagnostics';
import { cursor } from '../support/cursor';
import { memoryFs } from '../support/memory-fs';
import { parseYaml, pipelineFromParsed } from '../../src/core/pipeline';
import type { IdeDocument } from '../../src/core/pipeline/ide/document';

export const ROOT = path.resolve('/ws');

/** The editor view of `dvc.yaml` (given with a cursor marker) among the other files. */
export function ideDoc(
  marked: string,
  others: Record<string, string> = {},
  file = 'dvc.yaml',
): { doc: IdeDocument; position: Position } {
  const { text, position } = cursor(marked);
  const fs = memoryFs(
    Object.fromEntries(Object.entries({ ...others, [file]: text }).map(([rel, t]) => [path.join(ROOT, rel), t])),
  );
  const abs = path.join(ROOT, file);
  const parsed = parseYaml(text);
  const { pipeline, context } = pipelineFromParsed(abs, parsed, fs);
  const otherPipelines = Object.keys(others).filter((f) => path.basename(f) === 'dvc.yaml');
  const pipelines = [
    pipeline,
    ...otherPipelines.map((f) => pipelineFromParsed(path.join(ROOT, f), parseYaml(others[f] ?? ''), fs).pipeline),
  ];
  return { doc: { parsed, pipeline, context, pipelines, fs }, position };
}

export const at = (rel: string): string => path.join(ROOT, rel);
