// Content hashes exactly as DVC 3 (dvc_data) computes them: a file's plain md5 over its bytes; a directory's
// md5 of the JSON listing `[{"md5": …, "relpath": …}, …]` (sorted by relpath, Python json.dumps defaults)
// with `.dir` appended. Each file's hash is remembered by path + size + mtime + inode (HashCache), so
// hashing unchanged files again reads no content; a directory whose files all kept their path, size, mtime and
// inode (its signature) keeps its hash without even a lookup per file.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { DirListings } from './dir-listings';
import { DvcIgnoreReader } from './dvcignore';
import { fileSignature, type ListedFile, listFiles, signatureOf } from './folder-files';
import type { FileSignature, HashCache } from './hash-cache';
import { HashPool } from './hash-pool';
import { dos2unixMd5OfFile, type HashName } from './dos2unix-md5';
import { DvcState, hasDvcState } from './dvc-state';
import { overlaps } from './path-overlap';
import { comparePython, pythonJsonString } from '../pipeline/python-json';

export type { HashName } from './dos2unix-md5';

export interface FileHash {
  kind: 'file';
  md5: string;
  size: number;
  /** Executable bit set for the owner, group or others (DVC records `isexec: true`). */
  isexec: boolean;
}

export interface DirEntryHash {
  /** Posix path relative to the directory. */
  relpath: string;
  md5: string;
  size: number;
}

export interface DirHash {
  kind: 'dir';
  /** `<md5 of the listing>.dir` */
  md5: string;
  /** Sum of the files' sizes. */
  size: number;
  nfiles: number;
}

/** A directory's hash with every file's: what DVC's cache stores as the `.dir` object. */
export interface DirListing extends DirHash {
  entries: DirEntryHash[];
}

export type PathHash = FileHash | DirHash;

/** Bytes per read: large enough that syscalls do not dominate, small enough to overlap reading with hashing. */
const CHUNK = 1 << 20;
/** Below this many bytes to read in all, hashing stays on the calling thread: starting workers would cost more. */
const POOL_MIN_BYTES = 1 << 20;

let sharedPool: HashPool | undefined;

/**
 * Boots the hash workers now: for a pass about to hash much (a first status, with no cache yet), so that they start
 * on the other cores while this thread still discovers pipelines and lists folders.
 */
export function startHashWorkers(): void {
  (sharedPool ??= new HashPool()).start();
}

/**
 * Lets the hash workers go now that a pass is done (a later one starts new ones): they wind down on their own threads
 * while the caller saves and prints, instead of at the process's exit, after everything else.
 */
export function stopHashWorkers(): void {
  void sharedPool?.close();
}

/**
 * Whether a status of the workspace at `root` will read every tracked byte: nothing in its hash cache, and no state
 * database of DVC's to take hashes from (after `dvc status`, `dvc pull` or `dvc repro` DVC knows every file, and
 * workers booted for nothing cost their start on the other core). Where DVC knows only some, the workers start
 * when the first file must be read.
 */
export function expectsToHashAll(cache: HashCache, root: string): boolean {
  return cache.empty && !hasDvcState(root);
}

/** Counts what hashing actually read, so tests and benchmarks can prove the cache works. */
export interface HashStats {
  filesRead: number;
  bytesRead: number;
}

export class Hasher {
  readonly stats: HashStats = { filesRead: 0, bytesRead: 0 };
  /** `.dvcignore` files above tracked folders, each read once per Hasher (as DVC reads them once per command). */
  private readonly dvcignore = new DvcIgnoreReader();

  /** DVC's state database, read on the first file our cache does not know. */
  private dvcState: DvcState | undefined;

  /**
   * `dvcRoot`: the DVC repository whose state database (dvc-state.ts) may already know files' hashes. `pass`: what
   * a read-only status pass shares (HashPass). `placed`: paths this process just put in place from the DVC cache, by
   * hash (checkout.ts), taken as they are — without a walk — until forgetPlaced().
   */
  constructor(
    private readonly cache?: HashCache,
    private readonly dvcRoot?: string,
    private readonly pass: HashPass = {},
    private placed?: ReadonlyMap<string, PathHash>,
  ) {}

  /**
   * What was placed may have been written to from now on: it is hashed as any path. All of it when a command is
   * about to run (it may write anywhere); with `paths`, only what lies at, under or above them (a stage's
   * outputs, deleted or restored from the cache before its command runs: the rest is still as placed).
   */
  forgetPlaced(paths?: readonly string[]): void {
    if (!paths || !this.placed) {
      this.placed = undefined;
      return;
    }
    this.placed = new Map([...this.placed].filter(([abs]) => !paths.some((p) => overlaps(abs, p))));
  }

