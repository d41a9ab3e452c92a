// CSV and TSV plot files read as DVC reads them (dvc/repo/plots `_load_sv`: Python's csv.DictReader, every value
// a string, a short row padded with null, blank lines skipped, `header: false` naming the columns 0, 1, ...). The
// table keeps where each cell is in the text, not a string per cell: `plots --json` copies a cell from the file's
// bytes (200k rows of `plots diff` made 600k strings, and their garbage, for nothing), and a panel takes the
// cell's string only when it reads it (row-columns.ts).
import { IntList, grown } from './int-list';
import type { Table } from './data-content';
import { changedByScrub, isInert, rangeNeedsScrub } from '../stream-scrub';

/**
 * Python's csv reader (excel dialect: `"` quotes, doubled to escape, any line ending) feeding a DictReader.
 * `bytes` are the text's own when it is ASCII (offsets into one are offsets into the other).
 */
export function readDelimited(text: string, delimiter: string, header: boolean, bytes?: Uint8Array): Table {
  // A file without quotes or lone carriage returns (most of them) is cut in one pass, in place.
  const quoted = text.includes('"') || hasLoneCarriageReturn(text);
  const cut = quoted ? recordCells(quotedRecords(text, delimiter), header) : unquotedCells(text, delimiter, header);
  const names = cut.names;
  // A tab inside a CSV cell, quotes, backslashes and other control characters need escaping in JSON.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const escaped = delimiter === '\t' ? /["\\\x00-\x08\x0b\x0c\x0e-\x1f]/ : /["\\\x00-\x09\x0b\x0c\x0e-\x1f]/;
  const plain = !escaped.test(text) && new Set(names).size === names.length;
  const body = cut.inert ? false : rangeNeedsScrub(cut.text, cut.body, cut.text.length);
  const clean = !names.some(changedByScrub) && !body;
  return {
    kind: 'table',
    columns: names,
    text: cut.text,
    starts: cut.starts,
    ends: cut.ends,
    count: cut.lines.length,
    lines: cut.lines,
    plain,
    clean,
    ...(bytes !== undefined && !quoted ? { bytes } : {}),
  };
}

/** Cells as cut: offsets into `text`, row-major, `names.length` per row; start -1 for a short row's null. */
interface Cut {
  text: string;
  names: string[];
  starts: Int32Array;
  ends: Int32Array;
  /** 1-based line each row starts on. */
  lines: Int32Array;
  /** Where the text after the header starts (0 when not known). */
  body: number;
  /** Every character of the cells is inert (core/stream-scrub.ts); false when not known. */
  inert: boolean;
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
  const cellStarts = new IntList();
  const cellEnds = new IntList();
  for (let i = 0; i < at.length; i += 2) {
    cellStarts.push(at[i]!);
    cellEnds.push(at[i + 1]!);
  }
  return {
    text: fields.join(''),
    names,
    starts: cellStarts.view(),
    ends: cellEnds.view(),
    lines: Int32Array.from(starts),
    body: 0,
    inert: false,
  };
}

/**
 * A file without quotes: each non-empty line's fields are cut where they stand (no string per line or cell), in
 * one loop that also notes whether every character of the cells is inert — the file's one pass.
 */
function unquotedCells(text: string, delimiter: string, header: boolean): Cut {
  const sep = delimiter.charCodeAt(0);
  let starts: Int32Array = new Int32Array(4096);
  let ends: Int32Array = new Int32Array(4096);
  let cells = 0;
  const lines = new IntList();
  let names: string[] | undefined;
  let body = 0;
  let inert = true;
  let line = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    line++;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > pos) {
      const first = names === undefined;
      names ??= columnNames(text.slice(pos, stop).split(delimiter), header);
      if (first && header) body = end;
      else {
        lines.push(line);
        const width = names.length;
        if (cells + width > starts.length) {
          starts = grown(starts, cells + width);
          ends = grown(ends, cells + width);
        }
        let k = 0;
        let from = pos;
        for (let i = pos; i < stop && k < width; i++) {
          const c = text.charCodeAt(i);
          if (c === sep) {
            starts[cells] = from;
            ends[cells++] = i;
            k++;
            from = i + 1;
          } else if (inert && !isInert(c)) inert = false;
        }
        if (k < width) {
          starts[cells] = from;
          ends[cells++] = stop;
        }
        for (k++; k < width; k++) {
          starts[cells] = -1;
          ends[cells++] = -1;
        }
      }
    }
    pos = end + 1;
  }
  return {
    text,
    names: names ?? [],
    starts: starts.subarray(0, cells),
    ends: ends.subarray(0, cells),
    lines: lines.view(),
    body,
    inert,
  };
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

/** Whether a carriage return stands anywhere but before a line feed (the csv module ends a line there too). */
function hasLoneCarriageReturn(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1))
    if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}
