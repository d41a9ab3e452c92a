// DVC's run cache (dvc/stage/cache.py), shared with `dvc repro`: after a stage runs, its lock entry is kept at
// `<cache dir>/runs/<key[:2]>/<key>/<value>`, where key = sha256 of the entry with each output reduced to its
// path and value = sha256 of the whole entry (both Python's `json.dumps(sort_keys=True)` with every `size`
// and `nfiles` left out, dvc/utils dict_sha256). Before a stage runs, an entry under the key of its current
// command, dependency hashes and params names the outputs that command made from those inputs: when they are
// all in the cache, they are checked out instead of running it ("Stage 'x' is cached - skipping run"). Only
// stages DVC would hash take part (_can_hash): a command, some deps or params, some outputs, none persistent,
// not always_changed, every dependency a local path.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBoundedText } from '../bounded-read';
import type { Stage } from '../pipeline/model';
import { pythonJson } from '../pipeline/python-json';
import type { DvcCache } from './dvc-cache';
import type { LockStage } from './lock';
import { entryHashName, parseLockStage } from './lock';
import { dumpLockYaml } from './lock-yaml';

/** Whether DVC's run cache takes this stage (dvc/stage/cache.py `_can_hash`). */
export function runCacheable(stage: Stage): boolean {
  if (stage.cmd.length === 0 || stage.alwaysChanged) return false;
  if (stage.deps.length + stage.params.length === 0 || stage.outs.length === 0) return false;
  // A URL dependency (s3://, https://, remote://) is not a local path DVC can hash for the key.
  if (stage.deps.some((d) => /^[a-z][a-z0-9+.-]*:\/\//i.test(d.value))) return false;
  return stage.outs.every((o) => !o.persist);
}

/**
 * Whether DVC saves the stage's entry after running it: not when an output other than a metric or plot is
 * `cache: false` (dvc/stage/__init__.py `run`: no_cache_outs), since that output could not be restored.
 */
export function runCacheSaves(stage: Stage): boolean {
  return runCacheable(stage) && stage.outs.every((o) => o.cache || o.kind !== 'outs');
}

function sha256(v: unknown): string {
  return createHash('sha256')
    .update(pythonJson(v, { sortKeys: true }))
    .digest('hex');
}

/** The key: the entry with outputs as their paths (what the command was given, not what it made). */
export function runCacheKey(entry: LockStage): string {
  return sha256(withoutSizes({ ...entry, outs: (entry.outs ?? []).map((o) => o.path) }));
}

/** The value: the whole entry (which outputs the command made). */
export function runCacheValue(entry: LockStage): string {
  return sha256(withoutSizes(entry));
}

/** Drops every `size` and `nfiles` key at any depth, as dict_filter does (a param named `size` too). */
function withoutSizes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSizes);
  if (v === null || typeof v !== 'object') return v;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v; // PyFloat and other values, as they are
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k]) => k !== 'size' && k !== 'nfiles')
      .map(([k, x]) => [k, withoutSizes(x)]),
  );
}

function entryDir(dvc: DvcCache, key: string): string {
  return path.join(dvc.dir, 'runs', key.slice(0, 2), key);
}

/** Keeps a stage's entry after a run (once per distinct entry), written as DVC writes it: atomically, as YAML. */
export function saveRunCacheEntry(dvc: DvcCache, entry: LockStage): void {
  const dir = entryDir(dvc, runCacheKey(entry));
  const file = path.join(dir, runCacheValue(entry));
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, dumpLockYaml(entry as unknown as Record<string, unknown>));
  fs.renameSync(tmp, file);
}

/** The newest entry under the key of `current` (outputs as paths), as DVC picks it (by mtime); unreadable ones are skipped. */
export function findRunCacheEntry(dvc: DvcCache, current: LockStage): LockStage | undefined {
  const dir = entryDir(dvc, runCacheKey(current));
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n));
  } catch {
    return undefined;
  }
  const newest = names.map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => b.t - a.t)[0];
  if (!newest) return undefined;
  const file = path.join(dir, newest.n);
  const read = readBoundedText(file);
  if (!read.ok) return undefined;
  const parsed = parseLockStage(read.text, file);
  return parsed.ok ? parsed.stage : undefined;
}

/** Whether every output the entry names is in the cache, each under the hash it was recorded with. */
export function outputsInCache(dvc: DvcCache, entry: LockStage): boolean {
  return (entry.outs ?? []).every((o) => o.md5 !== '' && dvc.has(o.md5, entryHashName(o)));
}
