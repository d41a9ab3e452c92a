// The one validation of a set of dvc.yaml files, for `mlops validate` and the language server alike: load each file
// (parse → structure → vars → expansion → interpolation), check them together (outputs of one feed deps of another),
// tune (severity overrides, `# mlops-disable-next-line`) and sort. A params file that DVC cannot read gets the problem
// on itself as well as on the stage naming it, so whoever edits either sees it. The adapters only choose the file
// system (disk, or disk + unsaved buffers) and how to show the result.
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { memoizedFileSystem, type FileSystem } from '../fs';
import { emptyContext, type VarContext } from './context';
import type { Pipeline } from './model';
import { outsideProject, projectRoot } from './containment';
import { parseYaml, type ParsedYaml } from './parse';
import { readPipeline } from './read';
import { checkSemantics } from './semantics';
import { checkStructure } from './structure';
import { applyTuning, type SeverityOverrides } from './tuning';
import { containmentDiagnostics } from './containment';

/** A dvc.yaml's text and its parse; an editor keeps one per document version and passes it back in. */
export interface PipelineSource {
  text: string;
  parsed: ParsedYaml;
}

/** One dvc.yaml as validated: its source, the typed pipeline and the top-level `${}` variable context. */
export interface ValidatedPipeline extends PipelineSource {
  file: string;
  pipeline: Pipeline;
  context: VarContext;
}

export interface ValidateOptions {
  /** Per-code severity override; `off` drops the code. */
  severity?: SeverityOverrides;
  /** Where the parse of a file comes from (default: parse its text now). Undefined when it cannot be read. */
  source?: (file: string, fs: FileSystem) => PipelineSource | undefined;
}

export interface Validation {
  /** The readable pipelines, by absolute path, in sorted order. */
  pipelines: Map<string, ValidatedPipeline>;
  /** Tuned diagnostics sorted by position, by absolute path: every readable pipeline, and params files with a problem. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Files that could not be read (deleted meanwhile, or not readable). */
  unreadable: string[];
}

/** The pipeline of a parsed dvc.yaml, with its per-file diagnostics (syntax, structure, vars, expansion, interpolation). */
export function pipelineFromParsed(
  file: string,
  parsed: ParsedYaml,
  fs: FileSystem,
): { pipeline: Pipeline; context: VarContext } {
  const read = readPipeline(file, parsed, fs);
  const dir = path.dirname(file);
  const diagnostics = [...parsed.diagnostics, ...checkStructure(parsed), ...read.diagnostics];
  // Per file (not a cross-file check): these errors also block `mlops run` before anything is deleted.
  diagnostics.push(...containmentDiagnostics({ file, dir, stages: read.stages, diagnostics }, fs));
  return { pipeline: { file, dir, stages: read.stages, diagnostics }, context: read.context };
}

/** Validates `files` (absolute paths) together, against one memoized state of `base`. Never throws on bad input. */
export function validateFiles(files: Iterable<string>, base: FileSystem, options: ValidateOptions = {}): Validation {
  const fs = memoizedFileSystem(base);
  const source = options.source ?? parseNow;
  const pipelines = new Map<string, ValidatedPipeline>();
  const unreadable: string[] = [];
  for (const file of [...new Set(files)].sort()) {
    const src = source(file, fs);
    if (src) pipelines.set(file, validateFile(file, src, fs));
    else unreadable.push(file);
  }
  const list = [...pipelines.values()].map((v) => v.pipeline);
  const semantic = contained(
    () => checkSemantics(list, fs),
    (error) => new Map(list.map((p) => [p.file, [internalError('the checks across files', error)]])),
  );
  const diagnostics = new Map<string, Diagnostic[]>();
  for (const v of pipelines.values()) {
    const found = [...v.pipeline.diagnostics, ...(semantic.get(v.file) ?? [])];
    diagnostics.set(v.file, applyTuning(found, v.text, options.severity));
  }
  // After tuning: a problem silenced or turned off on the stage is not copied to the params file either.
  copyParamsFileProblems(diagnostics);
  for (const [file, found] of diagnostics) diagnostics.set(file, capped(sortByPosition(found)));
  return { pipelines, diagnostics, unreadable };
}

