// index.jsonl: every run's summary state (without stages/outputs) and the log offset it covers, so a list
// of 10k runs is one file read instead of 10k. It is a cache that can always be rebuilt from the logs.
// One line per run (after a header line), so it is read and written a slice at a time: a 10k-run index is
// ≈4 MB, and one JSON.parse of it would hold the editor's thread for tens of milliseconds.
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
import * as path from 'node:path';
import { writeFileAtomicAsync } from '../../atomic-file';
import { BoundedCache, CACHE_LIMITS } from '../../bounded-cache';
import type { RunSnap } from './fold';
import { scanLines } from './jsonl';
import type { Layout } from './layout';
import { RUN_ID } from './layout';
import { foldTail, logSize, readSummary, type Snapshot } from './snapshot';
import { TimeSlice } from './time-slice';
import { listMarkers, removeMarker, writerDone } from './writers';

/** What the index keeps of a run: everything but outputs and stages (not needed to list). */
export type IndexSnap = Omit<RunSnap, 'outputs' | 'stages'>;

interface IndexEntry {
  o: number;
  s: IndexSnap;
}

interface RunsDirStamp {
  nlink: number;
  mtimeMs: number;
}

interface IndexFile {
  /** Link count and mtime of runs/ when the run set was last reconciled with its listing. */
  runsDir: RunsDirStamp;
  runs: Map<string, IndexEntry>;
}

/** The header line; an index of another format is rebuilt from the logs. */
const FORMAT = 2;
const EMPTY_RUNS_DIR: RunsDirStamp = { nlink: -1, mtimeMs: -1 };
/** The index is written in parts of about this many characters, each encoded in a turn of its own. */
const SAVE_PART_CHARS = 256 * 1024;

/** Persist an index that only live runs' tails changed once this many bytes were folded into it. */
const INDEX_REFRESH_BYTES = 64 * 1024;

const indexes = new BoundedCache<string, RunIndex>(CACHE_LIMITS.storeIndexes);

/**
 * The one index object of a store folder in this process. The editor opens the store anew on every refresh;
 * sharing the parsed index means a refresh where nothing changed reads no file but a stat.
 */
export function runIndexOf(layout: Layout): RunIndex {
  const key = path.resolve(layout.root);
  let index = indexes.get(key);
  if (!index) {
    index = new RunIndex(layout);
    indexes.set(key, index);
  }
  return index;
}

export class RunIndex {
  private cached: { file: IndexFile; identity: string } | undefined;
  /** Refreshes run one after another: each reads markers, then the index, then may save and drop markers. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly layout: Layout) {}

  /** Every run's current summary state. */
  current(): Promise<IndexSnap[]> {
    return this.serial(() => this.refreshAll());
  }

