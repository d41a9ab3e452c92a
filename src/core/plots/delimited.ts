// CSV and TSV plot files read as DVC reads them (dvc/repo/plots `_load_sv`: Python's csv.DictReader, every value
// a string, a short row padded with null, blank lines skipped, `header: false` naming the columns 0, 1, ...). The
// table keeps where each cell is in the text, not a string per cell: `plots --json` copies a cell from the file's
// bytes (200k rows of `plots diff` made 600k strings, and their garbage, for nothing), and a panel takes the
// cell's string only when it reads it (row-columns.ts).
import { IntList } from './int-list';
import type { Table } from './row-source';
import { changedByScrub, rangeNeedsScrub } from '../stream-scrub';

/**
 * Python's csv reader (excel dialect: `"` quotes, doubled to escape, any line ending) feeding a DictReader.
 * `bytes` are the text's own when it is ASCII (offsets into one are offsets into the other).
 */
export function readDelimited(text: string, delimiter: string, header: boolean, bytes?: Uint8Array): Table {
  // A file without quotes or lone carriage returns (most of them) is cut in one pass, in place.
  const quoted = text.includes('"') || /\r(?!\n)/.test(text);
  const cut = quoted ? recordCells(quotedRecords(text, delimiter), header) : unquotedCells(text, delimiter, header);
  const names = cut.names;
  // A tab inside a CSV cell, quotes, backslashes and other control characters need escaping in JSON.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const escaped = delimiter === '\t' ? /["\\\x00-\x08\x0b\x0c\x0e-\x1f]/ : /["\\\x00-\x09\x0b\x0c\x0e-\x1f]/;
  const plain = !escaped.test(text) && new Set(names).size === names.length;
  const clean = !names.some(changedByScrub) && !rangeNeedsScrub(cut.text, cut.body, cut.text.length);
  return {
    kind: 'table',
    columns: names,
    text: cut.text,
    starts: cut.starts.view(),
    ends: cut.ends.view(),
    count: cut.lines.length,
    lines: cut.lines.view(),
    plain,
    clean,
    ...(bytes !== undefined && !quoted ? { bytes } : {}),
  };
}

/** Cells being cut: offsets into `text`, row-major, `names.length` per row; start -1 for a short row's null. */
class Cut {
  readonly starts = new IntList();
  readonly ends = new IntList();
  /** 1-based line each row starts on. */
  readonly lines = new IntList();
  names: string[] = [];
  /** Where the text after the header starts (0 when not known). */
  body = 0;

  constructor(readonly text: string) {}

  cell(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }
}

/** The names a DictReader gives columns: the header's, or 0, 1, ... for the first record's width. */
function columnNames(first: string[] | undefined, header: boolean): string[] {
  return header ? (first ?? []) : (first ?? []).map((_, k) => String(k));
}

/** Records of the quoting reader as a DictReader's rows: their fields joined into one text the cells point into. */
function recordCells({ records, starts }: Records, header: boolean): Cut {
  const names = columnNames(records[0], header);
  if (header) {
    records.shift();
    starts.shift();
  }
  const width = names.length;
  const fields: string[] = [];
  const at: number[] = [];
  let length = 0;
  for (const record of records)
    for (let k = 0; k < width; k++) {
      const field = record[k];
      at.push(field === undefined ? -1 : length);
      if (field !== undefined) {
        fields.push(field);
        length += field.length;
      }
      at.push(length);
    }
  const cut = new Cut(fields.join(''));
  cut.names = names;
  for (let i = 0; i < at.length; i += 2) cut.cell(at[i]!, at[i + 1]!);
  for (const line of starts) cut.lines.push(line);
  return cut;
}

/** A file without quotes: each non-empty line's fields are cut where they stand (no string per line or cell). */
function unquotedCells(text: string, delimiter: string, header: boolean): Cut {
  const sep = delimiter.charCodeAt(0);
  const cut = new Cut(text);
  let names: string[] | undefined;
  let line = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    line++;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > pos) {
      const first = names === undefined;
      names ??= columnNames(text.slice(pos, stop).split(delimiter), header);
      if (first && header) cut.body = end;
      else {
        cut.lines.push(line);
        const width = names.length;
        let k = 0;
        let from = pos;
        for (let i = pos; i < stop && k < width; i++)
          if (text.charCodeAt(i) === sep) {
            cut.cell(from, i);
            k++;
            from = i + 1;
          }
        if (k < width) cut.cell(from, stop);
        for (k++; k < width; k++) cut.cell(-1, -1);
      }
    }
    pos = end + 1;
  }
  cut.names = names ?? [];
  return cut;
}

interface Records {
  records: string[][];
  /** 1-based line each record starts on. */
  starts: number[];
}

/** The csv module's reader character by character: quoted fields may hold delimiters, quotes and line breaks. */
function quotedRecords(text: string, delimiter: string): Records {
  const records: string[][] = [];
  const starts: number[] = [];
  const sep = delimiter.charCodeAt(0);
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let sawAny = false;
    for (;;) {
      if (i >= n) {
        if (sawAny || field !== '') fields.push(field);
        break;
      }
      const c = text.charCodeAt(i);
      if (quoted) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === 10) line++;
          field += text[i];
          i++;
        }
        continue;
      }
      if (c === 34 && field === '') {
        quoted = true;
        sawAny = true;
        i++;
      } else if (c === sep) {
        fields.push(field);
        field = '';
        sawAny = true;
        i++;
      } else if (c === 10 || c === 13) {
        if (sawAny || field !== '') fields.push(field);
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        break;
      } else {
        // A run of plain characters at once: most of a large file is this.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === sep || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        field += text.slice(i, j);
        sawAny = true;
        i = j;
      }
    }
    if (fields.length > 0) {
      records.push(fields);
      starts.push(startLine);
    }
  }
  return { records, starts };
}
