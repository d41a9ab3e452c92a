// index.json: every run's summary state (without stages/outputs) and the log offset it covers, so a list
// of 10k runs is one file read instead of 10k. It is a cache that can always be rebuilt from the logs.
//
// Staying right without locks. An entry is current iff its offset equals the run's log size (logs only
// grow, so the size is the run's generation). Which runs may have grown is told by writer markers
// (writers.ts); runs created or removed behind our back change the runs/ folder's link count or mtime.
// A refresh therefore: (1) lists markers, deciding which writers are done, (2) reads the index,
// (3) re-folds marked and new runs from their entry's offset, (4) writes the index atomically if it
// changed, and only then (5) deletes the markers of done writers. Reading markers before the index
// means a marker deleted by a concurrent reader was deleted after that reader's index (which holds the
// run's final state) was already on disk — so no append is ever forgotten.
import * as fs from 'node:fs';
import { writeFileAtomic } from '../../atomic-file';
import type { RunSnap } from './fold';
import type { Layout } from './layout';
import { RUN_ID } from './layout';
import { foldTail, logSize, readSummary, type Snapshot } from './snapshot';
import { listMarkers, removeMarker, writerDone } from './writers';

/** What the index keeps of a run: everything but outputs and stages (not needed to list). */
export type IndexSnap = Omit<RunSnap, 'outputs' | 'stages'>;

interface IndexEntry {
  o: number;
  s: IndexSnap;
}

interface IndexFile {
  format: 1;
  /** Link count and mtime of runs/ when the run set was last reconciled with its listing. */
  runsDir: { nlink: number; mtimeMs: number };
  runs: Record<string, IndexEntry>;
}

/** Persist an index that only live runs' tails changed once this many bytes were folded into it. */
const INDEX_REFRESH_BYTES = 64 * 1024;

export class RunIndex {
  private cached: { file: IndexFile; identity: string } | undefined;

  constructor(private readonly layout: Layout) {}

  /** Every run's current summary state. */
  current(): IndexSnap[] {
    const markers = listMarkers(this.layout.writersDir).map((m) => ({ m, done: writerDone(m) }));
    const file = this.load();
    let dirtyRuns = false;
    let tailBytes = 0;

    const toRefresh = new Set(markers.map(({ m }) => m.runId));
    const runsStat = fs.statSync(this.layout.runsDir, { throwIfNoEntry: false });
    const runsDir = { nlink: runsStat?.nlink ?? 0, mtimeMs: runsStat?.mtimeMs ?? 0 };
    if (runsDir.nlink !== file.runsDir.nlink || runsDir.mtimeMs !== file.runsDir.mtimeMs) {
      const present = new Set(runsStat ? fs.readdirSync(this.layout.runsDir).filter((n) => RUN_ID.test(n)) : []);
      for (const id of present) if (!file.runs[id]) toRefresh.add(id);
      for (const id of Object.keys(file.runs)) if (!present.has(id)) delete file.runs[id];
      file.runsDir = runsDir;
      dirtyRuns = true;
    }

    for (const id of toRefresh) {
      const entry = file.runs[id];
      const size = logSize(this.layout, id);
      if (size === undefined) {
        if (entry) dirtyRuns = true;
        delete file.runs[id];
        continue;
      }
      if (entry?.o === size) continue;
      const fresh = this.refresh(id, entry, size);
      if (!fresh) continue; // not a run (yet): no valid first record
      if (!entry) dirtyRuns = true;
      tailBytes += fresh.o - (entry?.o ?? 0);
      file.runs[id] = fresh;
    }

    const doneMarkers = markers.filter((x) => x.done).map((x) => x.m);
    if (dirtyRuns || doneMarkers.length > 0 || tailBytes >= INDEX_REFRESH_BYTES) {
      try {
        this.save(file);
        for (const m of doneMarkers) removeMarker(m);
      } catch {
        // A read-only store still lists (from memory); markers stay until an index with their runs is on disk.
      }
    }
    return Object.values(file.runs).map((e) => e.s);
  }

  /** Drops the cached copy and the file, so the next `current()` rebuilds from the logs. */
  rebuild(): IndexSnap[] {
    this.cached = undefined;
    fs.rmSync(this.layout.index, { force: true });
    return this.current();
  }

  private refresh(id: string, entry: IndexEntry | undefined, size: number): IndexEntry | undefined {
    const summary = readSummary(this.layout, id);
    let base: Snapshot | undefined;
    if (summary && summary.o <= size && summary.o >= (entry?.o ?? 0)) base = summary;
    else if (entry && entry.o <= size) base = { o: entry.o, s: { ...entry.s, outputs: [], stages: [] } };
    const snap = foldTail(this.layout, id, base);
    if (!snap) return undefined;
    const { outputs: _o, stages: _s, ...s } = snap.s;
    return { o: snap.o, s };
  }

  private load(): IndexFile {
    const st = fs.statSync(this.layout.index, { bigint: true, throwIfNoEntry: false });
    const identity = st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : '';
    if (this.cached?.identity === identity && identity !== '') return this.cached.file;
    let file: IndexFile | undefined;
    if (st) {
      try {
        const v = JSON.parse(fs.readFileSync(this.layout.index, 'utf8')) as IndexFile;
        if (v.format === 1 && typeof v.runs === 'object' && typeof v.runsDir === 'object') file = v;
      } catch {
        // unreadable: rebuilt below, from the logs
      }
    }
    file ??= { format: 1, runsDir: { nlink: -1, mtimeMs: -1 }, runs: {} };
    this.cached = { file, identity };
    return file;
  }

  private save(file: IndexFile): void {
    writeFileAtomic(this.layout.index, JSON.stringify(file));
    const st = fs.statSync(this.layout.index, { bigint: true });
    this.cached = { file, identity: `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` };
  }
}
