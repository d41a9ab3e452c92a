// Which files `dvc metrics` and `dvc params` read in a revision (dvc/repo/metrics/show.py _collect_metrics,
// dvc/repo/params/show.py _collect_params): metrics = every stage's `metrics:` outputs and the top-level
// `metrics:` lists; params = params.yaml when it exists (all keys), each file a stage's `params:` names (only
// those keys, unless some entry takes the whole file) and the top-level `params:` lists (whole files).
// Folders stand for the files under them. Paths are repository-relative with `/`.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { findPipelines, loadPipeline } from '../pipeline/index';
import { pathList, topLevelSections } from '../revisions/dvc-yaml-sections';

/** A params file and the dotted keys tracked in it; `null` = the whole file. */
export type TrackedParams = Map<string, string[] | null>;

const DEFAULT_PARAMS = 'params.yaml';

export function metricsFiles(root: string, fs: FileSystem): string[] {
  const rel = relTo(root);
  const found: string[] = [];
  const pipelines = findPipelines(root, fs).map((f) => loadPipeline(f, fs));
  for (const p of pipelines)
    for (const stage of p.stages)
      for (const out of stage.outs)
        if (out.kind === 'metrics') found.push(rel(path.resolve(p.dir, stage.wdir, out.path.value)));
  for (const p of pipelines) {
    const sections = topLevelSections(fs, p.file);
    if (sections.ok) for (const m of pathList(sections.metrics)) found.push(rel(path.resolve(p.dir, m)));
  }
  return [...new Set(found.flatMap((f) => expand(root, fs, f)))];
}

/** `stageDepsOnly`: only what stages depend on, without top-level `params:` and an undeclared params.yaml
 * (`dvc params diff --deps`). */
export function paramsFiles(root: string, fs: FileSystem, stageDepsOnly = false): TrackedParams {
  const rel = relTo(root);
  const entries: [string, string | null][] = [];
  const pipelines = findPipelines(root, fs).map((f) => loadPipeline(f, fs));
  for (const p of pipelines)
    for (const stage of p.stages)
      for (const ref of stage.params)
        entries.push([rel(path.resolve(p.dir, stage.wdir, ref.file.value)), ref.key?.value ?? null]);
  if (!stageDepsOnly) {
    for (const p of pipelines) {
      const sections = topLevelSections(fs, p.file);
      if (sections.ok) for (const f of pathList(sections.params)) entries.push([rel(path.resolve(p.dir, f)), null]);
    }
    if (fs.stat(path.join(root, DEFAULT_PARAMS))?.isFile) entries.push([DEFAULT_PARAMS, null]);
  }
  // A file any entry tracks whole is tracked whole (_merge_params).
  const tracked: TrackedParams = new Map();
  for (const [file, key] of entries) {
    const keys = tracked.get(file);
    if (key === null || keys === null) tracked.set(file, null);
    else tracked.set(file, [...(keys ?? []), key]);
  }
  const expanded: TrackedParams = new Map();
  for (const [file, keys] of tracked) for (const f of expand(root, fs, file)) expanded.set(f, keys);
  return expanded;
}

/** Files the user named (`metrics show TARGET…`, `--targets`), repository-relative: read whether declared or not, a folder
 * standing for every file under it (DVC's try_expand_paths). */
export function targetFiles(root: string, fs: FileSystem, targets: readonly string[]): string[] {
  return [...new Set(targets.flatMap((f) => expand(root, fs, f)))];
}

/**
 * Repository-relative with `/`. A path written with Windows separators (`.\reports\metrics.json` in a dvc.yaml made on
 * Windows) is read with `/` on every system, as DVC's DVCFileSystem.from_os_path (as_posix) reads it.
 */
function relTo(root: string): (abs: string) => string {
  return (abs) => path.posix.normalize(path.relative(root, abs).split(path.sep).join('/').replace(/\\/g, '/'));
}

function expand(root: string, fs: FileSystem, file: string): string[] {
  const abs = path.join(root, file);
  if (!fs.stat(abs)?.isDirectory) return [file];
  const out: string[] = [];
  for (const name of (fs.list(abs) ?? []).sort()) out.push(...expand(root, fs, `${file}/${name}`));
  return out;
}
