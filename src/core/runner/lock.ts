// dvc.lock in DVC 3's format (schema 2.0): per stage the cmd, deps and outs with their md5/size (and
// nfiles for directories), and the params values used. Read tolerantly, written atomically in DVC's own layout
// (lock-yaml.ts); an update replaces one stage's entry and keeps every other line of the file as it was.
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { parseFast } from '../pipeline/fast-yaml';
import { RUAMEL_SCHEMA } from '../pipeline/yaml-scalars';
import { PyFloat } from '../pipeline/py-value';
import { withStageEntry } from './lock-text';
import { dumpLockYaml } from './lock-yaml';
import { yamlToValue } from '../pipeline/yaml-value';
import { writeFileAtomic } from '../atomic-file';
import { comparePython } from '../pipeline/python-json';
import type { HashName, PathHash } from './hash';
import { readBoundedText } from '../bounded-read';
import { nestingMessage, tooDeepNode } from '../pipeline/nesting';

export interface LockEntry {
  path: string;
  /** `md5` for DVC 3 entries; absent in DVC 2 entries (legacy md5-dos2unix). */
  hash?: 'md5';
  md5: string;
  size?: number;
  nfiles?: number;
  isexec?: boolean;
}

export interface LockStage {
  cmd: string | string[];
  deps?: LockEntry[];
  /** params file → dotted key (or top-level key for whole-file params) → value */
  params?: Record<string, Record<string, unknown>>;
  outs?: LockEntry[];
}

export interface LockFile {
  stages: Record<string, LockStage>;
  /** Whatever else the file holds (schema, datasets, ...), kept as is on write. */
  rest: Record<string, unknown>;
}

/** The hash an entry was written with: DVC 3 marks its own `hash: md5`; an entry without it is DVC 2's. */
export function entryHashName(entry: Pick<LockEntry, 'hash'> | undefined): HashName {
  return entry === undefined || entry.hash === 'md5' ? 'md5' : 'md5-dos2unix';
}

export type LockRead = { ok: true; lock: LockFile } | { ok: false; message: string };

/** The lock file that belongs to a dvc.yaml. */
export function lockPathFor(pipelineFile: string): string {
  return path.join(path.dirname(pipelineFile), 'dvc.lock');
}

/** Reads a dvc.lock; a missing file is an empty lock; a broken one a message saying what and where. */
export function readLock(file: string): LockRead {
  const read = readBoundedText(file);
  if (!read.ok) {
    if (read.reason === 'missing') return { ok: true, lock: { stages: {}, rest: { schema: '2.0' } } };
    return { ok: false, message: `${read.message} Delete it; it is rewritten on the next run.` };
  }
  return parseLock(read.text, file);
}

export function parseLock(text: string, file = 'dvc.lock'): LockRead {
  const loaded = loadLockYaml(text, file);
  if (!loaded.ok) return loaded;
  const data = loaded.data;
  if (data === null || data === undefined) return { ok: true, lock: { stages: {}, rest: { schema: '2.0' } } };
  if (!isRecord(data)) return { ok: false, message: `${file}: expected a mapping at the top level.` };
  const { stages = {}, ...rest } = data;
  if (rest.schema !== undefined && rest.schema !== '2.0') {
    return {
      ok: false,
      message: `${file}: lock schema '${String(rest.schema)}' is not supported (expected '2.0', DVC 2 and later).`,
    };
  }
  if (!isRecord(stages)) return { ok: false, message: `${file}: 'stages' must be a mapping of stage names.` };
  const out: Record<string, LockStage> = {};
  for (const [name, raw] of Object.entries(stages)) {
    const stage = toLockStage(raw);
    if (typeof stage === 'string') return { ok: false, message: `${file}: stage '${name}': ${stage}` };
    out[name] = stage;
  }
  return { ok: true, lock: { stages: out, rest } };
}

/** The YAML of a lock file (or of one run-cache entry) as values, or why it cannot be read. */
function loadLockYaml(text: string, file: string): { ok: true; data: unknown } | { ok: false; message: string } {
  // Loaded as the params loader loads YAML, so a float like `3.0` stays a float when written back. A lock as DVC
  // writes it is plain block YAML, which the pipeline core's fast path reads several times faster.
  const fast = parseFast(text);
  const lines = fast?.lines ?? new LineCounter();
  const doc = fast?.doc ?? parseDocument(text, { ...RUAMEL_SCHEMA, lineCounter: lines, merge: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      message: `${file}: not valid YAML (${(doc.errors[0] as Error).message.split('\n')[0]}); delete it or fix it, it is rewritten on the next run.`,
    };
  }
  if (tooDeepNode(doc.contents))
    return { ok: false, message: `${nestingMessage(file)} Delete it; it is rewritten on the next run.` };
  return { ok: true, data: doc.contents === null ? null : yamlToValue(doc.contents, lines, doc, null).value };
}