  /**
   * Teaches the cache a folder a checkout just linked from DVC's `.dir` object `md5` (`listed`: its files, relpath →
   * md5): each file's hash under its stat, and the folder's hash under its signature, so the first hash after a
   * stage walks and stats the folder but reads, looks up and hashes nothing when no file changed. The folder's hash
   * is taught only when the walk finds exactly the listed files; the walk is DVC's, as any hash's. `walked`: the
   * folder's files and signature as a walk that found exactly the listed files just saw them (a kept linked copy,
   * checked by its owner): not walked again. Returns the folder's signature when it was taught.
   */
  learnPlacedDir(
    absDir: string,
    md5: string,
    listed: ReadonlyMap<string, string>,
    walked?: { files: readonly ListedFile[]; signature: string },
  ): string | undefined {
    if (!this.cache) return undefined;
    const files = walked?.files ?? listFiles(absDir, this.dvcignore).files;
    let size = 0;
    let exact = files.length === listed.size;
    for (const f of files) {
      const fileMd5 = listed.get(f.relpath);
      if (fileMd5 === undefined) exact = false;
      else this.cache.set(`${absDir}/${f.relpath}`, f.stat, fileMd5);
      size += f.stat.size;
    }
    if (!exact) return undefined;
    const signature = walked?.signature ?? signatureOf(files);
    this.cache.setPath(absDir, [signature, md5, size, files.length]);
    return signature;
  }

  /** The hash DVC recorded for a file as it is now, if any. */
  private knownToDvc(absPath: string, name: HashName): string | undefined {
    if (this.dvcRoot === undefined) return undefined;
    this.dvcState ??= DvcState.load(this.dvcRoot);
    return this.dvcState.md5(absPath, name);
  }

  /** The hash of a file or directory, or undefined when nothing is there. */
  hashPath(absPath: string, name: HashName = 'md5'): Promise<PathHash | undefined> {
    return this.hash(absPath, false, name);
  }

  /** As hashPath, with every file's hash of a directory (to save it into DVC's cache). */
  hashWithListing(absPath: string, name: HashName = 'md5'): Promise<FileHash | DirListing | undefined> {
    return this.hash(absPath, true, name) as Promise<FileHash | DirListing | undefined>;
  }

  private async hash(absPath: string, listing: boolean, name: HashName): Promise<PathHash | undefined> {
    const placed = listing || name !== 'md5' ? undefined : this.placed?.get(absPath);
    if (placed) return placed;
    const key = cacheKey(absPath, name);
    // A listing is for writing to DVC's cache: always from the files themselves.
    const verified = listing ? undefined : this.pass.verified;
    const trusted = verified?.get(key);
    if (trusted) return trusted;
    const st = statOrUndefined(absPath);
    if (!st) return undefined;
    if (st.isDirectory()) {
      const { files, links } = listFiles(absPath, this.dvcignore, this.pass.listings);
      const signature = signatureOf(files);
      const known = listing ? undefined : this.cache?.pathEntry(key, signature);
      const h: DirHash | DirListing =
        known?.length === 4
          ? { kind: 'dir', md5: known[1], size: known[2], nfiles: known[3] }
          : await this.hashDir(absPath, files, name);
      if (!known) this.cache?.setPath(key, [signature, h.md5, h.size, h.nfiles]);
      if (listing) return h;
      const dir: DirHash = { kind: 'dir', md5: h.md5, size: h.size, nfiles: h.nfiles };
      if (verified && !links && !isLink(absPath)) verified.remember(key, absPath, dir);
      return dir;
    }
    if (!st.isFile()) return undefined;
    const signature = fileSignature(st);
    const known = this.cache?.pathEntry(key, signature);
    const md5 = known?.length === 2 ? known[1] : ((await this.md5s([{ abs: absPath, stat: st }], name))[0] as string);
    if (!known) this.cache?.setPath(key, [signature, md5]);
    const file: FileHash = { kind: 'file', md5, size: st.size, isexec: (st.mode & 0o111) !== 0 };
    if (verified && !isLink(absPath)) verified.remember(key, absPath, file);
    return file;
  }

  private async hashDir(absDir: string, files: ListedFile[], name: HashName): Promise<DirListing> {
    const md5s = await this.md5s(
      files.map((f) => ({ abs: `${absDir}/${f.relpath}`, stat: f.stat })),
      name,
    );
    const entries: DirEntryHash[] = files.map((f, i) => ({
      relpath: f.relpath,
      md5: md5s[i] as string,
      size: f.stat.size,
    }));
    // UTF-16 order is code point order unless a name holds a surrogate pair: then the slow comparison.
    const astral = entries.some((e) => /[\ud800-\udfff]/.test(e.relpath));
    entries.sort(
      astral
        ? (a, b) => comparePython(a.relpath, b.relpath)
        : (a, b) => (a.relpath < b.relpath ? -1 : a.relpath > b.relpath ? 1 : 0),
    );
    const md5 = createHash('md5').update(dirListingJson(entries)).digest('hex') + '.dir';
    return { kind: 'dir', md5, size: entries.reduce((sum, e) => sum + e.size, 0), nfiles: entries.length, entries };
  }

