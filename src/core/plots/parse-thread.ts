// A second thread for `plots diff --json`: it parses some of the CSV/TSV/JSON data files (data-text.ts) while this
// thread parses the others and reads the next revision's definitions, then writes the `--json` rows of the blocks
// whose files it parsed (json-split.ts puts them in place): parsing and writing rows are most of the command's work
// after Node's own start. A file goes to whichever thread was given fewer bytes so far, and a file of the same name
// in a later revision goes where the first went (the two revisions of a plot file are alike: each thread then
// parses one kind of file, its code warm the second time).
// What comes back is what parseDataFile gives here, rebuilt over this thread's own copy of the bytes; a file the
// thread cannot answer for (it failed to start, stopped, or its parse threw) is parsed here instead, so every
// result and every exception is the single-thread one. A file or block the thread has not begun when this one has
// nothing else to do is taken back (each one's claim is a shared word both threads swap atomically), and rows after
// the last piece of a block the thread stopped writing are written here. The thread never keeps the process alive
// while idle. It is started only when a core is free for it (coreToSpare): on a machine whose cores are all busy,
// its start-up (some 25 ms of CPU) and its share of the cores cost more than it saves.
//
// The thread runs parse-worker.ts: from the bundles, its own small bundle dist/plots-parser.js beside this code's;
// from the TypeScript sources (tests run them through tsx), the source file, with tsx's loader required first
// (a worker does not inherit the loader of the thread that starts it), as core/drift/read-threads.ts does.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataContent, DataResult, Datum } from './data-files';
import { jsonDocument, parseTextData } from './data-text';
import type { JsonOutline } from './json-outline';
import type { JsonPiece } from './json-pieces';
import type { RowBlock } from './row-blocks';
import { rowCount, type RowSource, type Table } from './row-source';

export interface ParseRequest {
  id: number;
  file: string;
  /** The file's bytes: a copy of their own, transferred. */
  bytes: Uint8Array;
  /** Who parses the file, swapped once from QUEUED on a SharedArrayBuffer: ON_THREAD or TAKEN_BACK. */
  claim: Int32Array;
  header: boolean;
  outline: boolean;
}

/** A DataResult without the file's bytes (the asking thread has them) or a document's value (parsed on demand). */
export type SentContent =
  | (Omit<Table, 'bytes'> & { ownBytes: boolean })
  | { kind: 'document'; outline?: Omit<JsonOutline, 'bytes'> };

export type ParseReply =
  | {
      id: number;
      result: { ok: true; content: SentContent } | Extract<DataResult, { ok: false }>;
    }
  | { id: number; failed: true };

/** A block's rows to write as rowsWriter writes them; its row sources named by the parse requests that gave them. */
export interface RowsItem {
  key: number;
  claim: Int32Array;
  rows: number;
  xFrom?: { rows: number; field: string; as: string };
  index: boolean;
  inferredY?: string;
  constant: Datum;
  listed: boolean;
}

export interface RowsRequest {
  items: RowsItem[];
}

/** A piece of an item's rows and the row after it, or the item failed there (no more pieces come). */
export type RowsReply =
  | { key: number; piece: { bytes: Uint8Array; clean: boolean }; next: number }
  | { key: number; failed: true };

export const QUEUED = 0;
export const ON_THREAD = 1;
const TAKEN_BACK = 2;

const FROM_SOURCES = __filename.endsWith('.ts');

function workerSource(): string {
  const entry = FROM_SOURCES ? join(__dirname, 'parse-worker.ts') : join(__dirname, 'plots-parser.js');
  const loader = FROM_SOURCES ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : '';
  return `${loader}require(${JSON.stringify(entry)});`;
}

/**
 * Whether a core is free for a second thread now: fewer tasks ready to run (Linux's /proc/loadavg, this one included)
 * than cores. Where that count cannot be read, whether there are two cores at all.
 */
