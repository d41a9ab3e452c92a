// The server's model of the workspace: which dvc.yaml files exist (grouped by workspace folder, since
// outputs and deps connect pipelines across files of one project), each file parsed once per text, and the
// tuned diagnostics of every group. No LSP here: session.ts adapts it to the connection.
import * as path from 'node:path';
import type { Diagnostic } from '../core/diagnostics';
import type { FileSystem } from '../core/fs';
import {
  applyTuning,
  findPipelines,
  parseYaml,
  pipelineFromParsed,
  type ParsedYaml,
  type Pipeline,
  type SeverityOverrides,
} from '../core/pipeline';
import { emptyContext, type VarContext } from '../core/pipeline/context';
import { checkSemantics } from '../core/pipeline/semantics';
import { snapshot } from './snapshot';

/** One dvc.yaml as last analysed. */
export interface Analyzed {
  file: string;
  text: string;
  parsed: ParsedYaml;
  pipeline: Pipeline;
  context: VarContext;
}

export interface GroupResult {
  pipelines: Map<string, Analyzed>;
  /** The same pipelines as one stable list (the graph is built once per list). */
  list: Pipeline[];
  /** Tuned diagnostics by absolute file path (pipeline files, and params files that do not parse). */
  diagnostics: Map<string, Diagnostic[]>;
  /**
   * Paths whose creation, change or deletion can change the diagnostics: deps, outs, params and vars files.
   * Worked out on the first file event after a validation, not on every keystroke.
   */
  inputs?: Set<string>;
}

export interface Group {
  /** A workspace folder, or the folder of a dvc.yaml opened outside every workspace folder. */
  root: string;
  files: Set<string>;
  severity: SeverityOverrides;
  result?: GroupResult;
}

const PIPELINE_FILE = 'dvc.yaml';

export const isPipelineFile = (file: string): boolean => path.basename(file) === PIPELINE_FILE;

export class WorkspaceModel {
  private readonly groups = new Map<string, Group>();
  private readonly parses = new Map<string, { text: string; parsed: ParsedYaml }>();

  constructor(private readonly fs: FileSystem) {}

  /** A workspace folder: every dvc.yaml under it is served. `scan: false` for a lone file's folder. */
  addRoot(root: string, scan = true): Group {
    const existing = this.groups.get(root);
    if (existing) return existing;
    const group: Group = { root, files: new Set(scan ? findPipelines(root, this.fs) : []), severity: {} };
    this.groups.set(root, group);
    return group;
  }

  removeRoot(root: string): Group | undefined {
    const group = this.groups.get(root);
    this.groups.delete(root);
    for (const file of group?.files ?? []) this.parses.delete(file);
    return group;
  }

  allGroups(): Group[] {
    return [...this.groups.values()];
  }

  /** The group a file belongs to: the innermost workspace folder holding it, else an ad-hoc group of its folder. */
  groupOf(file: string): Group {
    let best: Group | undefined;
    for (const g of this.groups.values()) {
      if (isInside(file, g.root) && (!best || g.root.length > best.root.length)) best = g;
    }
    // Not scanned: the folder of a file opened outside the workspace may be a home folder.
    return best ?? this.addRoot(path.dirname(file), false);
  }

  /** Registers a dvc.yaml that was opened or created; returns its group. */
  track(file: string): Group {
    const group = this.groupOf(file);
    group.files.add(file);
    return group;
  }

  /** Groups whose diagnostics may change when `file` is created, changed or deleted. */
  affectedBy(file: string): Group[] {
    return this.allGroups().filter((g) => {
      if (!isInside(file, g.root)) return false;
      if (g.files.has(file) || isPipelineFile(file) || !g.result) return true;
      g.result.inputs ??= inputsOf(g.result);
      for (const input of g.result.inputs)
        if (input === file || isInside(file, input) || isInside(input, file)) return true;
      return false;
    });
  }

  /** Parses `file`'s current text, reusing the last parse when the text is unchanged (one parse per version). */
  parse(file: string, fs: FileSystem = this.fs): { text: string; parsed: ParsedYaml } | undefined {
    const text = fs.readText(file);
    if (text === undefined) {
      this.parses.delete(file);
      return undefined;
    }
    const cached = this.parses.get(file);
    if (cached && cached.text === text) return cached;
    const fresh = { text, parsed: parseYaml(text) };
    this.parses.set(file, fresh);
    return fresh;
  }

  /** Re-reads every pipeline of the group against the current file system and stores the result. */
  analyze(group: Group): GroupResult {
    const fs = snapshot(this.fs);
    const pipelines = new Map<string, Analyzed>();
    for (const file of [...group.files].sort()) {
      const source = this.parse(file, fs);
      if (!source) {
        group.files.delete(file);
        continue;
      }
      pipelines.set(file, analyzeFile(file, source, fs));
    }
    const list = [...pipelines.values()].map((a) => a.pipeline);
    const semantic = contained(
      () => checkSemantics(list, fs),
      (error) => new Map(list.map((p) => [p.file, [internalError('the checks across files', error)]])),
    );
    const diagnostics = new Map<string, Diagnostic[]>();
    for (const a of pipelines.values()) {
      const all = [...a.pipeline.diagnostics, ...(semantic.get(a.file) ?? [])];
      diagnostics.set(a.file, sortByPosition(applyTuning(all, a.text, group.severity)));
    }
    // A params file that does not parse also gets the problem where it is, so whoever edits it sees it.
    for (const d of [...diagnostics.values()].flat()) {
      if (d.code !== 'invalid-params-file') continue;
      for (const r of d.related ?? []) {
        const own = {
          code: d.code,
          severity: d.severity,
          message: `${r.message} (DVC cannot read this params file.)`,
          range: r.range,
        };
        const onFile = diagnostics.get(r.file) ?? [];
        if (!onFile.some((x) => x.message === own.message && x.range.start.line === own.range.start.line))
          diagnostics.set(r.file, [...onFile, own]);
      }
    }
    group.result = { pipelines, list, diagnostics };
    return group.result;
  }
}

/**
 * One file's own analysis, contained: a bug or an input the core cannot handle becomes a diagnostic on that
 * file, so one bad dvc.yaml never blanks the diagnostics of the others (nor stops the server).
 */
function analyzeFile(file: string, source: { text: string; parsed: ParsedYaml }, fs: FileSystem): Analyzed {
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

function inputsOf(result: GroupResult): Set<string> {
  const inputs = new Set<string>();
  for (const { pipeline: p, context } of result.pipelines.values()) {
    inputs.add(path.join(p.dir, 'params.yaml'));
    for (const imported of context.imports.keys()) inputs.add(imported);
    for (const s of p.stages) {
      const wdir = path.resolve(p.dir, s.wdir);
      for (const d of s.deps) inputs.add(path.resolve(wdir, d.value));
      for (const o of s.outs) inputs.add(path.resolve(wdir, o.path.value));
      for (const r of s.params) inputs.add(path.resolve(wdir, r.file.value));
    }
  }
  return inputs;
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}
