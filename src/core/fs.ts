// The file-system view the core reads through. The CLI uses the disk; the language server overlays
// the editor's unsaved documents on top of it, so validation sees what the user sees.
import * as fs from 'node:fs';
import { readBoundedText } from './bounded-read';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
  /** Set when the path itself is a symbolic link (the other fields describe its target). */
  link?: true;
}

export interface FileSystem {
  /**
   * The file's text, or undefined if it does not exist or is not a readable file (on disk: only regular files up
   * to MAX_READ_BYTES; `refusalMessage` on its stat says why a file that exists was not read).
   */
  readText(path: string): string | undefined;
  stat(path: string): FileStat | undefined;
  /** Entry names of a directory, or undefined if it is not one. */
  list(path: string): string[] | undefined;
  /**
   * As `list`, with what the listing says of each entry (readdir with file types), where the file system has it
   * at no cost: a search for folders then skips the stat of each of a data folder's 20,000 files.
   */
  listEntries?(path: string): readonly ListedEntry[] | undefined;
}

/** A directory entry as its listing describes it (the entry itself: a link is a link, whatever it points at). */
export type ListedEntry = Pick<fs.Dirent, 'name' | 'isDirectory'>;

export const nodeFileSystem: FileSystem = {
  readText(path) {
    const r = readBoundedText(path);
    return r.ok ? r.text : undefined;
  },
  stat(path) {
    try {
      const l = fs.lstatSync(path);
      const s = l.isSymbolicLink() ? fs.statSync(path) : l;
      const stat: FileStat = { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mtimeMs: s.mtimeMs };
      if (l.isSymbolicLink()) stat.link = true;
      return stat;
    } catch {
      return undefined;
    }
  },
  list(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
};

/** A file system that answers from `overlay` (absolute path → text) first, then from `base`. */
export function overlayFileSystem(base: FileSystem, overlay: ReadonlyMap<string, string>): FileSystem {
  return {
    readText: (path) => overlay.get(path) ?? base.readText(path),
    stat(path) {
      const text = overlay.get(path);
      if (text === undefined) return base.stat(path);
      return { isFile: true, isDirectory: false, size: Buffer.byteLength(text), mtimeMs: Date.now() };
    },
    list: (path) => base.list(path),
  };
}

/**
 * One state of the disk for one validation or status: each path is read, stat'ed or listed once, then answered from
 * memory (a thousand stages that all depend on `src/train.py` cost one stat, params.yaml is read once for every
 * stage that names a param). Make a new one for each pass; it never sees a change made after its first read.
 */
export function memoizedFileSystem(fs: FileSystem): FileSystem {
  const texts = new Map<string, string | undefined>();
  const stats = new Map<string, FileStat | undefined>();
  const lists = new Map<string, string[] | undefined>();
  const once = <T>(cache: Map<string, T>, key: string, read: (k: string) => T): T => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = read(key);
    cache.set(key, value);
    return value;
  };
  return {
    readText: (p) => once(texts, p, (k) => fs.readText(k)),
    stat: (p) => once(stats, p, (k) => fs.stat(k)),
    list: (p) => once(lists, p, (k) => fs.list(k)),
  };
}
