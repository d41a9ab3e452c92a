// The bytes of the hash cache's per-file entries (hash-cache.ts): path → size, mtime, inode, md5, for tens of
// thousands of files. Binary and in columns, because a first status over 20,000 files writes them at its very end,
// on one thread, after the hash workers are done, and runs this code once (not yet compiled by V8): JSON turned
// 60,000 numbers into text, and a loop writing each entry's fields made a few native calls per entry. Here each
// column is written and read in one go: the numbers as one Float64Array's bytes, all md5s as one hex string, all
// keys as one UTF-8 string cut by their lengths.
// Layout: the header `mlops-hashes 2 LE\n` (version and byte order: any other reads as no entries); the number of
// entries n and the keys' UTF-8 byte length (u32 each); n key lengths in UTF-16 units (u32); 3n doubles (size,
// mtimeMs, inode of each: exact for every value Node reports); n md5s of 16 bytes; the keys; then `end\n`. The
// lengths fix the file's size, so a file cut short anywhere (a power cut: the cache is written without fsync) or
// grown reads as no entries, never as a wrong one. A key that is not valid UTF-16 reads back as another string
// (U+FFFD for a lone surrogate, the same length in UTF-16 units, so the keys after it are cut right): a miss.
import { endianness } from 'node:os';

/** [size, mtimeMs, inode, md5] */
export type FileEntry = [number, number, number, string];

const HEADER = Buffer.from(`mlops-hashes 2 ${endianness()}\n`, 'latin1');
const END = Buffer.from('end\n', 'latin1');
/** What an md5 must look like to be stored as 16 bytes and read back as the same text. */
const MD5_HEX = /^[0-9a-f]{32}$/;

/** Whether `e` is an entry this layout keeps: an md5 as lowercase hex (the only hashes ever set) and three numbers. */
function storable(e: unknown): e is FileEntry {
  return (
    Array.isArray(e) &&
    e.length === 4 &&
    typeof e[0] === 'number' &&
    typeof e[1] === 'number' &&
    typeof e[2] === 'number' &&
    typeof e[3] === 'string' &&
    MD5_HEX.test(e[3])
  );
}

/** Bytes of the columns of `n` entries besides the keys: two counts, key lengths, numbers, md5s. */
const columnBytes = (n: number): number => 8 + 4 * n + 24 * n + 16 * n;

/**
 * The file's bytes for `entries`. Any other entry (one of an earlier version's JSON file may have any shape) is
 * left out: the cache is an optimisation, and a left-out entry is a miss.
 */
export function encodeEntries(entries: Record<string, FileEntry>): Buffer {
  const keys: string[] = [];
  const md5s: string[] = [];
  const numbers: number[] = [];
  for (const key in entries) {
    const entry: unknown = entries[key];
    if (!storable(entry)) continue;
    keys.push(key);
    numbers.push(entry[0], entry[1], entry[2]);
    md5s.push(entry[3]);
  }
  const n = keys.length;
  const text = keys.join('');
  const keyBytes = Buffer.byteLength(text, 'utf8');
  const buf = Buffer.alloc(HEADER.length + columnBytes(n) + keyBytes + END.length);
  let at = HEADER.copy(buf, 0);
  at = buf.writeUInt32LE(n, at);
  at = buf.writeUInt32LE(keyBytes, at);
  const lengths = new Uint32Array(keys.map((k) => k.length));
  at += Buffer.from(lengths.buffer).copy(buf, at);
  at += Buffer.from(new Float64Array(numbers).buffer).copy(buf, at);
  at += buf.write(md5s.join(''), at, 'hex');
  at += buf.write(text, at, 'utf8');
  END.copy(buf, at);
  return buf;
}

/** The entries in `bytes`, as a prototype-less map; undefined when they are not a whole file of this version. */
export function decodeEntries(bytes: Buffer): Record<string, FileEntry> | undefined {
  const start = HEADER.length;
  if (bytes.length < start + 8 + END.length || !bytes.subarray(0, start).equals(HEADER)) return undefined;
  const n = bytes.readUInt32LE(start);
  const keyBytes = bytes.readUInt32LE(start + 4);
  if (bytes.length !== start + columnBytes(n) + keyBytes + END.length || !bytes.subarray(-END.length).equals(END))
    return undefined;
  // Copied out: a typed array over the file's bytes would need them aligned.
  let at = start + 8;
  const lengths = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * n));
  at += 4 * n;
  const numbers = new Float64Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 24 * n));
  at += 24 * n;
  const md5s = bytes.toString('hex', at, at + 16 * n);
  at += 16 * n;
  const text = bytes.toString('utf8', at, at + keyBytes);
  const entries = Object.create(null) as Record<string, FileEntry>;
  let from = 0;
  for (let i = 0; i < n; i++) {
    const to = from + (lengths[i] as number);
    if (to > text.length) return undefined;
    entries[text.slice(from, to)] = [
      numbers[3 * i] as number,
      numbers[3 * i + 1] as number,
      numbers[3 * i + 2] as number,
      md5s.slice(32 * i, 32 * i + 32),
    ];
    from = to;
  }
  return from === text.length ? entries : undefined;
}
