// The server's model of the workspace: which dvc.yaml files exist (grouped by workspace folder, since
// outputs and deps connect pipelines across files of one project), each file parsed once per text, and the
// tuned diagnostics of every group. No LSP here: session.ts adapts it to the connection.
import * as path from 'node:path';
import type { Diagnostic } from '../core/diagnostics';
import type { FileSystem } from '../core/fs';
import {
  findPipelines,
  outsideSource,
  parseYaml,
  validateFiles,
  type ParsedYaml,
  type Pipeline,
  type SeverityOverrides,
  type ValidatedPipeline,
} from '../core/pipeline';

export interface GroupResult {
  pipelines: Map<string, ValidatedPipeline>;
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
    const outside = outsideSource(file, fs);
    if (outside) return outside;
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

  /** Re-reads every pipeline of the group against the current file system (core validation) and stores the result. */
  analyze(group: Group): GroupResult {
    const { pipelines, diagnostics, unreadable } = validateFiles(group.files, this.fs, {
      severity: group.severity,
      source: (file, fs) => this.parse(file, fs),
    });
    for (const file of unreadable) group.files.delete(file);
    const list = [...pipelines.values()].map((a) => a.pipeline);
    group.result = { pipelines, list, diagnostics };
    return group.result;
  }
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
