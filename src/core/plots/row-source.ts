// The rows of one data file as a plot reads them, in the form they were loaded: a CSV/TSV file as a table of
// cells (no object per row), a JSON/YAML file as its list of objects, with, for a JSON list, where each object
// is written in the file. A row becomes an object only when a panel draws it; `plots --json` writes a row as
// text straight from its cells or from its own bytes in the file (the values as the file spells them, no number
// parsed and printed again), which is what keeps a 100k-row plot fast.
import type { JsonPieces } from './json-pieces';
import { pythonJson } from '../pipeline/python-json';

/** A row as an object: field → value (strings from CSV/TSV, anything JSON or YAML holds). */
export type Datum = Record<string, unknown>;

/**
 * A CSV/TSV file (delimited.ts): cell i = r * columns.length + c is `text` [starts[i], ends[i]), null where the
 * row was short (start -1, as DictReader pads it).
 */
export interface Table {
  kind: 'table';
  columns: string[];
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** 1-based line each row starts on. */
  lines: Int32Array;
  /** No cell holds a character JSON escapes (`"`, `\`, a control character), and no two columns share a name. */
  plain: boolean;
  /** No name or cell holds anything the CLI's streams would change (core/stream-scrub.ts). */
  clean: boolean;
  /** The file's bytes, when the text is the file's and ASCII (its offsets are then the bytes' too). */
  bytes?: Uint8Array;
}

/** Cell i of a table (see Table). */
export function cellAt(table: Table, i: number): string | null {
  const start = table.starts[i]!;
  return start < 0 ? null : table.text.slice(start, table.ends[i]);
}

/**
 * Objects of a JSON or YAML document; `spans` gives each one's `{…}` in the file's bytes when they were read from
 * JSON (then the objects are built only when something asks for them: a panel drawing them, never `--json`).
 */
export interface ObjectRows {
  kind: 'objects';
  count: number;
  /** The first row's keys (every row of a list DVC reads has the same). */
  keys: readonly string[];
  objects(): readonly Datum[];
  /** The same rows as Python loaded them (py-value.ts: a whole float is PyFloat), what `--json` writes. */
  python(): readonly Datum[];
  spans?: { bytes: Uint8Array; starts: Int32Array; ends: Int32Array };
  /** Whether `spans.bytes` hold nothing the CLI's streams would change (core/stream-scrub.ts); false without spans. */
  clean: boolean;
}

export type RowSource = Table | ObjectRows;

/** Rows already built (YAML, several JSON lists merged, tests); `python`: the same as Python loaded them. */
export function objectRows(rows: readonly Datum[], python: () => readonly Datum[] = () => rows): ObjectRows {
  return {
    kind: 'objects',
    count: rows.length,
    keys: Object.keys(rows[0] ?? {}),
    objects: () => rows,
    python,
    clean: false,
  };
}

/** A row as `plots --json` writes it: Python's json.dumps, compact (`2.0`, `-0.0`, `NaN` as DVC prints them). */
export function rowJson(row: Datum): string {
  // JSON.stringify writes strings, booleans, null, integers and fractions as Python does; only a whole float
  // (PyFloat), -0, NaN, the infinities and nested values need Python's printer. Most rows have none of these.
  for (const k in row) {
    const v = row[k];
    if (typeof v === 'number' ? !Number.isFinite(v) || Object.is(v, -0) : typeof v === 'object' && v !== null)
      return pythonJson(row, { ensureAscii: false, compact: true });
  }
  return JSON.stringify(row);
}

export function rowCount(source: RowSource): number {
  return source.count;
}

/** The fields of the first row (DVC checks a plot's fields against it). */
export function firstRowFields(source: RowSource): string[] {
  if (source.kind === 'table') return source.count > 0 ? [...new Set(source.columns)] : [];
  return [...source.keys];
}

/** Row r as an object (a copy: the caller may add fields); `python`: its values as Python loaded them. */
export function rowObject(source: RowSource, r: number, python = false): Datum {
  if (source.kind === 'objects') return { ...(python ? source.python() : source.objects())[r] };
  const row: Datum = {};
  const n = source.columns.length;
  for (let c = 0; c < n; c++) row[source.columns[c]!] = cellAt(source, r * n + c);
  return row;
}

/** The 1-based line row r starts on in a CSV/TSV file; 0 for a document's rows. */
export function rowLine(source: RowSource, r: number): number {
  return source.kind === 'table' ? (source.lines[r] ?? 0) : 0;
}

/** Whether row r has `field`, and its value. */
export function hasField(source: RowSource, r: number, field: string): boolean {
  return source.kind === 'objects' ? field in source.objects()[r]! : source.columns.includes(field);
}

/**
 * A writer of the source's rows as JSON less their closing brace, so the caller can add fields a row does not
 * have: it answers 'keys' or 'empty' (whether a field was written), or 'no' (nothing written) when the row cannot
 * be written this way (the caller writes the object). A table's names and punctuation are encoded once here.
 */
export function openRowWriter(source: RowSource): (r: number, out: JsonPieces) => 'keys' | 'empty' | 'no' {
  if (source.kind === 'table') {
    if (!source.plain) return () => 'no';
    const n = source.columns.length;
    const { text, bytes, starts, ends } = source;
    // `{"name":` before the first cell, `,"name":` before the others (a plain table's names need no escaping).
    const keys = source.columns.map((name, c) => Buffer.from(`${c > 0 ? ',' : '{'}"${name}":`));
    return (r, out) => {
      if (n === 0) out.byte(123);
      for (let c = 0; c < n; c++) {
        const i = r * n + c;
        const start = starts[i]!;
        out.put(keys[c]!);
        if (start < 0) out.put(NULL);
        else {
          out.byte(34);
          if (bytes) out.bytes(bytes, start, ends[i]!);
          else out.text(text, start, ends[i]);
          out.byte(34);
        }
      }
      return n > 0 ? 'keys' : 'empty';
    };
  }
  const spans = source.spans;
  if (spans === undefined)
    return (r, out) => {
      const own = rowJson(source.python()[r]!);
      out.text(own, 0, own.length - 1);
      return own.length > 2 ? 'keys' : 'empty';
    };
  // The object as written: it has keys (every row of a list has the first row's keys).
  return (r, out) => {
    out.bytes(spans.bytes, spans.starts[r]!, spans.ends[r]! - 1);
    return 'keys';
  };
}

const NULL = Buffer.from('null');