  /** Each file's md5, from the cache when it knows the file as it is, else read (on the pool when there is much). */
  private async md5s(files: readonly Target[], name: HashName): Promise<string[]> {
    const md5s = files.map((f) => this.cache?.get(cacheKey(f.abs, name), f.stat) ?? this.knownToDvc(f.abs, name));
    const misses = files.filter((_, i) => md5s[i] === undefined);
    const missing = misses.reduce((sum, f) => sum + f.stat.size, 0);
    // DVC 2's hash is for old locks only: it stays on this thread rather than teach the pool a second algorithm.
    const read =
      name === 'md5-dos2unix' || missing < POOL_MIN_BYTES
        ? await this.readHere(misses, name)
        : await this.readOnPool(misses);
    let k = 0;
    return md5s.map((known, i) => {
      if (known !== undefined) {
        this.cache?.set(cacheKey(files[i]!.abs, name), files[i]!.stat, known);
        return known;
      }
      const md5 = read[k++]!;
      this.cache?.set(cacheKey(files[i]!.abs, name), files[i]!.stat, md5);
      return md5;
    });
  }

  private async readHere(files: readonly Target[], name: HashName): Promise<string[]> {
    const md5s: string[] = [];
    for (const f of files)
      md5s.push(name === 'md5' ? this.md5OfSmallFile(f.abs) : await dos2unixMd5OfFile(f.abs, this.stats));
    return md5s;
  }

  /**
   * md5 of a file read at once: what readHere's few bytes cost least as (a stream per file allocated a 1 MB
   * buffer each: 20,000 small files spent seconds in allocation and GC).
   */
  private md5OfSmallFile(absPath: string): string {
    const bytes = fs.readFileSync(absPath);
    this.stats.filesRead++;
    this.stats.bytesRead += bytes.length;
    return createHash('md5').update(bytes).digest('hex');
  }

  private async readOnPool(files: readonly Target[]): Promise<string[]> {
    const results = await (sharedPool ??= new HashPool()).md5Files(files.map((f) => f.abs));
    return results.map((r, i) => {
      if ('error' in r) throw new Error(`cannot hash ${files[i]!.abs}: ${r.error}`);
      this.stats.filesRead++;
      this.stats.bytesRead += r.bytes;
      return r.md5;
    });
  }
}

/** The hash cache keeps DVC 2's hashes of a path apart from its md5 (HashCache drops the suffix to find the file). */
function cacheKey(absPath: string, name: HashName): string {
  return name === 'md5' ? absPath : `${absPath}\0${name}`;
}

/** One status pass's use of the hashes a long-lived host verified earlier (verified-hashes.ts keeps them). */
export interface VerifiedPass {
  /** The hash stored under `key` (the Hasher's cache key: path and hash name), when still trusted. */
  get(key: string): PathHash | undefined;
  /** Stores a hash the pass verified, for a path that is not and holds no symbolic link. */
  remember(key: string, abs: string, hash: PathHash): void;
  end(): void;
}

/**
 * What a Hasher may share with the rest of one read-only status pass (never a pass that writes what it hashes):
 * the folder listings discovery made (dir-listings.ts), and hashes a long-lived host verified earlier and has
 * seen no change to since (verified-hashes.ts).
 */
export interface HashPass {
  listings?: DirListings;
  verified?: VerifiedPass;
}

function isLink(abs: string): boolean {
  return fs.lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink() === true;
}

/** A file to hash and what stat said of it (the cache's key). */
interface Target {
  abs: string;
  stat: FileSignature;
}

/** md5 of a file's bytes, streamed: the next chunk is read while the current one is hashed. */
export function md5OfFile(absPath: string, stats?: HashStats): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5');
    const stream = fs.createReadStream(absPath, { highWaterMark: CHUNK });
    stream.on('data', (chunk) => {
      hash.update(chunk);
      if (stats) stats.bytesRead += chunk.length;
    });
    stream.on('error', reject);
    stream.on('end', () => {
      if (stats) stats.filesRead++;
      resolve(hash.digest('hex'));
    });
  });
}

/** The exact bytes dvc_data hashes for a directory: `json.dumps(listing, sort_keys=True)` (ASCII-escaped). */
export function dirListingJson(entries: readonly { relpath: string; md5: string }[]): string {
  const items = entries.map((e) => `{"md5": ${pythonJsonString(e.md5)}, "relpath": ${pythonJsonString(e.relpath)}}`);
  return `[${items.join(', ')}]`;
}

/**
 * Synchronous, as the listing's stats are: a status stats each of its ~100 deps and outs once, and on the thread pool
 * each stat cost a round trip (20 ms of a 0.2 s warm status, measured with --cpu-prof).
 */
function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
