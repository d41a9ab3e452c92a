// The top-level `plots:`, `metrics:` and `params:` lists of a dvc.yaml, read as plain data: DVC takes them as
// written (no `${}`), relative to the dvc.yaml's folder. A file that does not parse yields an error, once.
import { parse as parseYaml } from 'yaml';
import type { FileSystem } from '../fs';

export type TopLevelSections =
  | { ok: true; plots: unknown; metrics: unknown; params: unknown }
  | { ok: false; message: string };

export function topLevelSections(fs: FileSystem, file: string): TopLevelSections {
  try {
    const doc = parseYaml(fs.readText(file) ?? '', { maxAliasCount: 10_000 }) as Record<string, unknown> | null;
    return { ok: true, plots: doc?.plots, metrics: doc?.metrics, params: doc?.params };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** The strings of a list section (`metrics: [a.json, b.json]`); anything else is ignored as DVC's schema refuses it. */
export function pathList(section: unknown): string[] {
  return Array.isArray(section) ? section.filter((s): s is string => typeof s === 'string') : [];
}
