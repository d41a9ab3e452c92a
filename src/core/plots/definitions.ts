// Which plots a revision defines, collected as `dvc plots show` collects them (dvc/repo/plots/__init__.py):
// top-level `plots:` of every dvc.yaml (an id that is a data path, or a named id whose `y` maps files to
// fields), then every stage's `plots:` outputs. A folder stands for each file under it, taking the options of
// the most specific definition; paths become repository-relative; an id used by two config files is shown as
// `<config>::<id>`. TARGETs select by a regular expression matched at the start of the id, as DVC does.
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { findPipelines, loadPipeline } from '../pipeline/index';
import { topLevelSections } from '../revisions/dvc-yaml-sections';
import type { DvcTreeView } from '../revisions/cached-outputs';
import { DataIndexDirError } from '../revisions/data-index';

/** A field of every file (`x: epoch`), or per file (`{file: field}`). */
export type XSpec = string | Record<string, string>;
/** One or several fields of the plot's own file, or per file (`{file: field | [fields]}`). */
export type YSpec = string | string[] | Record<string, string | string[]>;

/** DVC's PLOT_PROPS. */
export interface PlotProps {
  x?: XSpec;
  y?: YSpec;
  template?: string;
  title?: string;
  x_label?: string;
  y_label?: string;
  header?: boolean;
}

export interface PlotDefinition {
  /** The id shown to the user and in `--json`. */
  id: string;
  /** The id inside its config file: a data path, or the name of a top-level plot. */
  innerId: string;
  /** Repository-relative dvc.yaml the plot is written in; '' for stage outputs. */
  config: string;
  props: PlotProps;
  /** Repository-relative data files it reads, in DVC's order. */
  sources: string[];
}

export interface RevisionDefinitions {
  plots: PlotDefinition[];
  /** Options of stage plot outputs by data file (the CSV `header` option applies wherever the file is read). */
  outputProps: Map<string, PlotProps>;
  /** The dvc.yaml files read (absolute). */
  pipelines: string[];
  /** A dvc.yaml that could not be read; the other files still count. */
  errors: { file: string; message: string }[];
  /**
   * Set when the revision's definitions could not be collected at all (then `plots` is empty): a plot path under
   * a DVC-tracked folder whose listing no cache holds, as DVC's `_collect_definitions` fails for the revision.
   */
  failure?: { type: string; message: string };
}

/** The files a revision is read through: with DVC's data index when the caller has one (cached-outputs.ts). */
export type DefinitionsFs = FileSystem & Partial<Pick<DvcTreeView, 'index'>>;

const posix = path.posix;

/** Every plot `root` (the repository folder, as seen through `fs`) defines, filtered by `targets`. */
export function collectDefinitions(
  root: string,
  fs: DefinitionsFs,
  targets: readonly string[] = [],
): RevisionDefinitions {
  try {
    return definitionsOf(root, fs, targets);
  } catch (err) {
    if (!(err instanceof DataIndexDirError)) throw err;
    return {
      plots: [],
      outputProps: new Map(),
      pipelines: [],
      errors: [],
      failure: { type: err.type, message: err.message },
    };
  }
}

function definitionsOf(root: string, fs: DefinitionsFs, targets: readonly string[]): RevisionDefinitions {
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  const byConfig: { config: string; id: string; props: PlotProps }[] = [];
  const outputProps = new Map<string, PlotProps>();
  const errors: RevisionDefinitions['errors'] = [];
  const matchers = targets.map((t) => new RegExp(`^(?:${t})`));
  const matches = (config: string, id: string): boolean =>
    matchers.length === 0 || matchers.some((m) => m.test(id) || m.test(config === '' ? id : `${config}::${id}`));
  const files = (dataPath: string): string[] => unpackIfDir(fs, root, dataPath);

  const pipelines = findPipelines(root, fs);
  let definesPlots = false;
  for (const file of pipelines) {
    const config = rel(file);
    const configDir = posix.dirname(config);
    const sections = topLevelSections(fs, file);
    if (!sections.ok) {
      errors.push({ file: config, message: `cannot parse ${config}: ${sections.message}` });
      continue;
    }
    const entries = topLevelEntries(sections.plots);
    if (Array.isArray(sections.plots) && sections.plots.length > 0) definesPlots = true;
    const parents = entries.map(([id]) => joinPath(configDir, id));
    for (const [id, props] of entries) {
      if (!matches(config, id)) continue;
      if (isPathId(props)) {
        const dataPath = joinPath(configDir, id);
        for (const f of files(dataPath))
          if (closestParent(f, parents) === dataPath) byConfig.push({ config, id: f, props: { ...props } });
      } else byConfig.push({ config, id, props: adjustSources(props, configDir) });
    }
  }
  for (const file of pipelines) {
    const pipeline = loadPipeline(file, fs);
    for (const stage of pipeline.stages)
      for (const out of stage.outs) {
        if (out.kind !== 'plots') continue;
        const dataPath = rel(path.resolve(pipeline.dir, stage.wdir, out.path.value));
        const props: PlotProps = { ...out.plot };
        if (!matches('', dataPath)) continue;
        for (const f of files(dataPath)) {
          outputProps.set(f, props);
          byConfig.push({ config: '', id: f, props });
        }
      }
  }

  // A TARGET that is an existing path is a plot of its own too (with no options); while nothing at all is
  // defined yet (no `plots:` in any dvc.yaml, no plot output matched, no TARGET taken), even a missing one is,
  // and its reading fails as a data file's would (_collect_definitions: `not result or fs.exists(target)`).
  let anything = byConfig.length > 0 || definesPlots;
  for (const target of targets) {
    if (anything && !exists(fs, path.resolve(root, target))) continue;
    anything = true;
    for (const f of files(posix.normalize(target))) byConfig.push({ config: '', id: f, props: {} });
  }

  // Grouped by id in first-seen order; an id is prefixed with its config file only when another config file
  // uses it too (group_definitions_by_id). The same path twice in one config merges, later keys winning.
  const byId = new Map<string, Map<string, PlotProps>>();
  for (const d of byConfig) {
    const configs = byId.get(d.id) ?? new Map<string, PlotProps>();
    configs.set(d.config, { ...configs.get(d.config), ...d.props });
    byId.set(d.id, configs);
  }
  const plots: PlotDefinition[] = [];
  for (const [innerId, configs] of byId)
    for (const [config, props] of configs) {
      const id = configs.size > 1 && config !== '' ? `${config}::${innerId}` : innerId;
      plots.push({ id, innerId, config, props, sources: dataSources(innerId, props) });
    }
  return { plots, outputProps, pipelines, errors };
}