/**
 * A file that is not valid YAML (a binary file, a file of another format) gets at most this many problems: past
 * the syntax errors the rest is noise. A valid file gets every problem, however many its stages have.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/**
 * At most the cap: the first problem of each kind, then the first others by position, in position order; the
 * last one saying how many more there are. Every kind stays visible: a typo late in a file whose deps are not
 * pulled yet is not hidden behind a hundred missing-dependency errors.
 */
function capped(sorted: Diagnostic[]): Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS_PER_FILE || !sorted.some((d) => d.code === 'yaml-syntax')) return sorted;
  const room = MAX_DIAGNOSTICS_PER_FILE - 1;
  const kept = new Set<Diagnostic>();
  const codes = new Set<string>();
  for (const d of sorted) {
    if (kept.size >= room) break;
    if (!codes.has(d.code)) {
      codes.add(d.code);
      kept.add(d);
    }
  }
  for (const d of sorted) {
    if (kept.size >= room) break;
    kept.add(d);
  }
  const shown = sorted.filter((d) => kept.has(d));
  const last = shown[shown.length - 1] as Diagnostic;
  shown.push({
    code: 'too-many-problems',
    severity: 'warning',
    message: `${sorted.length - shown.length} more problems in this file are not shown: it is not valid YAML. Is it a dvc.yaml? Fix the syntax errors first.`,
    range: last.range,
  });
  return shown;
}

/**
 * One file's own validation, contained: a bug or an input the core cannot handle becomes a diagnostic on that file,
 * so one bad dvc.yaml never blanks the diagnostics of the others (nor stops the language server or the CLI).
 */
function validateFile(file: string, source: PipelineSource, fs: FileSystem): ValidatedPipeline {
  return contained(
    () => ({ file, ...source, ...pipelineFromParsed(file, source.parsed, fs) }),
    (error) => ({
      file,
      ...source,
      pipeline: { file, dir: path.dirname(file), stages: [], diagnostics: [internalError('this file', error)] },
      context: emptyContext,
    }),
  );
}

function contained<T>(run: () => T, fallback: (error: unknown) => T): T {
  try {
    return run();
  } catch (error) {
    return fallback(error);
  }
}

function internalError(what: string, error: unknown): Diagnostic {
  const origin = { line: 0, character: 0 };
  return {
    code: 'internal-error',
    severity: 'error',
    message: `MLOps could not check ${what}: ${error instanceof Error ? error.message : String(error)}. Other files are still checked; please report this with the file.`,
    range: { start: origin, end: origin },
  };
}

function parseNow(file: string, fs: FileSystem): PipelineSource | undefined {
  const outside = outsideSource(file, fs);
  if (outside) return outside;
  const text = fs.readText(file);
  return text === undefined ? undefined : { text, parsed: parseYaml(text) };
}

/**
 * A dvc.yaml that is a link out of its project (to /proc/self/environ in a CI checkout) is not read: its
 * diagnostics would quote what it holds. Its source is then empty with one error saying where it leads; every
 * reader of pipelines from disk asks this first (the CLI here, the language server in its own cache).
 */
export function outsideSource(file: string, fs: FileSystem): PipelineSource | undefined {
  const outside = outsideProject(projectRoot(path.dirname(file), fs), file);
  if (!outside) return undefined;
  const parsed = parseYaml('');
  const origin = { line: 0, character: 0 };
  parsed.diagnostics.push({
    code: 'outside-project',
    severity: 'error',
    message: `${path.basename(file)} ${outside}; it is not read, so nothing of it is checked or run. Put the file itself in the project.`,
    range: { start: origin, end: origin },
  });
  return { text: '', parsed };
}

/** `invalid-params-file` on a stage also goes where the params file is broken (its `related` location). */
function copyParamsFileProblems(all: Map<string, Diagnostic[]>): void {
  for (const d of [...all.values()].flat()) {
    if (d.code !== 'invalid-params-file') continue;
    for (const r of d.related ?? []) {
      const own: Diagnostic = {
        code: d.code,
        severity: d.severity,
        message: r.message,
        range: r.range,
      };
      const onFile = all.get(r.file) ?? [];
      if (!onFile.some((x) => x.message === own.message && x.range.start.line === own.range.start.line))
        all.set(r.file, [...onFile, own]);
    }
  }
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}
