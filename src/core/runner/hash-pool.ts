// md5 of many files on every core: a small pool of worker threads, each reading and hashing whole files.
// One thread hashes at most ~650 MB/s; a cold status over gigabytes of data wants all of them. Files go to a
// worker in batches (one message per batch, not per file: a data folder holds tens of thousands of small files), formed
// when a worker is free from every caller's queued files.
// Two workers per core, so that on a cold disk some read while others hash: one per core was tried (a worker takes
// 30–50 ms of CPU to boot, and with files in the page cache the extra ones only take turns), and on a quiet
// two-core machine it made a status with the page cache dropped 3.58 s instead of 2.51 s for 0.06 s gained with
// the files cached. A caller that knows it is about to hash much starts the workers early (start()), so that
// they boot on the idle cores while its own thread still lists folders. The worker source is inline so the pool
// works the same from sources (tsx) and from the esbuild bundles.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const buf = Buffer.allocUnsafe(1 << 20);
function md5(path) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
    const hash = crypto.createHash('md5');
    let bytes = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    return { md5: hash.digest('hex'), bytes };
  } catch (err) {
    return { error: String(err && err.message) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
parentPort.on('message', ({ id, paths }) => parentPort.postMessage({ id, results: paths.map(md5) }));
`;

const IDLE_MS = 10_000;
/**
 * Most files per message to a worker: enough that the hand-off is not the cost (each message wakes a thread; 800 of
 * them were 55 ms of the main thread's 435 in a cold status over 20,000 files), few enough to spread the work.
 */
const BATCH_FILES = 128;

export type FileMd5 = { md5: string; bytes: number } | { error: string };

/** One caller's files: settled when every one of them has its result. */
interface Request {
  readonly paths: readonly string[];
  readonly results: FileMd5[];
  /** How many of its files are not yet queued for a worker. */
  next: number;
  /** How many of its files have no result yet. */
  left: number;
  resolve(results: FileMd5[]): void;
  reject(err: Error): void;
}

/** Files of one request that went to a worker in one message: `count` of them from index `from`. */
interface Part {
  request: Request;
  from: number;
  count: number;
}

class Slot {
  readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  job: Part[] | undefined;
}

export class HashPool {
  private readonly slots: Slot[] = [];
  /** Requests with files not yet sent to a worker, oldest first. */
  private readonly queue: Request[] = [];
  /** Files waiting in `queue`. */
  private queued = 0;
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(readonly size = Math.max(2, Math.min(8, 2 * availableParallelism()))) {}

  /** Boots every worker now, before there is work, so that their start overlaps the caller's own. */
  start(): void {
    while (this.slots.length < this.size) this.spawn();
    this.dispatch();
  }

  /**
   * md5 of each file, in order; a file that cannot be read gets its error, the others still their hash. Files of
   * every caller wait in one queue and go to a worker when it is free, as many at once as keeps each busy: a fair
   * share of what is queued (so that near the end all finish together), at most BATCH_FILES.
   */
  md5Files(paths: readonly string[]): Promise<FileMd5[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ paths, results: new Array(paths.length), next: 0, left: paths.length, resolve, reject });
      this.queued += paths.length;
      this.dispatch();
    });
  }

  /** Stops the workers (the pool can be used again afterwards; it starts new ones). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    while (this.queued > 0) {
      let slot = this.slots.find((s) => s.job === undefined);
      if (!slot && this.slots.length < this.size) {
        slot = this.spawn();
      }
      if (!slot) break;
      const { parts, paths } = this.take(Math.min(BATCH_FILES, Math.ceil(this.queued / this.size)));
      slot.job = parts;
      slot.worker.ref();
      slot.worker.postMessage({ id: this.nextId++, paths });
    }
    // A long-lived host (the extension) gives the threads back after a while without work.
    if (this.queued === 0 && this.slots.every((s) => s.job === undefined) && this.slots.length > 0) {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  /** The next `n` queued files (fewer when fewer wait), across requests in order. */
  private take(n: number): { parts: Part[]; paths: string[] } {
    const parts: Part[] = [];
    const paths: string[] = [];
    while (paths.length < n && this.queue.length > 0) {
      const request = this.queue[0] as Request;
      const count = Math.min(n - paths.length, request.paths.length - request.next);
      parts.push({ request, from: request.next, count });
      for (let i = 0; i < count; i++) paths.push(request.paths[request.next + i] as string);
      request.next += count;
      if (request.next === request.paths.length) this.queue.shift();
    }
    this.queued -= paths.length;
    return { parts, paths };
  }

  /** Settles `request` with `err`; its files not yet sent to a worker are not sent. */
  private fail(request: Request, err: Error): void {
    const at = this.queue.indexOf(request);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.queued -= request.paths.length - request.next;
    }
    request.reject(err);
  }

  private spawn(): Slot {
    const slot = new Slot();
    slot.worker.on('message', (reply: { id: number; results: FileMd5[] }) => {
      const parts = slot.job ?? [];
      slot.job = undefined;
      slot.worker.unref();
      let at = 0;
      for (const { request, from, count } of parts) {
        for (let i = 0; i < count; i++) request.results[from + i] = reply.results[at++] as FileMd5;
        request.left -= count;
        if (request.left === 0) request.resolve(request.results);
      }
      this.dispatch();
    });
    slot.worker.on('error', (err) => {
      // A crashed worker fails the requests it held files of (a request settles once: later calls do nothing);
      // it is replaced on the next dispatch.
      this.slots.splice(this.slots.indexOf(slot), 1);
      for (const { request } of slot.job ?? []) this.fail(request, err);
      slot.job = undefined;
      this.dispatch();
    });
    // Idle workers must not keep the process alive. After the listeners: adding a 'message' listener refs it again.
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }
}
