// Hashes of deps and outs a long-lived host (the editor) verified in an earlier status pass and has had no
// file-system event for since: the next pass reuses them without listing or stat'ing their files. A warm status
// over 20,000 data files is otherwise one stat per file on every change anywhere in the workspace; with this, a
// change to one file re-verifies only the dep or out that holds it. DVC has no such memory (it stats every file
// on every `dvc status`); the answer stays DVC's as long as every change is seen, so an entry is only ever kept
// when a change to it is sure to arrive as an event, and is dropped when one may have been missed:
// - the host says which paths its watcher covers (`watched`); others are verified on every pass;
// - a folder holding a symbolic link is never kept (a change to the link's target is an event elsewhere), nor a
//   path that is a link itself (the Hasher tells);
// - an event on a path drops every entry on, under or above it; an event on a `.dvcignore` drops everything (it
//   can change what a folder holds);
// - an event during a pass keeps that pass from storing anything it touches (the pass may have read the file
//   before the change);
// - events can be lost (a watcher's queue overflows on a burst, e.g. inotify's 16,384): after a burst of more
//   than BURST events between two passes, every entry is dropped; and no entry is trusted for more than
//   MAX_AGE_MS, so a change whose event never came is seen by the first pass after that at the latest.
import * as path from 'node:path';
import type { PathHash, VerifiedPass } from './hash';
import { overlaps } from './path-overlap';

/** More events than this between two passes: some may have been lost, verify everything. */
const BURST = 1000;
/** The longest an entry is trusted without a full verification of its path. */
const MAX_AGE_MS = 60_000;

interface Entry {
  abs: string;
  hash: PathHash;
  at: number;
}

export class VerifiedHashes {
  private readonly entries = new Map<string, Entry>();
  private eventsSincePass = 0;
  /** Paths with an event since the running pass began (undefined between passes). */
  private duringPass: string[] | undefined;

  constructor(
    /** Whether a change at `abs` reaches `changed` (the host's watcher covers it). */
    private readonly watched: (abs: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** A file-system event (created, changed or deleted) at `abs`. */
  changed(abs: string): void {
    this.eventsSincePass++;
    this.duringPass?.push(abs);
    if (path.basename(abs) === '.dvcignore') return this.clear();
    for (const [key, e] of this.entries) if (overlaps(e.abs, abs)) this.entries.delete(key);
  }

  /** Forget every entry: the next pass verifies every file. */
  clear(): void {
    this.entries.clear();
  }

  /** Starts a status pass (one at a time): what it may reuse and store. */
  beginPass(): VerifiedPass {
    if (this.eventsSincePass > BURST) this.clear();
    this.eventsSincePass = 0;
    const during: string[] = [];
    this.duringPass = during;
    const oldest = this.now() - MAX_AGE_MS;
    return {
      get: (key) => {
        const e = this.entries.get(key);
        if (e && e.at < oldest) this.entries.delete(key);
        return e && e.at >= oldest ? e.hash : undefined;
      },
      remember: (key, abs, hash) => {
        if (!this.watched(abs) || during.some((changed) => overlaps(abs, changed))) return;
        this.entries.set(key, { abs, hash, at: this.now() });
      },
      end: () => {
        if (this.duringPass === during) this.duringPass = undefined;
      },
    };
  }
}
