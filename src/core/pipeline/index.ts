// The pipeline core's entry points (find, load and validate dvc.yaml files: parse → structure → read → semantics →
// tuning) and the names most callers need. Other modules of the folder are imported directly where a caller
// needs more (the IDE features, the runner); this file is a convenience, not a wall.
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { refusalMessage } from '../bounded-read';
import type { FileStat, FileSystem } from '../fs';
import type { Pipeline } from './model';
import { parseYaml } from './parse';
import type { ParsedYaml } from './parse';
import type { VarContext } from './context';
import { readPipeline } from './read';
import { checkSemantics } from './semantics';
import { checkStructure } from './structure';
import { applyTuning } from './tuning';
import type { SeverityOverrides } from './tuning';

export type { Pipeline, Stage, Output, ParamRef, Located, Expansion, OutputKind } from './model';
export { parseYaml, nodeRange, offsetToPosition } from './parse';
export type { ParsedYaml } from './parse';
export type { VarContext } from './context';
export { describeKey, keysAt, nodesAt, DVC_YAML } from './schema';
export type { KeyInfo, SchemaPath } from './schema';
export type { SchemaNode } from './schema-types';
export { pipelineJsonSchema, DVC_YAML_SCHEMA_ID } from './json-schema';
export type { JsonSchema } from './json-schema';
export { buildDag, dagToDot, dagToJson, dagToMermaid } from './dag';
export type { Dag, DagNode, DagEdge, DagCycle, DagJson } from './dag';
export { applyTuning, suppressions, readSeverityMap, SEVERITY_OVERRIDES } from './tuning';
export type { SeverityOverride, SeverityOverrides } from './tuning';

export interface ValidateOptions {
  /** Per-code severity override; `off` drops the code. */
  severity?: SeverityOverrides;
}

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
]);

/**
 * Reads one dvc.yaml: parses it (syntax, duplicate keys), checks its structure, expands foreach/matrix and
 * interpolates `${}`. Never throws; a missing file gives a pipeline with one diagnostic.
 */
export function loadPipeline(file: string, fs: FileSystem): Pipeline {
  const abs = path.resolve(file);
  const text = fs.readText(abs);
  if (text === undefined) {
    const origin = { line: 0, character: 0 };
    return {
      file: abs,
      dir: path.dirname(abs),
      stages: [],
      diagnostics: [
        {
          code: 'unreadable-file',
          severity: 'error',
          message: unreadableMessage(abs, fs),
          range: { start: origin, end: origin },
        },
      ],
    };
  }
  return pipelineFromParsed(abs, parseYaml(text), fs).pipeline;
}

function unreadableMessage(abs: string, fs: FileSystem): string {
  const stat = fs.stat(abs);
  const refused = stat && refusalMessage(abs, stat);
  return refused ? `Cannot read ${refused}` : `Cannot read ${abs}: check that the file exists and is readable.`;
}

/**
 * The pipeline of an already parsed dvc.yaml (editors parse once per version) with all its per-file diagnostics
 * (syntax, structure, vars, expansion, interpolation), and the top-level `${}` variable context.
 */
export function pipelineFromParsed(
  file: string,
  parsed: ParsedYaml,
  fs: FileSystem,
): { pipeline: Pipeline; context: VarContext } {
  const read = readPipeline(file, parsed, fs);
  const diagnostics = [...parsed.diagnostics, ...checkStructure(parsed), ...read.diagnostics];
  return { pipeline: { file, dir: path.dirname(file), stages: read.stages, diagnostics }, context: read.context };
}

/**
 * Every dvc.yaml under root (or root itself if it is a file), sorted, skipping .git, node_modules, venvs, .dvc, .cache.
 * `visited` receives every directory listed on the way (what a watcher must watch to see a new dvc.yaml appear).
 */
export function findPipelines(root: string, fs: FileSystem, visited?: string[]): string[] {
  const abs = path.resolve(root);
  if (fs.stat(abs)?.isFile) return [abs];
  const found: string[] = [];
  const stack = [abs];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    const entries = fs.list(dir);
    if (!entries) continue;
    visited?.push(dir);
    // Concatenation, not path.join: a data folder lists tens of thousands of names, each already normal.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const name of entries) {
      const full = prefix + name;
      if (name === 'dvc.yaml') {
        if (fs.stat(full)?.isFile) found.push(full);
      } else if (!SKIPPED_DIRS.has(name) && fs.stat(full)?.isDirectory && !isVirtualEnv(full, fs)) {
        stack.push(full);
      }
    }
  }
  return found.sort();
}

/** A Python virtual environment has a pyvenv.cfg at its root, whatever its name. */
function isVirtualEnv(dir: string, fs: FileSystem): boolean {
  return fs.stat(path.join(dir, 'pyvenv.cfg'))?.isFile === true;
}

/**
 * All structural and semantic diagnostics of the given dvc.yaml files (validated together: outputs of one feed deps
 * of another), tuned and sorted by position. Keys are absolute paths; semantic checks may add other files
 * (e.g. a params file that does not parse).
 */
export function validatePipelines(
  files: string[],
  base: FileSystem,
  options: ValidateOptions = {},
): Map<string, Diagnostic[]> {
  const fs = memoized(base);
  const pipelines = files.map((f) => loadPipeline(f, fs));
  const all = new Map<string, Diagnostic[]>(pipelines.map((p) => [p.file, [...p.diagnostics]]));
  for (const [file, diagnostics] of checkSemantics(pipelines, fs)) {
    all.set(file, [...(all.get(file) ?? []), ...diagnostics]);
  }
  const result = new Map<string, Diagnostic[]>();
  for (const [file, diagnostics] of all) {
    const text = fs.readText(file) ?? '';
    result.set(file, sortByPosition(applyTuning(diagnostics, text, options.severity)));
  }
  return result;
}

/**
 * One validation sees one state of the disk: each path is read, stat'ed or listed once (a thousand stages that
 * all depend on `src/train.py` cost one stat, not a thousand).
 */
function memoized(fs: FileSystem): FileSystem {
  const texts = new Map<string, string | undefined>();
  const stats = new Map<string, FileStat | undefined>();
  const lists = new Map<string, string[] | undefined>();
  const once = <T>(cache: Map<string, T>, key: string, read: (k: string) => T): T => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = read(key);
    cache.set(key, value);
    return value;
  };
  return {
    readText: (p) => once(texts, p, (k) => fs.readText(k)),
    stat: (p) => once(stats, p, (k) => fs.stat(k)),
    list: (p) => once(lists, p, (k) => fs.list(k)),
  };
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}