/** One stage's entry on its own (a run-cache entry is one, dvc/stage/cache.py), or why it is not one. */
export function parseLockStage(
  text: string,
  file: string,
): { ok: true; stage: LockStage } | { ok: false; message: string } {
  const loaded = loadLockYaml(text, file);
  if (!loaded.ok) return loaded;
  const stage = toLockStage(loaded.data);
  return typeof stage === 'string' ? { ok: false, message: `${file}: ${stage}` } : { ok: true, stage };
}

function toLockStage(raw: unknown): LockStage | string {
  if (!isRecord(raw)) return 'expected a mapping';
  const cmd = raw.cmd;
  if (typeof cmd !== 'string' && !(Array.isArray(cmd) && cmd.every((c) => typeof c === 'string')))
    return "'cmd' must be a string or a list of strings";
  const stage: LockStage = { cmd };
  // Keys in DVC's order: cmd, deps, params, outs.
  for (const key of ['deps', 'params', 'outs'] as const) {
    if (key === 'params') {
      if (raw.params === undefined) continue;
      if (!isRecord(raw.params) || !Object.values(raw.params).every(isRecord))
        return "'params' must map params files to mappings of values";
      stage.params = raw.params as Record<string, Record<string, unknown>>;
      continue;
    }
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `'${key}' must be a list`;
    const entries: LockEntry[] = [];
    for (const item of list) {
      if (!isRecord(item) || typeof item.path !== 'string') return `every entry of '${key}' needs a 'path'`;
      entries.push({
        path: item.path,
        ...(item.hash === 'md5' ? { hash: 'md5' as const } : {}),
        md5: typeof item.md5 === 'string' ? item.md5 : '',
        ...(typeof item.size === 'number' ? { size: item.size } : {}),
        ...(typeof item.nfiles === 'number' ? { nfiles: item.nfiles } : {}),
        ...(item.isexec === true ? { isexec: true } : {}),
      });
    }
    stage[key] = entries;
  }
  return stage;
}

/** A lock entry for a path and its hash, fields in the order DVC writes them. */
export function lockEntry(defPath: string, h: PathHash): LockEntry {
  if (h.kind === 'dir') return { path: defPath, hash: 'md5', md5: h.md5, size: h.size, nfiles: h.nfiles };
  return { path: defPath, hash: 'md5', md5: h.md5, size: h.size, ...(h.isexec ? { isexec: true } : {}) };
}

/**
 * Builds a stage entry as DVC serialises it: deps and outs sorted by path, params files sorted with
 * params.yaml first, keys inside each file sorted.
 */
export function lockStage(
  cmd: string | string[],
  deps: LockEntry[],
  params: Record<string, Record<string, unknown>>,
  outs: LockEntry[],
): LockStage {
  const byPath = (a: LockEntry, b: LockEntry): number => comparePython(a.path, b.path);
  const stage: LockStage = { cmd };
  if (deps.length > 0) stage.deps = [...deps].sort(byPath);
  const files = Object.keys(params).sort((a, b) =>
    a === 'params.yaml' ? -1 : b === 'params.yaml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  if (files.length > 0) {
    stage.params = {};
    for (const file of files) {
      const values = params[file] as Record<string, unknown>;
      stage.params[file] = Object.fromEntries(
        Object.keys(values)
          .sort()
          .map((k) => [k, values[k]]),
      );
    }
  }
  if (outs.length > 0) stage.outs = [...outs].sort(byPath);
  return stage;
}

export function serializeLock(lock: LockFile): string {
  const { schema = '2.0', ...others } = lock.rest;
  return dumpLockYaml({ schema, ...others, stages: lock.stages });
}

/**
 * Replaces one stage's entry in the lock file (re-reading it first, so entries written meanwhile by other stages
 * are kept) and writes it atomically. Only that entry's lines change (lock-text.ts); the whole file is written
 * anew only when it is missing, broken or not laid out as DVC lays it out. Callers serialise updates of one file.
 */
export function updateLockStage(file: string, name: string, stage: LockStage): void {
  const raw = readBoundedText(file);
  const text = raw.ok ? raw.text : undefined;
  const read = text === undefined ? undefined : parseLock(text, file);
  const lock = read?.ok ? read.lock : { stages: {}, rest: { schema: '2.0' } };
  const spliced = read?.ok && text !== undefined ? withStageEntry(text, name, stage) : undefined;
  if (spliced !== undefined && splicedAsMeant(spliced, lock, name, stage)) {
    if (spliced !== text) writeFileAtomic(file, spliced);
    return;
  }
  lock.stages[name] = stage;
  writeFileAtomic(file, serializeLock(lock));
}

/** Whether the spliced text reads back as the old lock with just `name` set: the line surgery hit the right lines. */
function splicedAsMeant(text: string, before: LockFile, name: string, stage: LockStage): boolean {
  const after = parseLock(text);
  if (!after.ok) return false;
  const expected = { ...before.stages, [name]: stage };
  return (
    JSON.stringify(after.lock.stages) === JSON.stringify(expected) &&
    JSON.stringify(after.lock.rest) === JSON.stringify(before.rest)
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}
