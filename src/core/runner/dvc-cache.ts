// DVC's content-addressed cache (`.dvc/cache/files/md5/ab/cdef…`, read-only copies; a directory as a
// `<md5>.dir` JSON listing). Saving cached outputs there after a stage, as `dvc repro` does, is what makes
// `dvc status` report "not in cache" nowhere after our runs. Objects hashed the DVC 2 way (md5-dos2unix, for lock
// entries without `hash: md5`) live in DVC 3's "legacy" cache, `<cache dir>/ab/cdef…` (dvc/cachemgr.py).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DirListing, FileHash, HashName } from './hash';
import { dirListingJson } from './hash';
import { dvcConfigValue, dvcRepoRoot } from './dvc-config';
import { readBoundedText } from '../bounded-read';

export class DvcCache {
  private constructor(
    /** The DVC repository root (the folder holding `.dvc/`). */
    readonly repoRoot: string,
    /** `<cache dir>/files/md5` */
    readonly objects: string,
    /** `<cache dir>`: where DVC 3 keeps objects of DVC 2's hash. */
    readonly legacyObjects: string,
  ) {}

  /** The DVC repository that contains `dir`, if any (nearest ancestor with a `.dvc/` folder). */
  static find(dir: string): DvcCache | undefined {
    const root = dvcRepoRoot(dir);
    if (root === undefined) return undefined;
    const objects = cacheDir(root);
    return new DvcCache(root, path.join(objects, 'files', 'md5'), objects);
  }

  /** The cache folder (`.dvc/cache` unless configured), holding `files/md5` and the run cache `runs`. */
  get dir(): string {
    return this.legacyObjects;
  }

  /**
   * Puts a cached file or directory (`<md5>.dir`) at `absPath` without copying when a link serves: a reflink,
   * else a hard link (cache objects are read-only and stages delete their outputs before writing, so a
   * shared inode is never written through), else a copy. `copy` (the working copy, where the user edits
   * files): a reflink or a writable copy, as DVC's default `cache.type` (reflink,copy). Undefined when an object
   * is missing; for a directory, the files it put there (relpath → md5) and whether each is a hard link to its
   * object (what a kept folder is: kept-folders.ts).
   */
  link(
    absPath: string,
    md5: string,
    name: HashName = 'md5',
    mode: 'link' | 'copy' = 'link',
  ): { files?: ReadonlyMap<string, string>; hardLinks?: boolean } | undefined {
    if (!md5.endsWith('.dir')) return this.linkObject(md5, absPath, name, mode) ? {} : undefined;
    const files = this.listing(md5, name);
    if (!files) return undefined;
    let hardLinks = true;
    for (const [relpath, fileMd5] of files) {
      // Concatenated on POSIX: path.join would normalise each of tens of thousands of names.
      const file = path.sep === '/' ? `${absPath}/${relpath}` : path.join(absPath, ...relpath.split('/'));
      const how = this.linkObject(fileMd5, file, name, mode);
      if (!how) return undefined;
      if (how !== 'hard link') hardLinks = false;
    }
    this.linkedWhole(md5, name);
    return { files, hardLinks };
  }

