// CSV and TSV files (RFC 4180: quoted fields with "" escapes and line breaks inside, \n or \r\n rows),
// read in 4 MB chunks so memory holds the columns, not the file. The first row names the columns; blank
// lines are skipped as pandas skips them; a row with more fields than the header is an error naming it,
// a shorter row leaves the rest missing (as pandas fills NaN).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { buildColumns, ColumnBuilder, DataFileError, type Table } from '../columns';
import { addCell, addText } from './cell';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CHUNK = 4 * 1024 * 1024;

/** The cells of one row: kept until the row is complete, so a row cut by a chunk boundary is re-read whole. */
type Cell = { kind: 'raw'; start: number; end: number } | { kind: 'text'; text: string };

export function readDelimited(file: string, delimiter: ',' | '\t', wanted?: ReadonlySet<string>): Table {
  const delim = delimiter.charCodeAt(0);
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let length = 0;
    let eof = false;
    let header: string[] | undefined;
    let builders: (ColumnBuilder | undefined)[] = [];
    let rows = 0;
    /** Bytes of complete rows parsed so far, header included. */
    let consumed = 0;
    const cells: Cell[] = [];

    const fill = (): void => {
      if (length === buf.length) {
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, length);
        buf = grown;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) eof = true;
      length += n;
    };

    fill();
    if (length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      // A UTF-8 byte order mark (Excel writes one) is not part of the first column's name.
      buf.copy(buf, 0, 3, length);
      length -= 3;
    }
    for (;;) {
      let i = 0;
      let rowStart = 0;
      // Parse complete rows of buf[0, length).
      rowLoop: while (i < length) {
        if (buf[i] === LF || buf[i] === CR) {
          i++;
          rowStart = i;
          continue;
        }
        cells.length = 0;
        for (;;) {
          if (i < length && buf[i] === QUOTE) {
            let j = i + 1;
            let escaped = false;
            for (;;) {
              if (j >= length) {
                if (!eof) break rowLoop;
                throw new DataFileError(`${file}: a quoted field opened in data row ${rows + 1} is never closed`);
              }
              if (buf[j] === QUOTE) {
                if (j + 1 >= length && !eof) break rowLoop;
                if (j + 1 < length && buf[j + 1] === QUOTE) {
                  escaped = true;
                  j += 2;
                  continue;
                }
                break;
              }
              j++;
            }
            const raw = buf.toString('utf8', i + 1, j);
            cells.push({ kind: 'text', text: escaped ? raw.replaceAll('""', '"') : raw });
            i = j + 1;
            if (i < length && buf[i] !== delim && buf[i] !== LF && buf[i] !== CR) {
              throw new DataFileError(
                `${file}: data row ${rows + 1}, field ${cells.length}: text after a closing quote; quote the whole field and double the quotes inside it`,
              );
            }
          } else {
            let j = i;
            while (j < length) {
              const c = buf[j];
              if (c === delim || c === LF || c === CR) break;
              j++;
            }
            if (j >= length && !eof) break rowLoop;
            cells.push({ kind: 'raw', start: i, end: j });
            i = j;
          }
          if (i < length && buf[i] === delim) {
            i++;
            continue;
          }
          break;
        }
        // End of a row: the line break (or the end of the file).
        if (i < length && buf[i] === CR) i++;
        if (i < length && buf[i] === LF) i++;
        if (header === undefined) {
          header = cells.map((c) => (c.kind === 'raw' ? buf.toString('utf8', c.start, c.end).trim() : c.text));
          builders = header.map((name) =>
            wanted === undefined || wanted.has(name) ? new ColumnBuilder(name) : undefined,
          );
        } else {
          if (cells.length > header.length) {
            throw new DataFileError(
              `${file}: data row ${rows + 1} has ${cells.length} fields but the header names ${header.length}; quote fields that contain '${delimiter === '\t' ? '\\t' : delimiter}'`,
            );
          }
          for (let c = 0; c < builders.length; c++) {
            const builder = builders[c];
            if (!builder) continue;
            const cell = cells[c];
            if (cell === undefined) builder.addMissing();
            else if (cell.kind === 'raw') addCell(builder, buf, cell.start, cell.end);
            else addText(builder, cell.text);
          }
          rows++;
        }
        rowStart = i;
      }
      if (eof) break;
      if (consumed === 0 && rows > 0 && header !== undefined) {
        // After the first chunk: the file's size over its rows' length so far says about how many rows come
        // (5% over, so a column is one array without a copy); never more than one row per header-width bytes.
        const size = fstatSync(fd).size;
        const expected = Math.min(Math.ceil((rows / rowStart) * size * 1.05), Math.floor(size / header.length));
        for (const builder of builders) builder?.expect(expected);
      }
      consumed += rowStart;
      // Keep the unfinished row and read on after it.
      buf.copy(buf, 0, rowStart, length);
      length -= rowStart;
      fill();
    }
    if (header === undefined)
      throw new DataFileError(`${file}: the file is empty; expected a header row naming the columns`);
    const columns = buildColumns(builders.filter((b): b is ColumnBuilder => b !== undefined));
    return { source: file, rows, columns };
  } finally {
    closeSync(fd);
  }
}
