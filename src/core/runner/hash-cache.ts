// Remembers file hashes by path, size, mtime and inode (what DVC's own state database keys on), persisted
// in the workspace so a later status over unchanged files reads no content. Written atomically (temp + rename):
// a killed process leaves either the old cache or the new one, never half of one.
import type { Stats } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-file';

/** [size, mtimeMs, inode, md5] */
type Entry = [number, number, number, string];

interface CacheFile {
  version: 1;
  entries: Record<string, Entry>;
}

export class HashCache {
  /** The parsed file's entries, used as is: building a Map of 20k entries would cost more than the parse. */
  private entries: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
  private dirty = false;

  private constructor(readonly file: string) {}

  /** Loads the cache at `file`; a missing or unreadable cache is an empty one (it is only an optimisation). */
  static load(file: string): HashCache {
    const cache = new HashCache(file);
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object' && !Array.isArray(parsed.entries)) {
        cache.entries = Object.assign(Object.create(null) as Record<string, Entry>, parsed.entries);
      }
    } catch {
      // No cache yet, or a corrupt one: start empty.
    }
    return cache;
  }

  /** The cache of a workspace: `<root>/.mlops/cache/hashes.json`. */
  static forWorkspace(root: string): HashCache {
    return HashCache.load(path.join(root, '.mlops', 'cache', 'hashes.json'));
  }

  get(absPath: string, st: Stats): string | undefined {
    const e = this.entries[absPath];
    // Entries are checked when used, so a damaged one is a miss, never a wrong hash.
    if (!Array.isArray(e) || typeof e[3] !== 'string' || e[0] !== st.size || e[1] !== st.mtimeMs || e[2] !== st.ino) return undefined;
    return e[3];
  }

  set(absPath: string, st: Stats, md5: string): void {
    this.entries[absPath] = [st.size, st.mtimeMs, st.ino, md5];
    this.dirty = true;
  }

  /** Writes the cache if anything was added; entries whose file is gone are dropped. */
  save(): void {
    if (!this.dirty) return;
    const entries: Record<string, Entry> = {};
    for (const key in this.entries) {
      if (fs.existsSync(key)) entries[key] = this.entries[key] as Entry;
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, JSON.stringify({ version: 1, entries } satisfies CacheFile));
    this.dirty = false;
  }
}