  /** The files (relpath → md5) a `<md5>.dir` object lists; undefined when it is missing or not a safe listing. */
  listing(md5: string, name: HashName = 'md5'): ReadonlyMap<string, string> | undefined {
    let listing: unknown;
    try {
      listing = JSON.parse(fs.readFileSync(this.objectPath(md5, name), 'utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(listing)) return undefined;
    const files = new Map<string, string>();
    for (const e of listing as { relpath?: unknown; md5?: unknown }[]) {
      if (typeof e.relpath !== 'string' || typeof e.md5 !== 'string' || e.relpath.split('/').includes('..'))
        return undefined;
      files.set(e.relpath, e.md5);
    }
    return files;
  }

  /**
   * Tells this instance every file of folder object `md5` was just put in place as links to its objects (by link(),
   * or a kept linked copy verified file by file): has() need not look for each file again.
   */
  linkedWhole(md5: string, name: HashName = 'md5'): void {
    this.wholeDirs.add(`${name}:${md5}`);
  }

  /** Folder objects every file of which this instance just linked: has() need not look for each file again. */
  private readonly wholeDirs = new Set<string>();

  /** Set once a reflink failed for want of support: 20,000 files are not each tried again (one syscall each). */
  private noReflinks = false;
  /** Folders made by link() in this process: each parent is made once, not once per file. */
  private readonly madeDirs = new Set<string>();

  /** How the object was put at dest, or undefined when it is missing or could not be. */
  private linkObject(
    md5: string,
    dest: string,
    name: HashName,
    mode: 'link' | 'copy',
  ): 'reflink' | 'hard link' | 'copy' | undefined {
    const obj = this.objectPath(md5, name);
    const dir = path.dirname(dest);
    if (!this.madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    // Each attempt replaces what is at dest: a fresh workspace has nothing there, so nothing is removed first.
    const attempt = (put: () => void): 'done' | 'missing' | 'failed' => {
      try {
        put();
        return 'done';
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          fs.rmSync(dest, { force: true });
          return attempt(put);
        }
        if (code !== 'ENOENT') return 'failed';
        if (!fs.existsSync(obj)) return 'missing';
        // The folder made earlier was removed since (a stage deletes its outputs before it runs).
        fs.mkdirSync(dir, { recursive: true });
        put();
        return 'done';
      }
    };
    let result: 'done' | 'missing' | 'failed' = 'failed';
    let how: 'reflink' | 'hard link' | 'copy' = 'reflink';
    if (!this.noReflinks) {
      // A reflink fails on an existing dest (EEXIST) like a link does, and is retried after removing it.
      result = attempt(() =>
        fs.copyFileSync(obj, dest, fs.constants.COPYFILE_FICLONE_FORCE | fs.constants.COPYFILE_EXCL),
      );
      if (result === 'failed') this.noReflinks = true; // no reflinks on this file system
    }
    if (result === 'failed' && mode === 'link') {
      how = 'hard link';
      result = attempt(() => fs.linkSync(obj, dest));
    }
    // Another file system, or no hard links: copy.
    if (result === 'failed') {
      how = 'copy';
      result = attempt(() => fs.copyFileSync(obj, dest, fs.constants.COPYFILE_EXCL));
    }
    if (result !== 'done') return undefined;
    // A reflink or copy of a read-only object is read-only too; the user's copy must be writable.
    if (mode === 'copy') fs.chmodSync(dest, 0o644);
    return how;
  }

  objectPath(md5: string, name: HashName = 'md5'): string {
    // Hex names: nothing for path.join to normalise (it is called once per file of a checkout).
    return `${name === 'md5' ? this.objects : this.legacyObjects}${path.sep}${md5.slice(0, 2)}${path.sep}${md5.slice(2)}`;
  }

  /** Whether the object and, for a directory, every file it lists are in the cache. */
  has(md5: string, name: HashName = 'md5'): boolean {
    const obj = this.objectPath(md5, name);
    if (!md5.endsWith('.dir')) return fs.existsSync(obj);
    if (this.wholeDirs.has(`${name}:${md5}`)) return true;
    const read = readBoundedText(obj);
    if (!read.ok) return false;
    let listing: unknown;
    try {
      listing = JSON.parse(read.text);
    } catch {
      return false;
    }
    return (
      Array.isArray(listing) &&
      listing.every((e: { md5?: unknown }) => typeof e.md5 === 'string' && fs.existsSync(this.objectPath(e.md5, name)))
    );
  }

  /** Copies a file or directory hashed with `name` into the cache (objects already there are kept). */
  save(absPath: string, h: FileHash | DirListing, name: HashName = 'md5'): void {
    if (h.kind === 'file') {
      this.put(h.md5, name, (tmp) => fs.copyFileSync(absPath, tmp));
      return;
    }
    for (const e of h.entries)
      this.put(e.md5, name, (tmp) => fs.copyFileSync(path.join(absPath, ...e.relpath.split('/')), tmp));
    this.put(h.md5, name, (tmp) => fs.writeFileSync(tmp, dirListingJson(h.entries)));
  }

  /** Writes an object through a temp file and renames it in place read-only, so a crash leaves no partial object. */
  private put(md5: string, name: HashName, writeTmp: (tmp: string) => void): void {
    const dest = this.objectPath(md5, name);
    if (fs.existsSync(dest)) return;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    writeTmp(tmp);
    fs.chmodSync(tmp, 0o444);
    fs.renameSync(tmp, dest);
  }
}

/** `[cache] dir = …` from .dvc/config.local or .dvc/config (relative to .dvc/), else `.dvc/cache`. */
function cacheDir(repoRoot: string): string {
  const dir = dvcConfigValue(repoRoot, 'cache', 'dir');
  return dir === undefined ? path.join(repoRoot, '.dvc', 'cache') : path.resolve(repoRoot, '.dvc', dir);
}
