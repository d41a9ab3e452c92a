// Where `plots --json` assembles its rows: UTF-8 bytes in one buffer, handed on in pieces of about a megabyte
// that end between rows. A row's cells or its own bytes in the data file are copied in byte by byte (or character
// by character from text that is not ASCII), so no string is made per row or per cell: building 200k rows of
// `plots diff` as strings was most of the command's time, and the garbage they left most of the rest. A piece is
// handed on as bytes when everything in it came from text its writer showed the CLI's streams would not change
// (core/stream-scrub.ts): then it goes out without being decoded, scanned and encoded again.

/** Where the pieces go: `text` through the stream's scrub; `clean` bytes as they are (when the sink takes bytes). */
export interface JsonSink {
  text(text: string): void;
  clean?(bytes: Uint8Array): void;
}

export class JsonPieces {
  private buf: Buffer;
  private pos = 0;
  /** Whether something written since the last piece was not shown clean. */
  private tainted = false;

  constructor(
    private readonly sink: JsonSink,
    /** The size at which a piece is handed on (bytes, at the end of a row). */
    private readonly piece = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(piece * 2, 1024));
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

  /** A whole number ≥ 0 in decimal. */
  int(n: number): void {
    this.reserve(16);
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let p = (this.pos += digits);
    do {
      this.buf[--p] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** The end of a row: a full piece is handed on. */
  endRow(): void {
    if (this.pos >= this.piece) this.flush();
  }

  /** Hands on what is written. A piece handed on as bytes is never written to again (a stream may hold it). */
  flush(): void {
    if (this.pos === 0) return;
    if (this.tainted || this.sink.clean === undefined) this.sink.text(this.buf.toString('utf8', 0, this.pos));
    else {
      this.sink.clean(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(this.buf.length);
    }
    this.pos = 0;
    this.tainted = false;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}
