// Where `plots --json` assembles its rows: UTF-8 bytes in one buffer, taken in pieces of about a megabyte that
// end between rows. A row's cells or its own bytes in the data file are copied in byte by byte (or character by
// character from text that is not ASCII), so no string is made per row or per cell: building 200k rows of
// `plots diff` as strings was most of the command's time, and the garbage they left most of the rest. A piece is
// marked clean when everything in it came from text its writer showed the CLI's streams would not change
// (core/stream-scrub.ts): then it goes out without being decoded, scanned and encoded again. Two buffers take
// turns: a piece is written out of one while the next is made in the other, and each is reused once written, so a
// large plot neither holds its whole output in memory nor makes the collector chase a new megabyte per piece.

/** A piece of a JSON document: text, or bytes in UTF-8 (a view valid until the writer is resumed). */
export type JsonPiece = { text: string } | { bytes: Uint8Array; clean: boolean };

/** The text of a piece (for a taker without a byte stream). */
export function pieceText(piece: JsonPiece): string {
  return 'text' in piece
    ? piece.text
    : Buffer.from(piece.bytes.buffer, piece.bytes.byteOffset, piece.bytes.length).toString('utf8');
}

/**
 * Rows [from, to) of one source as a loop writes them: a comma before each, before the first too when `comma`; each
 * ended by `,"step":r` when `step` (its bytes `,"step":`) is given, then `tail` (the added fields and `}`).
 */
export interface RowRun {
  from: number;
  to: number;
  comma: boolean;
  step?: Uint8Array;
  tail: Uint8Array;
}

export class JsonPieces {
  private buf: Buffer;
  /** The buffer of the piece taken last: the next piece is made in the other one while it is written. */
  private spare: Buffer;
  private pos = 0;
  /** Whether something written since the last piece was not shown clean. */
  private tainted = false;

