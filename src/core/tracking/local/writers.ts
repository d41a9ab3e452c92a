// Writer markers: how the index knows which runs may have grown since it was written, without locks and
// without a stat of every run. A process creates `writers/<run>~<host>~<pid>` before its first append to
// a run, and renames it to `…~closed-<unique>` when it ends the run (unique, so a reader deleting a closed
// marker it has handled can never delete a newer one of the same writer). A reader re-checks every marked run; it drops
// a marker only once its writer is provably done (closed, or its pid is dead on this host) and the
// index holding that writer's last append is on disk. A SIGKILLed writer leaves its marker behind,
// which is exactly what makes its last appends visible.
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Marker {
  file: string;
  runId: string;
  host: string;
  pid: number;
  closed: boolean;
}

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host';

function liveName(runId: string): string {
  return `${runId}~${HOST}~${process.pid}`;
}

/** Live markers this process holds, process-wide: two store objects on one folder share them. */
const held = new Set<string>();

/** Makes sure this process has a live marker for `runId` before it appends to the run. */
export function openMarker(writersDir: string, runId: string): void {
  const live = join(writersDir, liveName(runId));
  if (held.has(live)) return;
  fs.mkdirSync(writersDir, { recursive: true });
  fs.closeSync(fs.openSync(live, 'a'));
  held.add(live);
}

/** Declares that this process has finished writing `runId` (the next append opens a marker again). */
export function closeMarker(writersDir: string, runId: string): void {
  const live = join(writersDir, liveName(runId));
  if (!held.delete(live)) return;
  try {
    fs.renameSync(live, `${live}~closed-${randomBytes(6).toString('hex')}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export async function listMarkers(writersDir: string): Promise<Marker[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(writersDir);
  } catch {
    return [];
  }
  const out: Marker[] = [];
  for (const name of names) {
    const m = /^([0-9a-f]{32})~([^~]+)~(\d+)(~closed-[0-9a-f]+)?$/.exec(name);
    if (m)
      out.push({
        file: join(writersDir, name),
        runId: m[1]!,
        host: m[2]!,
        pid: Number(m[3]),
        closed: m[4] !== undefined,
      });
  }
  return out;
}

/** True when the marker's writer can append no more: closed, or dead. A pid on another host is assumed alive. */
export function writerDone(m: Marker): boolean {
  if (m.closed) return true;
  if (m.host !== HOST) return false;
  try {
    process.kill(m.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function removeMarker(m: Marker): Promise<void> {
  await fs.promises.rm(m.file, { force: true });
}
