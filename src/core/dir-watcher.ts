// Knows whether anything changed in a set of folders since it was last asked. One fs.watch per folder (inotify on
// Linux, not recursive: the set names every folder). `settle()` makes the answer exact at the moment it is asked:
// it creates a marker file in a watched folder and waits for that file's own event. Events of one process arrive
// in the order they happened, so every change made before the question has been seen by then.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SETTLE_TIMEOUT_MS = 2000;

interface Watched {
  watcher: fs.FSWatcher;
  /** The folder's identity when its watch began: a folder put in its place later is another one. */
  dev: number;
  ino: number;
}

export class DirWatcher {
  private readonly watched = new Map<string, Watched>();
  /** The folders asked for; those without a watch (gone, failed, not allowed) make every answer dirty. */
  private wanted: Set<string>;
  private changed = true;
  private markers = 0;
  private readonly waiting = new Map<string, () => void>();

  /** `markerDir`: a folder of our own (watched too) for the settle markers; nothing else there counts as a change. */
  constructor(private readonly markerDir: string) {
    fs.mkdirSync(markerDir, { recursive: true });
    this.wanted = new Set([markerDir]);
    this.add(markerDir);
  }

  /**
   * Watches exactly `dirs` (plus the marker folder) from now on. A folder watched for the first time counts as
   * changed: what was read from it before its watch began may already be stale. So does a folder that is no
   * longer the one watched (moved away with an unwatched parent and another put in its place).
   */
  watch(dirs: readonly string[]): void {
    this.wanted = new Set([...dirs, this.markerDir]);
    for (const [dir, w] of this.watched) {
      if (!this.wanted.has(dir) || !sameFolder(dir, w)) this.drop(dir);
    }
    for (const dir of this.wanted) {
      if (this.watched.has(dir)) continue;
      this.add(dir);
      this.changed = true;
    }
  }

  /** Whether something may have changed since the last `reset()`; call after `settle()`. */
  get dirty(): boolean {
    return this.changed || this.watched.size < this.wanted.size;
  }

  /** Marks the current state as seen (call before computing from it: changes during the computation count). */
  reset(): void {
    this.changed = false;
  }

  /** Resolves once every change made before this call has been noticed. */
  async settle(): Promise<void> {
    const name = `settle-${process.pid}-${++this.markers}`;
    const file = path.join(this.markerDir, name);
    const seen = new Promise<void>((resolve) => {
      const giveUp = (): void => {
        if (!this.waiting.delete(name)) return;
        // The marker's event never came: this answer cannot trust the watch.
        this.changed = true;
        resolve();
      };
      // A starved process runs its timers before reading the events already queued: read them first (the poll
      // phase comes before setImmediate's), so that a slow machine is not taken for a broken watch.
      const timer = setTimeout(() => setImmediate(giveUp), SETTLE_TIMEOUT_MS);
      this.waiting.set(name, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    fs.writeFileSync(file, '');
    await seen;
    fs.rmSync(file, { force: true });
  }

  close(): void {
    for (const w of this.watched.values()) w.watcher.close();
    this.watched.clear();
  }

  private add(dir: string): void {
    try {
      // Identity first: if the folder is replaced before the watch begins, the next watch() sees the mismatch.
      const st = fs.statSync(dir);
      const watcher = fs.watch(dir, { persistent: false }, (event, filename) =>
        this.onEvent(dir, event, filename?.toString()),
      );
      watcher.on('error', () => {
        this.changed = true;
        this.drop(dir);
      });
      this.watched.set(dir, { watcher, dev: st.dev, ino: st.ino });
    } catch {
      // Gone already, or out of watches (inotify's limit): it stays unwatched, so every answer is computed.
    }
  }

  /** Stops watching `dir` and every watched folder below it (they moved or went with it). */
  private drop(dir: string): void {
    const below = dir + path.sep;
    for (const [d, w] of this.watched) {
      if (d !== dir && !d.startsWith(below)) continue;
      w.watcher.close();
      this.watched.delete(d);
    }
  }

  private onEvent(dir: string, event: string, filename: string | undefined): void {
    if (dir === this.markerDir && filename !== undefined && filename !== path.basename(dir)) {
      const done = this.waiting.get(filename);
      if (done) {
        this.waiting.delete(filename);
        done();
      }
      return;
    }
    this.changed = true;
    // The folder itself deleted or moved (inotify names it by its own name): its watch delivers nothing more, and
    // a folder made again at its path is another one. A child of the same name renamed costs one more watch.
    if (event === 'rename' && filename === path.basename(dir)) this.drop(dir);
  }
}

function sameFolder(dir: string, w: Watched): boolean {
  try {
    const st = fs.statSync(dir);
    return st.dev === w.dev && st.ino === w.ino;
  } catch {
    return false;
  }
}
