// Remembers hashes so a later status over unchanged files reads no content, persisted in the workspace.
// Two files, because a warm status must not pay for the big one:
// - paths.json: per path a stage names (a dep or out), its hash and the signature it holds under: for a file its
//   size, mtime and inode; for a directory a digest of every file's path, size, mtime and inode. A warm status
//   stats each file, finds the signatures unchanged and reads nothing else.
// - hashes.bin: per file inside those, size + mtime + inode + md5 (what DVC's own state database keys on), in
//   hash-entries-file.ts's binary layout. Loaded only when something must really be hashed, so only changed files
//   are read again. A cache written as JSON by an earlier version (hashes.json) is read when there is no
//   hashes.bin, and removed by the next save.
// Both are written atomically (temp + rename): a killed process leaves the old cache or the new one, never half.
// Not fsync'ed: after a power cut a file may be empty or cut, which reads as no cache (never as a wrong hash), and
// two fsyncs at the end of every status that hashed something cost more than re-hashing once after a crash.
import type { Stats } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { readBoundedBytes, readBoundedText } from '../bounded-read';
import { mlopsFolder, mlopsPath } from '../mlops-folder';
import { decodeEntries, encodeEntries, type FileEntry } from './hash-entries-file';

/** What a file's entry is keyed on: a Stats has it, and so has the smaller record a folder's listing keeps. */
export type FileSignature = Pick<Stats, 'size' | 'mtimeMs' | 'ino'>;

/** What a path's signature vouches for: a file's [signature, md5], a directory's [signature, md5 (.dir), total size, file count]. */
export type PathEntry = [string, string] | [string, string, number, number];

interface PathsFile {
  version: 1;
  paths: Record<string, PathEntry>;
}

/** A JSON object read from `file`, or undefined when missing or damaged (a cache is only an optimisation). */
function readJsonObject(file: string): Record<string, unknown> | undefined {
  const read = readBoundedText(file);
  if (!read.ok) return undefined;
  try {
    const parsed: unknown = JSON.parse(read.text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The record under `key` of a version-1 cache file, as a prototype-less map. */
function records<T>(file: string, key: string): Record<string, T> {
  const parsed = readJsonObject(file);
  const inner = parsed?.version === 1 ? parsed[key] : undefined;
  const out = Object.create(null) as Record<string, T>;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.assign(out, inner) : out;
}

/** The per-file entries' file, and the JSON one of versions before it. */
const ENTRIES = 'hashes.bin';
const JSON_ENTRIES = 'hashes.json';

/** The per-file entries kept in `folder`: its binary file's, else an earlier version's JSON ones, else none. */
function readEntries(folder: string): Record<string, FileEntry> {
  const read = readBoundedBytes(path.join(folder, ENTRIES));
  if (read.ok) return decodeEntries(read.bytes) ?? (Object.create(null) as Record<string, FileEntry>);
  return records<FileEntry>(path.join(folder, JSON_ENTRIES), 'entries');
}

export class HashCache {
  /** Per-file entries, read on first use; the parsed object is used as is (a Map of 20k entries costs more). */
  private files: Record<string, FileEntry> | undefined;
  private readonly paths: Record<string, PathEntry>;
  private filesDirty = false;
  /** Files set or found by this process: the caller stat'ed them a moment ago, so saving does not again (20,000 links). */
  private readonly seen = new Set<string>();
  private pathsDirty = false;

  private constructor(
    /** Where it is kept; none: in memory only. */
    readonly folder: string | undefined,
    /** Creates the folder on the first save. */
    private readonly create: () => void,
  ) {
    this.paths =
      folder === undefined
        ? (Object.create(null) as Record<string, PathEntry>)
        : records(path.join(folder, 'paths.json'), 'paths');
  }

  /**
   * A cache kept in memory only, for a workspace that is gone when its process ends (an experiment's): writing
   * 20,000 linked files' hashes that nothing will read again costs more than the rest of the bookkeeping.
   */
  static inMemory(): HashCache {
    return new HashCache(undefined, () => {});
  }

  /** The cache kept in folder `dir` (created on save). */
  static load(dir: string): HashCache {
    return new HashCache(dir, () => fs.mkdirSync(dir, { recursive: true }));
  }

  /** The cache of a workspace: `<root>/.mlops/cache/`, created inside the git-ignored `.mlops/`. */
  static forWorkspace(root: string): HashCache {
    return new HashCache(path.join(mlopsPath(root), 'cache'), () => mlopsFolder(root, 'cache'));
  }

  private fileEntries(): Record<string, FileEntry> {
    this.files ??=
      this.folder === undefined ? (Object.create(null) as Record<string, FileEntry>) : readEntries(this.folder);
    return this.files;
  }

  get(absPath: string, st: FileSignature): string | undefined {
    const e = this.fileEntries()[absPath];
    // Entries are checked when used, so a damaged one is a miss, never a wrong hash.
    if (!Array.isArray(e) || typeof e[3] !== 'string' || e[0] !== st.size || e[1] !== st.mtimeMs || e[2] !== st.ino)
      return undefined;
    this.seen.add(absPath);
    return e[3];
  }

  set(absPath: string, st: FileSignature, md5: string): void {
    this.fileEntries()[absPath] = [st.size, st.mtimeMs, st.ino, md5];
    // Only a save reads `seen`: an in-memory cache (an experiment's 20,000 linked files) keeps no second copy.
    if (this.folder !== undefined) this.seen.add(absPath);
    this.filesDirty = true;
  }

  /** Whether no path has an entry yet (a workspace never hashed here, or its cache lost): a first pass hashes all. */
  get empty(): boolean {
    for (const _ in this.paths) return false;
    return true;
  }

  /** The path's entry when its signature is still `signature`. */
  pathEntry(absPath: string, signature: string): PathEntry | undefined {
    const e = this.paths[absPath];
    if (!Array.isArray(e) || e[0] !== signature || typeof e[1] !== 'string') return undefined;
    if (e.length === 2 || (e.length === 4 && typeof e[2] === 'number' && typeof e[3] === 'number')) return e;
    return undefined;
  }

  setPath(absPath: string, entry: PathEntry): void {
    this.paths[absPath] = entry;
    this.pathsDirty = true;
  }

  /** Writes what changed; entries whose file or directory is gone are dropped. */
  save(): void {
    const folder = this.folder;
    if (folder === undefined || (!this.filesDirty && !this.pathsDirty)) return;
    this.create();
    if (this.filesDirty && this.files) {
      writeFileAtomic(path.join(folder, ENTRIES), encodeEntries(existing(this.files, this.seen)), false);
      fs.rmSync(path.join(folder, JSON_ENTRIES), { force: true });
      this.filesDirty = false;
    }
    if (this.pathsDirty) {
      writeFileAtomic(
        path.join(folder, 'paths.json'),
        JSON.stringify({ version: 1, paths: existing(this.paths) } satisfies PathsFile),
        false,
      );
      this.pathsDirty = false;
    }
  }
}

/**
 * `entries` without those whose file is gone (dropped from it: they can never match again). In place, not copied: a
 * first status keeps all 20,000, and copying them into a new object cost as much as turning them into JSON.
 */
function existing<T>(entries: Record<string, T>, known: ReadonlySet<string> = new Set()): Record<string, T> {
  // A key is a path, or a path, NUL and the name of a second hash of it (DVC 2's, see hash.ts).
  for (const key in entries)
    if (!known.has(key) && !fs.existsSync(key.split('\0', 1)[0] as string)) delete entries[key];
  return entries;
}