  /** Drops the cached copy and the file, so the next `current()` rebuilds from the logs. */
  async rebuild(): Promise<IndexSnap[]> {
    await this.serial(async () => {
      this.cached = undefined;
      await fs.promises.rm(this.layout.index, { force: true });
    });
    return this.current();
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const done = this.queue.then(step);
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async refreshAll(): Promise<IndexSnap[]> {
    const markers = (await listMarkers(this.layout.writersDir)).map((m) => ({ m, done: writerDone(m) }));
    const file = await this.load();
    let dirtyRuns = false;
    let tailBytes = 0;

    const toRefresh = new Set(markers.map(({ m }) => m.runId));
    const runsStat = await fs.promises.stat(this.layout.runsDir).catch(() => undefined);
    const runsDir = { nlink: runsStat?.nlink ?? 0, mtimeMs: runsStat?.mtimeMs ?? 0 };
    if (runsDir.nlink !== file.runsDir.nlink || runsDir.mtimeMs !== file.runsDir.mtimeMs) {
      const present = new Set(
        runsStat ? (await fs.promises.readdir(this.layout.runsDir)).filter((n) => RUN_ID.test(n)) : [],
      );
      for (const id of present) if (!file.runs.has(id)) toRefresh.add(id);
      for (const id of file.runs.keys()) if (!present.has(id)) file.runs.delete(id);
      file.runsDir = runsDir;
      dirtyRuns = true;
    }

    for (const id of toRefresh) {
      const entry = file.runs.get(id);
      const size = await logSize(this.layout, id);
      if (size === undefined) {
        if (entry) dirtyRuns = true;
        file.runs.delete(id);
        continue;
      }
      if (entry?.o === size) continue;
      const fresh = await this.refresh(id, entry, size);
      if (!fresh) continue; // not a run (yet): no valid first record
      if (!entry) dirtyRuns = true;
      tailBytes += fresh.o - (entry?.o ?? 0);
      file.runs.set(id, fresh);
    }

    const doneMarkers = markers.filter((x) => x.done).map((x) => x.m);
    if (dirtyRuns || doneMarkers.length > 0 || tailBytes >= INDEX_REFRESH_BYTES) {
      try {
        await this.save(file);
        for (const m of doneMarkers) await removeMarker(m);
      } catch {
        // A read-only store still lists (from memory); markers stay until an index with their runs is on disk.
      }
    }
    return Array.from(file.runs.values(), (e) => e.s);
  }

  private async refresh(id: string, entry: IndexEntry | undefined, size: number): Promise<IndexEntry | undefined> {
    const summary = await readSummary(this.layout, id);
    let base: Snapshot | undefined;
    if (summary && summary.o <= size && summary.o >= (entry?.o ?? 0)) base = summary;
    else if (entry && entry.o <= size) base = { o: entry.o, s: { ...entry.s, outputs: [], stages: [] } };
    const snap = await foldTail(this.layout, id, base);
    if (!snap) return undefined;
    const { outputs: _o, stages: _s, ...s } = snap.s;
    return { o: snap.o, s };
  }

  private async load(): Promise<IndexFile> {
    const st = await fs.promises.stat(this.layout.index, { bigint: true }).catch(() => undefined);
    const identity = st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : '';
    if (this.cached?.identity === identity && identity !== '') return this.cached.file;
    const file = (st && (await readIndex(this.layout.index))) ?? {
      runsDir: EMPTY_RUNS_DIR,
      runs: new Map(),
    };
    this.cached = { file, identity };
    return file;
  }

  private async save(file: IndexFile): Promise<void> {
    const parts: string[] = [];
    let part = JSON.stringify({ format: FORMAT, runsDir: file.runsDir, count: file.runs.size }) + '\n';
    const slice = new TimeSlice();
    for (const [id, e] of file.runs) {
      part += JSON.stringify({ id, o: e.o, s: e.s }) + '\n';
      if (part.length >= SAVE_PART_CHARS) {
        parts.push(part);
        part = '';
      }
      if (slice.due()) await slice.yield();
    }
    parts.push(part);
    await writeFileAtomicAsync(this.layout.index, parts);
    const st = await fs.promises.stat(this.layout.index, { bigint: true });
    this.cached = { file, identity: `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` };
  }
}

/** The index on disk, or undefined if it is not a whole index of this format (then it is rebuilt from the logs). */
async function readIndex(path: string): Promise<IndexFile | undefined> {
  let file: IndexFile | undefined;
  let count = -1;
  let whole = true;
  await scanLines(path, 0, (buf, start, end) => {
    let v: { format?: unknown; runsDir?: RunsDirStamp; count?: unknown; id?: unknown; o?: unknown; s?: unknown };
    try {
      v = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      whole = false; // written by rename, so never torn: a hand edit or another program's file
      return false;
    }
    if (!file) {
      if (v.format !== FORMAT || typeof v.runsDir !== 'object' || v.runsDir === null || typeof v.count !== 'number')
        return (whole = false);
      file = { runsDir: v.runsDir, runs: new Map() };
      count = v.count;
    } else if (typeof v.id === 'string' && typeof v.o === 'number' && typeof v.s === 'object' && v.s !== null) {
      file.runs.set(v.id, { o: v.o, s: v.s as IndexSnap });
    } else return (whole = false);
    return true;
  });
  // Replaced by rename, so never cut short by us; one that lacks lines was cut by something else: not trusted.
  return whole && file?.runs.size === count ? file : undefined;
}
