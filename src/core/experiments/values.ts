// The params, metrics and dependency hashes a revision holds, as `dvc exp show` reads them: at many commits
// at once (through git-objects.ts: the dvc.yaml files, then the params, metrics and dvc.lock files they name,
// each distinct text parsed once — a sweep's experiments share most of them), or in the working copy.
// The experiments list and table read every row through here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readBoundedText } from '../bounded-read';
import { parseParamsText } from '../pipeline/params-files';
import { metricsFromText, paramStrings } from '../runner/metrics-files';
import { type FileAt, RevisionFiles } from './git-objects';
import { pipelineFiles, type PipelineFiles } from './pipeline-files';

export interface RevisionValues {
  /** Flattened dotted keys, values as strings — as `mlops runs list --json` keys them. */
  params: Record<string, string>;
  metrics: Record<string, number>;
  /** Each dependency path in dvc.lock (relative to the dvc.yaml folder) → its recorded hash. */
  deps: Record<string, string>;
}

const LOCK = 'dvc.lock';

/** What a revision's values are read for: params files (the list and the table) and dvc.lock (the table). */
export interface ValuesWanted {
  /** Read the params files (default true): `exp list` without --json prints none. */
  params?: boolean;
  /** Read dvc.lock (default false): the table's changed deps; the list does not show them. */
  deps?: boolean;
}

/** Values at each commit; `dvcPrefix` is the dvc.yaml folder relative to the repository ('' or 'sub/'). */
export async function valuesAtCommits(
  gitRoot: string,
  dvcPrefix: string,
  commits: readonly string[],
  wanted: ValuesWanted = {},
): Promise<RevisionValues[]> {
  if (commits.length === 0) return [];
  const files = new RevisionFiles(gitRoot);
  try {
    return await valuesAt(files, dvcPrefix, commits, wanted);
  } finally {
    files.close();
  }
}

/** Values at each revision (a commit or its tree), read through a reader the caller started and closes. */
export async function valuesAt(
  git: RevisionFiles,
  dvcPrefix: string,
  revs: readonly string[],
  wanted: ValuesWanted = {},
): Promise<RevisionValues[]> {
  const reader = new TextParser(wanted.params ?? true, wanted.deps ?? false);
  const yamls = await git.read(revs.map((rev) => ({ rev, path: `${dvcPrefix}dvc.yaml` })));
  const files = yamls.map((text) => reader.files(text ?? ''));
  const asked: FileAt[] = [];
  revs.forEach((rev, i) => {
    for (const p of reader.fileList(files[i] as PipelineFiles)) asked.push({ rev, path: `${dvcPrefix}${p}` });
  });
  const blobs = await git.read(asked);
  let k = 0;
  return files.map((f) => reader.values(f, () => blobs[k++]));
}

/** Values in the working copy at `dvcRoot` (files as saved on disk). */
export function valuesInWorkingCopy(dvcRoot: string): RevisionValues {
  const reader = new TextParser(true, true);
  const read = (rel: string): string | undefined => {
    const abs = path.join(dvcRoot, rel);
    if (!fs.existsSync(abs)) return undefined;
    const r = readBoundedText(abs);
    return r.ok ? r.text : undefined;
  };
  const files = reader.files(read('dvc.yaml') ?? '');
  const list = reader.fileList(files);
  let k = 0;
  return reader.values(files, () => read(list[k++] as string));
}

/** Parses each distinct text once (keyed by file and text). */
class TextParser {
  constructor(
    private readonly withParams: boolean,
    private readonly withDeps: boolean,
  ) {}

  /** The order in which a revision's files are read: params files, metrics files, then dvc.lock. */
  fileList(f: PipelineFiles): string[] {
    return [...(this.withParams ? f.params : []), ...f.metrics, ...(this.withDeps ? [LOCK] : [])];
  }

  private readonly pipelines = new Map<string, PipelineFiles>();
  private readonly params = new Map<string, Record<string, string>>();
  private readonly locks = new Map<string, Record<string, string>>();

  files(dvcYaml: string): PipelineFiles {
    let f = this.pipelines.get(dvcYaml);
    if (!f) this.pipelines.set(dvcYaml, (f = pipelineFiles(dvcYaml)));
    return f;
  }

  /** `next()` yields the texts in fileList's order (undefined: absent at that revision). */
  values(f: PipelineFiles, next: () => string | undefined): RevisionValues {
    const out: RevisionValues = { params: {}, metrics: {}, deps: {} };
    for (const p of this.withParams ? f.params : []) {
      const text = next();
      if (text !== undefined) Object.assign(out.params, this.paramsOf(p, text));
    }
    for (const m of f.metrics) {
      const text = next();
      if (text !== undefined) Object.assign(out.metrics, metricsFromText(m, text));
    }
    const lock = this.withDeps ? next() : undefined;
    if (lock !== undefined) out.deps = this.depsOf(lock);
    return out;
  }

  private paramsOf(file: string, text: string): Record<string, string> {
    const key = `${file}\0${text}`;
    let p = this.params.get(key);
    if (!p) {
      const parsed = parseParamsText(file, text);
      p = parsed.error ? {} : paramStrings(parsed.values);
      this.params.set(key, p);
    }
    return p;
  }

  private depsOf(text: string): Record<string, string> {
    let d = this.locks.get(text);
    if (!d) this.locks.set(text, (d = lockDeps(text)));
    return d;
  }
}

/** dvc.lock's `stages.*.deps` as path → md5 (or whatever hash the entry records). */
function lockDeps(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 1000 });
  } catch {
    return out;
  }
  const stages = (doc as { stages?: unknown } | null)?.stages;
  if (typeof stages !== 'object' || stages === null) return out;
  for (const stage of Object.values(stages)) {
    const deps = (stage as { deps?: unknown } | null)?.deps;
    if (!Array.isArray(deps)) continue;
    for (const d of deps) {
      const e = d as { path?: unknown; md5?: unknown; hash?: unknown; checksum?: unknown; etag?: unknown };
      const hash = [e.md5, e.checksum, e.etag].find((v) => typeof v === 'string');
      if (typeof e.path === 'string') out[e.path] = typeof hash === 'string' ? hash : '';
    }
  }
  return out;
}

/**
 * Dependency paths recorded in both revisions with different hashes, sorted. A dependency only one of them
 * recorded (a baseline never run) is not called changed: there is nothing to compare it with.
 */
export function changedDeps(from: Record<string, string>, to: Record<string, string>): string[] {
  return Object.keys(to)
    .filter((p) => from[p] !== undefined && from[p] !== to[p])
    .sort();
}

export interface ParamValue {
  /** The params file, relative to the dvc.yaml folder. */
  file: string;
  /** Dotted key inside the file. */
  key: string;
  value: string;
}

/** Every param of the working copy's params files with its value, file by file (the "Modify params" form). */
export function paramsInWorkingCopy(dvcRoot: string): ParamValue[] {
  const yaml = readBoundedText(path.join(dvcRoot, 'dvc.yaml'));
  const out: ParamValue[] = [];
  for (const file of pipelineFiles(yaml.ok ? yaml.text : '').params) {
    const abs = path.join(dvcRoot, file);
    if (!fs.existsSync(abs)) continue;
    const text = readBoundedText(abs);
    if (!text.ok) continue;
    const parsed = parseParamsText(file, text.text);
    if (parsed.error) continue;
    for (const [key, value] of Object.entries(paramStrings(parsed.values))) out.push({ file, key, value });
  }
  return out;
}