  constructor(
    /** The size at which a piece is full (bytes, at the end of a row). */
    private readonly piece = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(piece * 2, 1024));
    this.spare = Buffer.allocUnsafe(this.buf.length);
  }

  /** What is written next, up to the end of this piece, may hold something the stream's scrub changes. */
  taint(): void {
    this.tainted = true;
  }

  /** Characters [start, end) of `s` (all of it by default), as UTF-8; a lone surrogate as U+FFFD. */
  text(s: string, start = 0, end = s.length): void {
    this.reserve((end - start) * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) buf[pos++] = c;
      else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        const u = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        buf[pos++] = 0xf0 | (u >> 18);
        buf[pos++] = 0x80 | ((u >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((u >> 6) & 0x3f);
        buf[pos++] = 0x80 | (u & 0x3f);
      } else {
        const v = c >= 0xd800 && c < 0xe000 ? 0xfffd : c;
        buf[pos++] = 0xe0 | (v >> 12);
        buf[pos++] = 0x80 | ((v >> 6) & 0x3f);
        buf[pos++] = 0x80 | (v & 0x3f);
      }
    }
    this.pos = pos;
  }

  /** Bytes [start, end) of `bytes` as they are (UTF-8 already). */
  bytes(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = start; i < end; i++) buf[pos++] = bytes[i]!;
    this.pos = pos;
  }

  /** All of `piece` (UTF-8 already): names and punctuation encoded once, not per row. */
  put(piece: Uint8Array): void {
    this.bytes(piece, 0, piece.length);
  }

  /** One ASCII character. */
  byte(code: number): void {
    this.reserve(1);
    this.buf[this.pos++] = code;
  }

  /** A whole number ≥ 0 in decimal. */
  int(n: number): void {
    this.reserve(16);
    this.pos = writeInt(this.buf, this.pos, n);
  }

  /**
   * The run's rows of a JSON list from their own bytes in `src` (`{…}` at [starts[r], ends[r])) less the closing
   * brace, each ended as RowRun says. Until the piece is full; → the next row. One loop, no call per row but the
   * ending's: a cold process runs it once per piece, so it is optimized early and never meets another shape.
   */
  spanRows(src: Uint8Array, starts: Int32Array, ends: Int32Array, { from, to, comma, step, tail }: RowRun): number {
    const limit = this.piece;
    const endRoom = (step?.length ?? 0) + tail.length + 16;
    let buf = this.buf;
    let pos = this.pos;
    let r = from;
    for (; r < to && pos < limit; r++) {
      const start = starts[r]!;
      const end = ends[r]! - 1;
      const need = end - start + endRoom + 2;
      if (pos + need > buf.length) buf = this.room(pos, need);
      if (comma) buf[pos++] = 44;
      comma = true;
      for (let i = start; i < end; i++) buf[pos++] = src[i]!;
      pos = rowEnd(buf, pos, step, r, tail);
    }
    this.pos = pos;
    return r;
  }

  /**
   * The run's rows of a table of ASCII cells (`src` [starts[i], ends[i]) for cell i = r * width + c, start -1
   * for null) as JSON strings after their names (`names` [nameAt[c], nameAt[c + 1]): `{"a":` then `,"b":`…), each
   * ended as RowRun says. Until the piece is full; → the next row.
   */
  tableRows(
    src: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    width: number,
    names: Uint8Array,
    nameAt: Int32Array,
    { from, to, comma, step, tail }: RowRun,
  ): number {
    const limit = this.piece;
    const endRoom = (step?.length ?? 0) + tail.length + 16;
    let buf = this.buf;
    let pos = this.pos;
    let r = from;
    for (; r < to && pos < limit; r++) {
      if (pos + 1 > buf.length) buf = this.room(pos, 1);
      if (comma) buf[pos++] = 44;
      comma = true;
      for (let c = 0, i = r * width; c < width; c++, i++) {
        const start = starts[i]!;
        const end = start < 0 ? start + 4 : ends[i]!;
        const nameEnd = nameAt[c + 1]!;
        const need = nameEnd - nameAt[c]! + end - start + 2;
        if (pos + need > buf.length) buf = this.room(pos, need);
        for (let k = nameAt[c]!; k < nameEnd; k++) buf[pos++] = names[k]!;
        if (start < 0) {
          buf[pos++] = 110;
          buf[pos++] = 117;
          buf[pos++] = 108;
          buf[pos++] = 108;
        } else {
          buf[pos++] = 34;
          for (let k = start; k < end; k++) buf[pos++] = src[k]!;
          buf[pos++] = 34;
        }
      }
      if (pos + endRoom > buf.length) buf = this.room(pos, endRoom);
      pos = rowEnd(buf, pos, step, r, tail);
    }
    this.pos = pos;
    return r;
  }

  /** Whether a piece is ready to be taken (asked at the end of a row). */
  full(): boolean {
    return this.pos >= this.piece;
  }

  /**
   * What is written, as a piece (undefined when nothing is). Its bytes stay as they are until the piece after it is
   * taken: the taker writes one piece while the next is made.
   */
  take(): JsonPiece | undefined {
    if (this.pos === 0) return undefined;
    const piece = { bytes: this.buf.subarray(0, this.pos), clean: !this.tainted };
    [this.buf, this.spare] = [this.spare, this.buf];
    this.pos = 0;
    this.tainted = false;
    return piece;
  }

  /** The buffer with room for `need` bytes after `pos` (the loops keep the position in a local until then). */
  private room(pos: number, need: number): Buffer {
    this.pos = pos;
    this.reserve(need);
    return this.buf;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/** `n` (a whole number ≥ 0) in decimal into `buf` at `pos` (room for 16 bytes); → the index after it. */
function writeInt(buf: Uint8Array, pos: number, n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  let p = pos + digits;
  do {
    buf[--p] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return pos + digits;
}

/** A row's end at `pos` (room made by the caller): `,"step":r` when `step` (its bytes `,"step":`) is given, then `tail`. */
function rowEnd(buf: Uint8Array, pos: number, step: Uint8Array | undefined, r: number, tail: Uint8Array): number {
  if (step !== undefined) {
    for (let i = 0; i < step.length; i++) buf[pos++] = step[i]!;
    pos = writeInt(buf, pos, r);
  }
  for (let i = 0; i < tail.length; i++) buf[pos++] = tail[i]!;
  return pos;
}
