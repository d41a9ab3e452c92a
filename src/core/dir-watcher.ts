// Knows whether anything changed in a set of folders since it was last asked. One fs.watch per folder (inotify on
// Linux, not recursive: the set names every folder). `settle()` makes the answer exact at the moment it is asked:
// it creates a marker file in a watched folder and waits for that file's own event. Events of one process arrive
// in the order they happened, so every change made before the question has been seen by then.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SETTLE_TIMEOUT_MS = 2000;

export class DirWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private changed = true;
  private markers = 0;
  private readonly waiting = new Map<string, () => void>();
  /** Set when a folder could not be watched or a watcher failed: answers must then be computed afresh. */
  private broken = false;

  /** `markerDir`: a folder of our own (watched too) for the settle markers; nothing else there counts as a change. */
  constructor(private readonly markerDir: string) {
    fs.mkdirSync(markerDir, { recursive: true });
    this.add(markerDir);
  }

  /**
   * Watches exactly `dirs` (plus the marker folder) from now on. A folder watched for the first time counts as
   * changed: what was read from it before its watch began may already be stale.
   */
  watch(dirs: readonly string[]): void {
    const wanted = new Set([...dirs, this.markerDir]);
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      this.add(dir);
      this.changed = true;
    }
  }

  /** Whether something may have changed since the last `reset()`; call after `settle()`. */
  get dirty(): boolean {
    return this.changed || this.broken;
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
      const timer = setTimeout(() => {
        // The marker's event never came: the watch cannot be trusted.
        this.broken = true;
        this.waiting.delete(name);
        resolve();
      }, SETTLE_TIMEOUT_MS);
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
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private add(dir: string): void {
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, filename) => this.onEvent(dir, filename?.toString()));
      w.on('error', () => {
        this.broken = true;
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
    } catch {
      // Gone already, or out of watches (inotify's limit): no promise of noticing changes there.
      this.broken = true;
    }
  }

  private onEvent(dir: string, filename: string | undefined): void {
    if (dir === this.markerDir) {
      const done = filename === undefined ? undefined : this.waiting.get(filename);
      if (done) {
        this.waiting.delete(filename as string);
        done();
      }
      return;
    }
    this.changed = true;
  }
}