/** `plots:` items: a path, or a one-key map from an id to its options (null for none). */
function topLevelEntries(section: unknown): [string, PlotProps][] {
  if (!Array.isArray(section)) return [];
  const out: [string, PlotProps][] = [];
  for (const item of section) {
    if (typeof item === 'string') out.push([item, {}]);
    else if (item !== null && typeof item === 'object') {
      const [id, props] = Object.entries(item as Record<string, unknown>)[0] ?? [];
      if (id !== undefined) out.push([id, toProps(props)]);
    }
  }
  return out;
}

function toProps(value: unknown): PlotProps {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const props: PlotProps = {};
  for (const key of ['template', 'title', 'x_label', 'y_label'] as const)
    if (v[key] !== undefined && v[key] !== null) props[key] = String(v[key]);
  if (typeof v.header === 'boolean') props.header = v.header;
  if (typeof v.x === 'string' || isPlainObject(v.x)) props.x = v.x as XSpec;
  if (typeof v.y === 'string' || Array.isArray(v.y) || isPlainObject(v.y)) props.y = v.y as YSpec;
  return props;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An id is a data path unless its `y` maps files to fields. */
function isPathId(props: PlotProps): boolean {
  return !isPlainObject(props.y);
}

/** File keys of `x` and `y` maps are relative to the dvc.yaml folder. */
function adjustSources(props: PlotProps, configDir: string): PlotProps {
  const out: PlotProps = { ...props };
  if (isPlainObject(props.x))
    out.x = Object.fromEntries(Object.entries(props.x).map(([f, v]) => [joinPath(configDir, f), v]));
  if (isPlainObject(props.y))
    out.y = Object.fromEntries(Object.entries(props.y).map(([f, v]) => [joinPath(configDir, f), v]));
  return out;
}

/** The files a plot reads (infer_data_sources): the `y` map's files, or the id itself; then the `x` map's first file. */
export function dataSources(innerId: string, props: PlotProps): string[] {
  const sources = isPlainObject(props.y) ? Object.keys(props.y) : [innerId];
  if (isPlainObject(props.x)) {
    const first = Object.keys(props.x)[0];
    if (first !== undefined) sources.push(first);
  }
  return [...new Set(sources)];
}

function joinPath(dir: string, p: string): string {
  return posix.normalize(dir === '.' ? p : `${dir}/${p}`);
}

function closestParent(file: string, parents: readonly string[]): string {
  let best = '';
  for (const parent of parents) {
    const common = commonPath(file, parent);
    if (common.length > best.length) best = common;
  }
  return best;
}

/** os.path.commonpath of two normalized relative paths: whole components only. */
export function commonPath(a: string, b: string): string {
  const pa = a.split('/');
  const pb = b.split('/');
  let k = 0;
  while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
  return pa.slice(0, k).join('/');
}

/** Whether `abs` exists for DVC: a path under a DVC-tracked folder it cannot list throws DataIndexDirError. */
function exists(fs: DefinitionsFs, abs: string): boolean {
  const entry = fs.index?.lookup(abs);
  if (entry?.kind === 'unloadable' && !entry.exact) throw new DataIndexDirError(entry.key);
  return fs.stat(abs) !== undefined || entry?.kind === 'file' || entry?.kind === 'unloadable';
}

/**
 * A folder's files, recursively and sorted; a file (or a missing path) stands for itself. A DVC-tracked folder
 * output whose listing no cache holds gives nothing (DVC's error for it stays inside its definitions, unshown);
 * a path under one fails the whole revision (DataIndexDirError from DVC's `isdir`).
 */
function unpackIfDir(fs: DefinitionsFs, root: string, dataPath: string): string[] {
  const abs = path.resolve(root, dataPath);
  const entry = fs.index?.lookup(abs);
  if (entry?.kind === 'unloadable') {
    if (entry.exact) return [];
    throw new DataIndexDirError(entry.key);
  }
  if (!fs.stat(abs)?.isDirectory) return [dataPath];
  const found: string[] = [];
  const walk = (dir: string, relDir: string): void => {
    for (const name of (fs.list(dir) ?? []).sort()) {
      const child = path.join(dir, name);
      const relChild = `${relDir}/${name}`;
      if (fs.stat(child)?.isDirectory) walk(child, relChild);
      else found.push(relChild);
    }
  };
  walk(abs, dataPath);
  return found.sort();
}
