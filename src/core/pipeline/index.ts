// The pipeline core's entry points (find, load and validate dvc.yaml files: parse → structure → read → semantics →
// tuning) and the names most callers need. Other modules of the folder are imported directly where a caller
// needs more (the IDE features, the runner); this file is a convenience, not a wall.
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { refusalMessage } from '../bounded-read';
import type { FileSystem, ListedEntry } from '../fs';
import type { Pipeline } from './model';
import { isDvcFileName, loadDvcFile } from './dvc-file';
import { parseYaml } from './parse';
import { pipelineFromParsed, validateFiles, type ValidateOptions } from './validate';

export type { Pipeline, Stage, Output, ParamRef, Located, Expansion, OutputKind, StagePlotOptions } from './model';
export { parseYaml, nodeRange, offsetToPosition } from './parse';
export type { ParsedYaml } from './parse';
export type { VarContext } from './context';
export { DVC_YAML } from './schema';
export { describeKey, keysAt, nodesAt } from './schema-queries';
export type { KeyInfo, SchemaPath } from './schema-queries';
export type { SchemaNode } from './schema-types';
export { pipelineJsonSchema, DVC_YAML_SCHEMA_ID } from './json-schema';
export type { JsonSchema } from './json-schema';
export { buildDag, dagToDot, dagToJson, dagToMermaid } from './dag';
export type { Dag, DagNode, DagEdge, DagCycle, DagJson } from './dag';
export { applyTuning, suppressions, readSeverityMap, SEVERITY_OVERRIDES } from './tuning';
export type { SeverityOverride, SeverityOverrides } from './tuning';
export { outsideSource, pipelineFromParsed, validateFiles } from './validate';
export { isDvcFileName } from './dvc-file';
export type { PipelineSource, ValidatedPipeline, ValidateOptions, Validation } from './validate';

/** Folders never searched for pipelines: VCS, dependencies, virtual envs, DVC and tool caches. */
const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.dvc',
  '.cache',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  // The workspace's own folder: isolated experiment workspaces live there when there is no .dvc/.
  '.mlops',
]);

/**
 * Reads one dvc.yaml: parses it (syntax, duplicate keys), checks its structure, expands foreach/matrix and
 * interpolates `${}`. Never throws; a missing file gives a pipeline with one diagnostic.
 */
export function loadPipeline(file: string, fs: FileSystem): Pipeline {
  const abs = path.resolve(file);
  const text = fs.readText(abs);
  if (text === undefined)
    return { file: abs, dir: path.dirname(abs), stages: [], diagnostics: [unreadableFile(abs, fs)] };
  return pipelineFromParsed(abs, parseYaml(text), fs).pipeline;
}

function unreadableFile(file: string, fs: FileSystem): Diagnostic {
  const origin = { line: 0, character: 0 };
  const stat = fs.stat(file);
  const refused = stat && refusalMessage(file, stat);
  return {
    code: 'unreadable-file',
    severity: 'error',
    message: refused ? `Cannot read ${refused}` : `Cannot read ${file}: check that the file exists and is readable.`,
    range: { start: origin, end: origin },
  };
}

/**
 * Every dvc.yaml under root (or root itself if it is a file), sorted, skipping .git, node_modules, venvs, .dvc, .cache.
 * `visited` receives every directory listed on the way (what a watcher must watch to see a new dvc.yaml appear).
 */
export function findPipelines(root: string, fs: FileSystem, visited?: string[]): string[] {
  if (fs.stat(path.resolve(root))?.isFile) return [path.resolve(root)];
  return findPipelineFiles(root, fs, visited).filter((f) => path.basename(f) === 'dvc.yaml');
}

/**
 * The files that hold stages, as DVC collects them (dvc/repo/index.py): every dvc.yaml and every `.dvc` file
 * (dvc-file.ts) under root, or root itself if it is a file; sorted. One walk finds both.
 * `outsOf`: the absolute paths of a found file's outputs. As DVC's `collect_files` does, the walk then does not
 * enter a folder that is an output of a file found before it (a folder's own files are looked at before its
 * subfolders), so 20,000 files of `dvc add`-tracked data are not listed in search of pipelines.
 */
export function findPipelineFiles(
  root: string,
  fs: FileSystem,
  visited?: string[],
  outsOf?: (file: string) => Iterable<string>,
): string[] {
  const abs = path.resolve(root);
  if (fs.stat(abs)?.isFile) return [abs];
  const found: string[] = [];
  const outs = new Set<string>();
  const stack = [abs];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    // Typed where the file system lists types: only its folders are stat'ed below, not every file.
    const typed = fs.listEntries?.(dir);
    const entries = typed ?? fs.list(dir)?.map(untyped);
    if (!entries) continue;
    visited?.push(dir);
    // Concatenation, not path.join: a data folder lists tens of thousands of names, each already normal.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const folders: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name === 'dvc.yaml' || isDvcFileName(name)) {
        const full = prefix + name;
        if (!fs.stat(full)?.isFile) continue;
        found.push(full);
        if (outsOf) for (const out of outsOf(full)) outs.add(out);
      } else if (!SKIPPED_DIRS.has(name) && entry.isDirectory()) {
        // A typed listing says a link is no folder: links are not walked into (below), so none is stat'ed.
        folders.push(prefix + name);
      }
    }
    for (const full of folders) {
      if (outs.has(full)) continue;
      // Links to folders are not followed (as DVC's walk does not): a link to `/` or to a parent would make
      // discovery walk the whole disk or loop until the path is too long.
      const stat = fs.stat(full);
      if (stat?.isDirectory && !stat.link && !isVirtualEnv(full, fs)) stack.push(full);
    }
  }
  return found.sort();
}

/** A name from an untyped listing: anything may be a folder until stat'ed. */
function untyped(name: string): ListedEntry {
  return { name, isDirectory: mayBeFolder };
}

const mayBeFolder = (): boolean => true;

/**
 * Each `.dvc` file's problems as DVC 3 sees them (a key its schema refuses, such as a DVC 1 stage's `cmd`, makes
 * every DVC command fail), by absolute path: what `mlops validate` reports beside the dvc.yaml files.
 */
export function validateDvcFiles(files: readonly string[], fs: FileSystem): Map<string, Diagnostic[]> {
  return new Map(files.map((f) => [path.resolve(f), loadDvcFile(path.resolve(f), fs).diagnostics]));
}

/** A dvc.yaml (loadPipeline) or a `.dvc` file (loadDvcFile), by its name. */
export function loadPipelineFile(file: string, fs: FileSystem): Pipeline {
  return isDvcFileName(path.basename(file)) ? loadDvcFile(file, fs) : loadPipeline(file, fs);
}

/** A Python virtual environment has a pyvenv.cfg at its root, whatever its name. */
function isVirtualEnv(dir: string, fs: FileSystem): boolean {
  return fs.stat(path.join(dir, 'pyvenv.cfg'))?.isFile === true;
}

/**
 * All diagnostics of the given dvc.yaml files validated together (validate.ts), by absolute path; a file that cannot
 * be read gets one `unreadable-file` diagnostic. What `mlops validate` reports.
 */
export function validatePipelines(
  files: string[],
  fs: FileSystem,
  options: Pick<ValidateOptions, 'severity'> = {},
): Map<string, Diagnostic[]> {
  const { diagnostics, unreadable } = validateFiles(
    files.map((f) => path.resolve(f)),
    fs,
    options,
  );
  for (const file of unreadable) diagnostics.set(file, [unreadableFile(file, fs)]);
  return diagnostics;
}
