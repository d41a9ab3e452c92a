// What DVC's data index knows of a revision's paths, as `plots`, `metrics` and `params` meet it through DVC's
// file system (dvc/repo/index.py _load_data_from_outs, dvc_data/index/index.py DataIndex.__getitem__ and _load,
// dvc/fs/dvc.py _info and _open): every cached output (`cache: true` outputs of dvc.yaml stages with the hash
// their dvc.lock records — none for a stage never run — and the outputs of `.dvc` files) is an entry; the files
// of a folder output are known only once its `<md5>.dir` listing is loaded, which DVC tries from its cache and
// then a remote. We read the workspace's cache and no remote, as DVC does with no network. So a path under a
// folder output whose listing no cache holds cannot be looked up at all — DVC raises DataIndexDirError, what a
// fresh clone meets before `dvc pull`, even when the folder is on disk — and a known file whose object is
// nowhere is "No storage files available".
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { findPipelineFiles, loadPipelineFile } from '../pipeline/index';
import { DvcCache } from '../runner/dvc-cache';
import { entryHashName, lockPathFor, parseLock, type LockEntry } from '../runner/lock';
import { readBoundedText } from '../bounded-read';

/** What the index says of one path. */
export type IndexAnswer =
  /** Not a cached output nor a file of one: only git or the disk can have it. */
  | { kind: 'none' }
  /** A cached output file, or a file of a loaded folder; `object` is its cache file when the cache holds it. */
  | { kind: 'file'; object?: string }
  /** A folder output or a folder inside one, with the names its listing gives. */
  | { kind: 'folder'; names: string[] }
  /** The folder output `key` (`exact`: the path itself) has a listing no cache holds. */
  | { kind: 'unloadable'; key: readonly string[]; exact: boolean };

/** DVC's exception for a folder whose listing cannot be loaded, with its message. */
export class DataIndexDirError extends Error {
  readonly type = 'DataIndexDirError';
  constructor(key: readonly string[]) {
    super(`failed to load directory ${pyTuple(key)}`);
  }
}

interface OutputEntry {
  md5?: string;
  hashName: ReturnType<typeof entryHashName>;
}

interface Listing {
  files: Map<string, string>;
  /** Every folder inside the listing ('' for its top) with the names directly in it. */
  folders: Map<string, Set<string>>;
}

/** The index of one revision under `root`, read through `tree` (the working copy or a git revision). */
export class DataIndexView {
  private outputs?: Map<string, OutputEntry>;
  private readonly listings = new Map<string, Listing | undefined>();
  private readonly cache: DvcCache | undefined;

  constructor(
    private readonly root: string,
    private readonly tree: FileSystem,
  ) {
    this.cache = DvcCache.find(root);
  }

  /** The index's answer for an absolute path. */
  lookup(abs: string): IndexAnswer {
    const rel = path.relative(this.root, path.resolve(abs)).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) return { kind: 'none' };
    this.outputs ??= cachedOutputs(this.root, this.tree);
    const parts = rel === '' ? [] : rel.split('/');
    // The nearest output at or above the path (DataIndex.__getitem__'s longest prefix).
    for (let n = parts.length; n > 0; n--) {
      const outPath = parts.slice(0, n).join('/');
      const out = this.outputs.get(outPath);
      if (!out) continue;
      const exact = n === parts.length;
      if (!out.md5?.endsWith('.dir')) return exact ? { kind: 'file', ...this.object(out.md5, out.hashName) } : NONE;
      const listing = this.listing(outPath, out);
      if (!listing) return { kind: 'unloadable', key: parts.slice(0, n), exact };
      const inner = parts.slice(n).join('/');
      const md5 = listing.files.get(inner);
      if (md5 !== undefined) return { kind: 'file', ...this.object(md5, out.hashName) };
      const names = listing.folders.get(inner);
      return names ? { kind: 'folder', names: [...names] } : NONE;
    }
    return NONE;
  }

  private object(md5: string | undefined, hashName: OutputEntry['hashName']): { object?: string } {
    if (!this.cache || md5 === undefined) return {};
    return { object: this.cache.objectPath(md5, hashName) };
  }

  private listing(outPath: string, out: OutputEntry): Listing | undefined {
    if (this.listings.has(outPath)) return this.listings.get(outPath);
    const object = this.object(out.md5, out.hashName).object;
    const entries = object === undefined ? undefined : readListing(object);
    let listing: Listing | undefined;
    if (entries) {
      listing = { files: new Map(), folders: new Map([['', new Set()]]) };
      for (const e of entries) {
        listing.files.set(e.relpath, e.md5);
        const parts = e.relpath.split('/');
        for (let k = 0; k < parts.length; k++) {
          const dir = parts.slice(0, k).join('/');
          const names = listing.folders.get(dir) ?? new Set<string>();
          names.add(parts[k]!);
          listing.folders.set(dir, names);
        }
      }
    }
    this.listings.set(outPath, listing);
    return listing;
  }
}

const NONE: IndexAnswer = { kind: 'none' };

/** Every cached output of the revision by repository-relative path, with the hash its lock or `.dvc` file records. */
function cachedOutputs(root: string, tree: FileSystem): Map<string, OutputEntry> {
  const out = new Map<string, OutputEntry>();
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  for (const file of findPipelineFiles(root, tree)) {
    const pipeline = loadPipelineFile(file, tree);
    if (pipeline.dataSource) {
      const stage = pipeline.stages[0];
      pipeline.dataSource.outs.forEach((recorded, i) => {
        if (stage?.outs[i]?.cache === false) return;
        const abs = path.resolve(pipeline.dir, stage?.wdir ?? '.', recorded.path);
        out.set(rel(abs), { ...(recorded.md5 ? { md5: recorded.md5 } : {}), hashName: entryHashName(recorded) });
      });
      continue;
    }
    const lockText = tree.readText(lockPathFor(file));
    const lock = lockText === undefined ? undefined : parseLock(lockText, lockPathFor(file));
    for (const stage of pipeline.stages) {
      const locked = new Map<string, LockEntry>();
      for (const entry of (lock?.ok ? lock.lock.stages[stage.name]?.outs : undefined) ?? [])
        locked.set(path.resolve(pipeline.dir, stage.wdir, entry.path), entry);
      for (const o of stage.outs) {
        if (!o.cache) continue;
        const abs = path.resolve(pipeline.dir, stage.wdir, o.path.value);
        const entry = locked.get(abs);
        out.set(rel(abs), { ...(entry ? { md5: entry.md5 } : {}), hashName: entryHashName(entry) });
      }
    }
  }
  return out;
}

function readListing(object: string): { relpath: string; md5: string }[] | undefined {
  const read = readBoundedText(object);
  try {
    const listing = read.ok ? (JSON.parse(read.text) as unknown) : undefined;
    return Array.isArray(listing) ? (listing as { relpath: string; md5: string }[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Python's repr of a tuple of strings, as DVC's message prints the folder's key: `('results', 'train')`. */
function pyTuple(parts: readonly string[]): string {
  const items = parts.map(pyString);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body}${quote}`;
}
