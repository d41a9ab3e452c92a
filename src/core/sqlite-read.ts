// Reads every row of one table of an SQLite database file, without SQLite: enough of the file format
// (sqlite.org/fileformat2.html) to walk a table's b-tree, follow overflow pages and decode records, with the
// committed frames of its write-ahead log (`-wal`) laid over the main file as SQLite readers do. Made for DVC's
// state database, which another process may be writing: the log is read before and after the main file and the
// read is retried when a checkpoint moved pages in between; a torn or half-written frame ends the log (its
// checksum does not match), and any inconsistency reads as "no rows" rather than as wrong ones.
import * as fs from 'node:fs';

export type SqlValue = null | number | bigint | string | Uint8Array;

class Corrupt extends Error {}

interface Snapshot {
  pageSize: number;
  usable: number;
  page(n: number): Buffer;
}

function readFileOrEmpty(p: string): Buffer {
  try {
    return fs.readFileSync(p);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The committed pages of a WAL file: page number → offset of its newest committed copy. */
function walPages(wal: Buffer, pageSize: number): Map<number, number> {
  const pages = new Map<number, number>();
  if (wal.length < 32) return pages;
  const magic = wal.readUInt32BE(0);
  if ((magic & 0xfffffffe) !== 0x377f0682 || wal.readUInt32BE(8) !== pageSize) return pages;
  const bigEndian = (magic & 1) === 1;
  const word = (b: Buffer, o: number) => (bigEndian ? b.readUInt32BE(o) : b.readUInt32LE(o));
  let [s0, s1] = checksum(wal, 0, 24, 0, 0, word);
  if (s0 !== wal.readUInt32BE(24) || s1 !== wal.readUInt32BE(28)) return pages;
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  const pending = new Map<number, number>();
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    [s0, s1] = checksum(wal, at, 8, s0, s1, word);
    [s0, s1] = checksum(wal, at + 24, pageSize, s0, s1, word);
    if (s0 !== wal.readUInt32BE(at + 16) || s1 !== wal.readUInt32BE(at + 20)) break;
    pending.set(wal.readUInt32BE(at), at + 24);
    if (wal.readUInt32BE(at + 4) !== 0) {
      for (const [n, o] of pending) pages.set(n, o);
      pending.clear();
    }
  }
  return pages;
}

/** SQLite's WAL checksum over `length` bytes (a multiple of 8) from `start`. */
function checksum(
  b: Buffer,
  start: number,
  length: number,
  s0: number,
  s1: number,
  word: (b: Buffer, o: number) => number,
): [number, number] {
  for (let o = start; o < start + length; o += 8) {
    s0 = (s0 + word(b, o) + s1) >>> 0;
    s1 = (s1 + word(b, o + 4) + s0) >>> 0;
  }
  return [s0, s1];
}

function snapshot(file: string): Snapshot | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    const walBefore = readFileOrEmpty(`${file}-wal`);
    const db = readFileOrEmpty(file);
    const walAfter = readFileOrEmpty(`${file}-wal`);
    // A checkpoint or a new transaction between the reads: read again.
    if (!walBefore.subarray(0, 32).equals(walAfter.subarray(0, 32)) || walAfter.length < walBefore.length) continue;
    if (db.length < 100 || db.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
    const raw = db.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const usable = pageSize - db[20]!;
    const wal = walPages(walBefore, pageSize);
    return {
      pageSize,
      usable,
      page(n: number): Buffer {
        const inWal = wal.get(n);
        if (inWal !== undefined) return walBefore.subarray(inWal, inWal + pageSize);
        const start = (n - 1) * pageSize;
        if (n < 1 || start + pageSize > db.length) throw new Corrupt(`page ${n}`);
        return db.subarray(start, start + pageSize);
      },
    };
  }
  return undefined;
}

function varint(b: Buffer, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const byte = b[at + i];
    if (byte === undefined) throw new Corrupt('varint');
    v = (v << 7n) | BigInt(byte & 0x7f);
    if (byte < 0x80) return [v, at + i + 1];
  }
  const last = b[at + 8];
  if (last === undefined) throw new Corrupt('varint');
  return [(v << 8n) | BigInt(last), at + 9];
}