export function coreToSpare(): boolean {
  const cores = availableParallelism();
  if (cores < 2) return false;
  try {
    const runnable = Number(/^\S+ \S+ \S+ (\d+)\//.exec(readFileSync('/proc/loadavg', 'utf8'))?.[1]);
    return Number.isNaN(runnable) || runnable < cores;
  } catch {
    return true;
  }
}

interface Pending {
  claim: Int32Array;
  file: string;
  bytes: Buffer;
  header: boolean;
  outline: boolean;
  resolve(result: DataResult): void;
  reject(err: unknown): void;
}

/** A block's rows being written on the thread: the pieces arrived and not yet taken, and how far they reach. */
export class ThreadRows {
  readonly pieces: JsonPiece[] = [];
  /** The row after the last piece that arrived. */
  next = 0;
  /** No more pieces come (the thread failed or stopped): rows from `next` on are to be written here. */
  ended = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly key: number,
    readonly block: RowBlock,
    readonly claim: Int32Array,
  ) {}

  /** Every row arrived. */
  get done(): boolean {
    return this.next >= rowCount(this.block.rows);
  }

  /** Settles when a piece arrives or the thread ends the block. */
  changed(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** A reply or the end of the thread arrived. */
  moved(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

export class ParseThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** The parse request behind each row source parsed on the thread (a table, or a JSON file's bytes). */
  private readonly requests = new WeakMap<object, number>();
  /** Blocks being written on the thread, by key. */
  private readonly writing = new Map<number, ThreadRows>();
  /** Where each file name went (true: the thread), and the bytes each side was given. */
  private readonly sides = new Map<string, boolean>();
  private given = 0;
  private kept = 0;

  /** Starts the thread now (it boots while this one works); parse() falls back to this thread if it cannot. */
  constructor() {
    try {
      // No inherited Node options: a host's own flags (a profiler's) are not the parser's.
      const worker = new Worker(workerSource(), { eval: true, execArgv: [] });
      worker.unref();
      worker.on('message', (reply: ParseReply | RowsReply) =>
        'key' in reply ? this.wrote(reply) : this.answered(reply),
      );
      worker.on('error', () => this.stopped());
      worker.on('exit', () => this.stopped());
      this.worker = worker;
    } catch {
      this.worker = undefined;
    }
  }

  /**
   * Whether the thread should parse `file` (a CSV/TSV/JSON file of `size` bytes; the caller parses it otherwise):
   * where the same name went before, else to the side given fewer bytes so far.
   */
  takes(file: string, size: number): boolean {
    let onThread = this.sides.get(file);
    if (onThread === undefined) {
      onThread = this.worker !== undefined && this.given <= this.kept;
      this.sides.set(file, onThread);
    }
    if (onThread) this.given += size;
    else this.kept += size;
    return onThread;
  }

  /** parseTextData(file, bytes, header, outline), on the thread. */
  parse(file: string, bytes: Buffer, header: boolean, outline: boolean): Promise<DataResult> {
    return new Promise<DataResult>((resolve, reject) => {
      const claim = new Int32Array(new SharedArrayBuffer(4));
      const job: Pending = { claim, file, bytes, header, outline, resolve, reject };
      const worker = this.worker;
      if (!worker) return here(job);
      const id = this.nextId++;
      this.pending.set(id, job);
      // Waiting for an answer keeps the process alive; an idle thread does not.
      worker.ref();
      const own = new Uint8Array(bytes);
      const request: ParseRequest = { id, file, bytes: own, claim, header, outline };
      worker.postMessage(request, [own.buffer]);
    });
  }

  /** The files the thread has not begun, parsed here now (this thread would only wait for them). */
  takeBack(): void {
    for (const [id, job] of this.pending)
      if (Atomics.compareExchange(job.claim, 0, QUEUED, TAKEN_BACK) === QUEUED) {
        this.pending.delete(id);
        here(job);
      }
    this.idle();
  }

  /** Whether the thread holds every row source of `block` (it parsed their files): it can write the block's rows. */
  holds(block: RowBlock): boolean {
    return (
      this.worker !== undefined &&
      rowCount(block.rows) > 0 &&
      this.requestOf(block.rows) !== undefined &&
      (block.xFrom === undefined || this.requestOf(block.xFrom.rows) !== undefined)
    );
  }

  /** The blocks' rows (each held: `holds`), written on the thread in this order; `listed` as rowsWriter's. */
  writeRows(blocks: readonly { block: RowBlock; listed: boolean }[]): ThreadRows[] {
    const items: RowsItem[] = [];
    const rows = blocks.map(({ block, listed }) => {
      const claim = new Int32Array(new SharedArrayBuffer(4));
      const key = this.nextId++;
      const { xFrom, index, inferredY, constant } = block;
      items.push({
        key,
        claim,
        rows: this.requestOf(block.rows)!,
        ...(xFrom ? { xFrom: { rows: this.requestOf(xFrom.rows)!, field: xFrom.field, as: xFrom.as } } : {}),
        index,
        ...(inferredY === undefined ? {} : { inferredY }),
        constant,
        listed,
      });
      const written = new ThreadRows(key, block, claim);
      this.writing.set(key, written);
      return written;
    });
    if (items.length > 0) {
      this.worker?.ref();
      this.worker?.postMessage({ items } satisfies RowsRequest);
    }
    return rows;
  }

  /** Whether `rows` were taken back (the thread had not begun them): they are then all written here. */
  takeBackRows(rows: ThreadRows): boolean {
    if (Atomics.compareExchange(rows.claim, 0, QUEUED, TAKEN_BACK) !== QUEUED) return false;
    this.writing.delete(rows.key);
    this.idle();
    return true;
  }

  /** Stops the thread (nothing more is parsed on it). */
  close(): void {
    const worker = this.worker;
    this.stopped();
    void worker?.terminate();
  }

  private requestOf(rows: RowSource): number | undefined {
    const key = rows.kind === 'table' ? rows : rows.spans?.bytes;
    return key === undefined ? undefined : this.requests.get(key);
  }

  private answered(reply: ParseReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    this.idle();
    if ('failed' in reply) return here(job);
    if (!reply.result.ok) return job.resolve(reply.result);
    const content = rebuilt(reply.result.content, job.bytes);
    // A table is its own row source; a JSON file's rows are found by its bytes (datapointsOf's spans).
    this.requests.set(content.kind === 'table' ? content : job.bytes, reply.id);
    job.resolve({ ok: true, content });
  }

  private wrote(reply: RowsReply): void {
    const rows = this.writing.get(reply.key);
    if (!rows) return;
    if ('failed' in reply) rows.ended = true;
    else {
      rows.pieces.push(reply.piece);
      rows.next = reply.next;
    }
    if (rows.ended || rows.done) this.writing.delete(reply.key);
    this.idle();
    rows.moved();
  }

  /** Nothing asked of the thread is still awaited: it no longer keeps the process alive. */
  private idle(): void {
    if (this.pending.size === 0 && this.writing.size === 0) this.worker?.unref();
  }

  /** The thread is gone: what it was asked to parse is parsed here, and the rows it did not write are written here. */
  private stopped(): void {
    this.worker = undefined;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) here(job);
    const rows = [...this.writing.values()];
    this.writing.clear();
    for (const r of rows) {
      r.ended = true;
      r.moved();
    }
  }
}

function here(job: Pending): void {
  try {
    job.resolve(parseTextData(job.file, job.bytes, job.header, job.outline));
  } catch (err) {
    job.reject(err);
  }
}

/** The content as sent (sendable), over the bytes this thread holds (a document's values read from them). */
function rebuilt(sent: SentContent, bytes: Buffer): DataContent {
  if (sent.kind === 'document') return jsonDocument(bytes, sent.outline && { ...sent.outline, bytes });
  const { ownBytes, ...table } = sent;
  return ownBytes ? { ...table, bytes } : table;
}

/**
 * The parse thread's answer for a result (parse-worker.ts): copied, not moved, since the thread keeps the result to
 * write its rows later.
 */
export function sendable(id: number, result: DataResult): ParseReply {
  if (!result.ok) return { id, result };
  const content = result.content;
  let sent: SentContent;
  if (content.kind === 'table') {
    const { bytes, ...table } = content;
    sent = { ...table, ownBytes: bytes !== undefined };
  } else if (content.kind === 'document') {
    const outline = content.outline && { empty: content.outline.empty, lists: content.outline.lists };
    sent = { kind: 'document', ...(outline ? { outline } : {}) };
  } else throw new Error('the parse thread reads CSV, TSV and JSON files only');
  return { id, result: { ok: true, content: sent } };
}
