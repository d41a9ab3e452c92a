// Builds the input of the pure editor functions from fixture files held in memory, with a `<|>` cursor marker.
import * as path from 'node:path';
import type { Position } from '../../src/core/diagnostics';
import type { FileSystem } from '../../src/core/fs';
import { parseYaml, pipelineFromParsed } from '../../src/core/pipeline';
import type { IdeDocument } from '../../src/core/pipeline/ide/document';

export const ROOT = path.resolve('/ws');

/** A file system over a map of absolute paths; folders are implied by the files in them. */
export function memoryFs(files: Record<string, string>): FileSystem {
  const abs = new Map(Object.entries(files).map(([rel, text]) => [path.join(ROOT, rel), text]));
  const isDir = (p: string): boolean => [...abs.keys()].some((f) => f.startsWith(p + path.sep));
  return {
    readText: (p) => abs.get(p),
    stat: (p) => {
      const text = abs.get(p);
      if (text !== undefined) return { isFile: true, isDirectory: false, size: text.length, mtimeMs: 0 };
      return isDir(p) ? { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 } : undefined;
    },
    list: (p) => {
      if (!isDir(p)) return undefined;
      const names = new Set<string>();
      for (const f of abs.keys()) if (f.startsWith(p + path.sep)) names.add(f.slice(p.length + 1).split(path.sep)[0]!);
      return [...names];
    },
  };
}

/** Splits text at `<|>`. */
export function cursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('<|>');
  if (at < 0) throw new Error('fixture has no <|> cursor marker');
  const before = marked.slice(0, at).split('\n');
  return { text: marked.slice(0, at) + marked.slice(at + 3), position: { line: before.length - 1, character: before.at(-1)!.length } };
}

/** The editor view of `dvc.yaml` (given with a cursor marker) among the other files. */
export function ideDoc(marked: string, others: Record<string, string> = {}, file = 'dvc.yaml'): { doc: IdeDocument; position: Position } {
  const { text, position } = cursor(marked);
  const fs = memoryFs({ ...others, [file]: text });
  const abs = path.join(ROOT, file);
  const parsed = parseYaml(text);
  const { pipeline, context } = pipelineFromParsed(abs, parsed, fs);
  const otherPipelines = Object.keys(others).filter((f) => path.basename(f) === 'dvc.yaml');
  const pipelines = [pipeline, ...otherPipelines.map((f) => pipelineFromParsed(path.join(ROOT, f), parseYaml(others[f] ?? ''), fs).pipeline)];
  return { doc: { parsed, pipeline, context, pipelines, fs }, position };
}

export const at = (rel: string): string => path.join(ROOT, rel);
