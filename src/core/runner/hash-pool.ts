// md5 of many files on every core: a small pool of worker threads, each reading and hashing whole files.
// One thread hashes at most ~600 MB/s; a cold status over gigabytes of data wants all of them. The worker
// source is inline so the pool works the same from sources (tsx) and from the esbuild bundles.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, path }) => {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
    const hash = crypto.createHash('md5');
    let bytes = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    parentPort.postMessage({ id, md5: hash.digest('hex'), bytes });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message) });
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
});
`;

const IDLE_MS = 10_000;

interface Job {
  path: string;
  resolve(r: { md5: string; bytes: number }): void;
  reject(err: Error): void;
}

type Reply = { id: number; md5: string; bytes: number } | { id: number; error: string };

class Slot {
  readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  job: Job | undefined;
  constructor() {
    // Idle workers must not keep the process alive.
    this.worker.unref();
  }
}

export class HashPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  md5(path: string): Promise<{ md5: string; bytes: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ path, resolve, reject });
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
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === undefined);
      if (!slot && this.slots.length < this.size) {
        slot = this.spawn();
      }
      if (!slot) break;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: this.nextId++, path: job.path });
    }
    // A long-lived host (the extension) gives the threads back after a while without work.
    if (this.queue.length === 0 && this.slots.every((s) => s.job === undefined) && this.slots.length > 0) {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private spawn(): Slot {
    const slot = new Slot();
    slot.worker.on('message', (reply: Reply) => {
      const job = slot.job;
      slot.job = undefined;
      slot.worker.unref();
      if (job) {
        if ('error' in reply) job.reject(new Error(`cannot hash ${job.path}: ${reply.error}`));
        else job.resolve({ md5: reply.md5, bytes: reply.bytes });
      }
      this.dispatch();
    });
    slot.worker.on('error', (err) => {
      // A crashed worker fails its job and is replaced on the next dispatch.
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.job?.reject(err);
      slot.job = undefined;
      this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }
}
