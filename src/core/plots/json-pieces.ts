// Where `plots --json` assembles its rows: UTF-8 bytes in one reused buffer, handed on as text in pieces of
// about a megabyte that end between rows. A row's cells or its own bytes in the data file are copied in
// character by character, so no string is made per row or per cell: building 200k rows of `plots diff` as
// strings was most of the command's time, and the garbage they left most of the rest.

export class JsonPieces {
  private buf: Buffer;
  private pos = 0;

  constructor(
    private readonly emit: (text: string) => void,
    /** The size at which a piece is handed on (bytes, at the end of a row). */
    private readonly piece = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(piece * 2, 1024));
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

  /** Hands on what is written. */
  flush(): void {
    if (this.pos === 0) return;
    this.emit(this.buf.toString('utf8', 0, this.pos));
    this.pos = 0;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}
