// Append-only JSON-lines files that survive killed writers and concurrent appenders, without locks.
//
// Writers: one write() of "\n" + lines + "\n" on an O_APPEND descriptor. O_APPEND makes each write land at
// the end, whole, even with several processes appending at once. The leading "\n" matters when a writer
// was killed mid-write: its partial line is then closed off by the next append and becomes a
// complete-but-unparsable line that readers skip, instead of gluing itself onto the next record.
// Readers: only bytes up to the last "\n" count; a final partial line is a write still in progress.
// Writes are synchronous (one small append); reads are asynchronous (see scanLines).
import * as fs from 'node:fs';

const NEWLINE = 0x0a;
/** At most this many bytes are read and split per turn of the event loop (≈1 ms of JSON.parse). */
const CHUNK = 128 * 1024;

/** Appends `lines` (each a JSON text without newlines) in one write. Throws ENOENT if the file is missing and `create` is false. */
export function appendLines(path: string, lines: readonly string[], create: boolean): void {
  if (lines.length === 0) return;
  const flags = fs.constants.O_WRONLY | fs.constants.O_APPEND | (create ? fs.constants.O_CREAT : 0);
  const fd = fs.openSync(path, flags, 0o644);
  try {
    writeAll(fd, Buffer.from('\n' + lines.join('\n') + '\n', 'utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

/** Appends raw bytes in one write (stage logs: no record structure). */
export function appendRaw(path: string, text: string): void {
  const fd = fs.openSync(path, 'a', 0o644);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

// A regular local file takes the whole buffer in one write(); the loop only guards against a short
// write (disk full, signal), where the remainder then forms at worst one more unparsable line.
function writeAll(fd: number, buf: Buffer): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done);
}

/**
 * Calls `onLine(buf, start, end)` for each complete non-empty line from byte `from` (a line boundary), in
 * order. `onLine` returns false to stop before that line. Resolves to the offset (a line boundary) where
 * reading stopped: the start of the refused line, or just past the last complete line. A missing file
 * reads as empty. Reads are asynchronous and at most CHUNK bytes, so a caller on the editor's thread
 * gives it back between chunks (a 10k-run index or a million-point history never blocks it for long).
 */
export async function scanLines(
  path: string,
  from: number,
  onLine: (buf: Buffer, start: number, end: number) => boolean,
): Promise<number> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return from;
    throw err;
  }
  try {
    let pos = from;
    // Sized to what there is to read: most logs are small, and a full chunk per call would dominate.
    let buf: Buffer = Buffer.allocUnsafe(Math.max(1024, Math.min(CHUNK, (await fh.stat()).size - from + 1)));
    let carry = 0; // bytes at the start of buf not yet consumed (a line cut by the chunk edge)
    for (;;) {
      if (carry === buf.length) buf = grow(buf); // a line longer than the buffer
      const { bytesRead: n } = await fh.read(buf, carry, Math.min(CHUNK, buf.length - carry), pos + carry);
      if (n === 0) return pos;
      const len = carry + n;
      let start = 0;
      for (let nl = buf.indexOf(NEWLINE, start); nl !== -1 && nl < len; nl = buf.indexOf(NEWLINE, start)) {
        if (start !== nl && !onLine(buf, start, nl)) return pos + start;
        start = nl + 1;
      }
      buf.copy(buf, 0, start, len);
      carry = len - start;
      pos += start;
    }
  } finally {
    await fh.close();
  }
}

function grow(buf: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger);
  return bigger;
}

/** Parses each complete line from `from` as JSON; unparsable (torn) lines are counted, not returned. */
export async function readJsonLines(path: string, from = 0): Promise<{ values: unknown[]; end: number; torn: number }> {
  const values: unknown[] = [];
  let torn = 0;
  const end = await scanLines(path, from, (buf, start, stop) => {
    try {
      values.push(JSON.parse(buf.toString('utf8', start, stop)));
    } catch {
      torn++;
    }
    return true;
  });
  return { values, end, torn };
}
