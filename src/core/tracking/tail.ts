// Following a file another process appends to (a script's metrics, DVCLive's .tsv): each read returns
// the complete lines added since the last commit. A final line without "\n" is still being written.
import * as fs from 'node:fs';

export interface TailLine {
  text: string;
  /** 1-based line number in the file, for messages. */
  line: number;
  /** Offset just past this line's "\n": commit it once the line is handled. */
  end: number;
}

export class FileTail {
  private offset = 0;
  private lineNo = 0;

  constructor(readonly file: string) {}

  /** Complete lines after the committed offset; `restarted` when the file shrank (it was rewritten, not appended). */
  read(): { lines: TailLine[]; restarted: boolean } {
    let data: Buffer;
    let restarted = false;
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size < this.offset) {
          this.offset = 0;
          this.lineNo = 0;
          restarted = true;
        }
        data = Buffer.alloc(size - this.offset);
        let got = 0;
        while (got < data.length) {
          const n = fs.readSync(fd, data, got, data.length - got, this.offset + got);
          if (n === 0) break;
          got += n;
        }
        data = data.subarray(0, got);
      } finally {
        fs.closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], restarted };
      throw err;
    }
    const lines: TailLine[] = [];
    let start = 0;
    let line = this.lineNo;
    for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
      line++;
      lines.push({ text: data.toString('utf8', start, nl).replace(/\r$/, ''), line, end: this.offset + nl + 1 });
      start = nl + 1;
    }
    return { lines, restarted };
  }

  /** Marks everything up to `line` as handled. */
  commit(line: TailLine): void {
    this.offset = line.end;
    this.lineNo = line.line;
  }
}
