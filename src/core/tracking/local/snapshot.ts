// Bringing a run's state up to date: the last snapshot (summary.json) plus a fold of the log tail after it.
// summary.json is only a cache: if it is missing, stale or unreadable, the log alone gives the same answer.
// Every read is asynchronous: the editor's extension host calls these on its only thread.
import * as fs from 'node:fs';
import { readJsonFileAsync, writeFileAtomicAsync } from '../../atomic-file';
import { applyRecord, startSnap, type RunSnap } from './fold';
import { scanLines } from './jsonl';
import type { Layout } from './layout';
import { parseRecord } from './records';

/** A run's state and the log offset (a line boundary) it covers. */
export interface Snapshot {
  o: number;
  s: RunSnap;
}

/** Rewrite summary.json once a reader has had to fold this many bytes of tail. */
const SUMMARY_REFRESH_BYTES = 256 * 1024;

/** Folds the log from `base` (or from the start) to its last complete line; undefined if the run has no valid `run` record. */
export async function foldTail(layout: Layout, id: string, base: Snapshot | undefined): Promise<Snapshot | undefined> {
  let snap = base ? structuredClone(base.s) : undefined;
  const end = await scanLines(layout.runLog(id), base?.o ?? 0, (buf, start, stop) => {
    const rec = parseRecord(buf, start, stop);
    if (!rec) return true; // a torn line from a killed writer
    if (snap) applyRecord(snap, rec);
    else if (rec.t === 'run' && rec.id === id) snap = startSnap(rec);
    return true;
  });
  return snap && { o: end, s: snap };
}

export async function readSummary(layout: Layout, id: string): Promise<Snapshot | undefined> {
  const v = (await readJsonFileAsync(layout.runSummary(id))) as
    | { format?: unknown; o?: unknown; s?: { id?: unknown } }
    | undefined;
  if (v?.format !== 1 || typeof v.o !== 'number' || v.s?.id !== id) return undefined;
  return { o: v.o, s: v.s as RunSnap };
}

export async function logSize(layout: Layout, id: string): Promise<number | undefined> {
  try {
    return (await fs.promises.stat(layout.runLog(id))).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw err;
  }
}

/** The run's current state (undefined if there is no such run), refreshing summary.json when it lags far behind. */
export async function currentSnapshot(layout: Layout, id: string): Promise<Snapshot | undefined> {
  const size = await logSize(layout, id);
  if (size === undefined) return undefined;
  const base = await readSummary(layout, id);
  if (base && base.o === size) return base;
  const snap = await foldTail(layout, id, base && base.o < size ? base : undefined);
  if (snap && snap.o - (base?.o ?? 0) >= SUMMARY_REFRESH_BYTES) {
    await writeFileAtomicAsync(layout.runSummary(id), [JSON.stringify({ format: 1, o: snap.o, s: snap.s })]);
  }
  return snap;
}