/** Each row's record payload of the table b-tree rooted at `root`, in rowid order. */
function* payloads(s: Snapshot, root: number, depth = 0): Generator<Buffer> {
  if (depth > 40) throw new Corrupt('b-tree depth');
  const page = s.page(root);
  const base = root === 1 ? 100 : 0;
  const type = page[base];
  const cells = page.readUInt16BE(base + 3);
  const header = type === 0x05 ? 12 : 8;
  if (type !== 0x05 && type !== 0x0d) throw new Corrupt(`page ${root} is not a table page`);
  for (let i = 0; i < cells; i++) {
    const cell = page.readUInt16BE(base + header + 2 * i);
    if (type === 0x05) yield* payloads(s, page.readUInt32BE(cell), depth + 1);
    else yield leafPayload(s, page, cell);
  }
  if (type === 0x05) yield* payloads(s, page.readUInt32BE(base + 8), depth + 1);
}

function leafPayload(s: Snapshot, page: Buffer, cell: number): Buffer {
  const [size, afterSize] = varint(page, cell);
  const [, start] = varint(page, afterSize);
  const total = Number(size);
  const max = s.usable - 35;
  if (total <= max) return page.subarray(start, start + total);
  const min = Math.floor(((s.usable - 12) * 32) / 255) - 23;
  const k = min + ((total - min) % (s.usable - 4));
  const local = k <= max ? k : min;
  const parts = [page.subarray(start, start + local)];
  let got = local;
  for (let next = page.readUInt32BE(start + local), hops = 0; got < total; hops++) {
    if (next === 0 || hops > 1e6) throw new Corrupt('overflow chain');
    const overflow = s.page(next);
    const take = Math.min(total - got, s.usable - 4);
    parts.push(overflow.subarray(4, 4 + take));
    got += take;
    next = overflow.readUInt32BE(0);
  }
  return Buffer.concat(parts);
}

function record(payload: Buffer): SqlValue[] {
  const [headerSize, first] = varint(payload, 0);
  const types: number[] = [];
  for (let at = first; at < Number(headerSize); ) {
    const [t, next] = varint(payload, at);
    types.push(Number(t));
    at = next;
  }
  const values: SqlValue[] = [];
  let at = Number(headerSize);
  for (const t of types) {
    const ints = [0, 1, 2, 3, 4, 6, 8];
    if (t === 0) values.push(null);
    else if (t >= 1 && t <= 6) {
      const n = ints[t] as number;
      let v = 0n;
      for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(payload[at + i] as number);
      if (v >= 1n << BigInt(8 * n - 1)) v -= 1n << BigInt(8 * n);
      values.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
      at += n;
    } else if (t === 7) {
      values.push(payload.readDoubleBE(at));
      at += 8;
    } else if (t === 8 || t === 9) values.push(t - 8);
    else if (t >= 12) {
      const n = Math.floor((t - 12) / 2);
      const bytes = payload.subarray(at, at + n);
      values.push(t % 2 === 1 ? bytes.toString('utf8') : new Uint8Array(bytes));
      at += n;
    } else throw new Corrupt(`serial type ${t}`);
  }
  return values;
}

/** Every row of table `name` (its columns in declaration order), or undefined when it cannot be read safely. */
export function readTable(file: string, name: string): SqlValue[][] | undefined {
  try {
    const s = snapshot(file);
    if (!s) return undefined;
    let root: number | undefined;
    for (const p of payloads(s, 1)) {
      const [type, tableName, , rootPage] = record(p);
      if (type === 'table' && tableName === name && typeof rootPage === 'number') root = rootPage;
    }
    return root === undefined ? undefined : [...payloads(s, root)].map(record);
  } catch (err) {
    if (err instanceof Corrupt || err instanceof RangeError) return undefined;
    throw err;
  }
}
