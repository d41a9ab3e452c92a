// The rows of one data file as a plot reads them, in the form they were loaded: a CSV/TSV file as a table of
// cells (no object per row), a JSON/YAML file as its list of objects, with, for a JSON list, where each object
// is written in the file. A row becomes an object only when a panel draws it; `plots --json` writes a row as
// text straight from its cells or from its own bytes in the file (the values as the file spells them, no number
// parsed and printed again), which is what keeps a 100k-row plot fast.
import type { JsonPieces } from './json-pieces';

/** A row as an object: field → value (strings from CSV/TSV, anything JSON or YAML holds). */
export type Datum = Record<string, unknown>;

/** A CSV/TSV file: cell (r, c) is `cells[r * columns.length + c]`, null where the row was short (DictReader). */
export interface Table {
  kind: 'table';
  columns: string[];
  cells: (string | null)[];
  count: number;
  /** 1-based line each row starts on. */
  lines: Int32Array;
  /** No cell holds a character JSON escapes (`"`, `\`, a control character), and no two columns share a name. */
  plain: boolean;
}

/** Objects of a JSON or YAML document; `spans` gives each one's `{…}` in `text` when they were read from JSON. */
export interface ObjectRows {
  kind: 'objects';
  rows: readonly Datum[];
  spans?: { text: string; starts: Int32Array; ends: Int32Array };
}

export type RowSource = Table | ObjectRows;

export function rowCount(source: RowSource): number {
  return source.kind === 'table' ? source.count : source.rows.length;
}

/** The fields of the first row (DVC checks a plot's fields against it). */
export function firstRowFields(source: RowSource): string[] {
  if (source.kind === 'table') return source.count > 0 ? [...new Set(source.columns)] : [];
  const first = source.rows[0];
  return first === undefined ? [] : Object.keys(first);
}

/** Row r as an object (a copy: the caller may add fields). */
export function rowObject(source: RowSource, r: number): Datum {
  if (source.kind === 'objects') return { ...source.rows[r] };
  const row: Datum = {};
  const n = source.columns.length;
  for (let c = 0; c < n; c++) row[source.columns[c]!] = source.cells[r * n + c];
  return row;
}

/** The 1-based line row r starts on in a CSV/TSV file; 0 for a document's rows. */
export function rowLine(source: RowSource, r: number): number {
  return source.kind === 'table' ? (source.lines[r] ?? 0) : 0;
}

/** Whether row r has `field`, and its value. */
export function hasField(source: RowSource, r: number, field: string): boolean {
  return source.kind === 'objects' ? field in source.rows[r]! : source.columns.includes(field);
}

/**
 * Writes row r as JSON less its closing brace, so the caller can add fields the row does not have: 'keys' or
 * 'empty' (whether a field was written), or 'no' (nothing written) when the row cannot be written this way
 * (the caller writes the object).
 */
export function writeOpenRow(source: RowSource, r: number, out: JsonPieces): 'keys' | 'empty' | 'no' {
  if (source.kind === 'table') {
    if (!source.plain) return 'no';
    const n = source.columns.length;
    out.text('{');
    for (let c = 0; c < n; c++) {
      const v = source.cells[r * n + c] ?? null;
      out.text(c > 0 ? ',"' : '"');
      out.text(source.columns[c]!);
      if (v === null) out.text('":null');
      else {
        out.text('":"');
        out.text(v);
        out.text('"');
      }
    }
    return n > 0 ? 'keys' : 'empty';
  }
  const spans = source.spans;
  if (spans === undefined) {
    const own = JSON.stringify(source.rows[r]!);
    out.text(own, 0, own.length - 1);
    return own.length > 2 ? 'keys' : 'empty';
  }
  // The object as written: it has keys (every row of a list has the first row's keys).
  out.text(spans.text, spans.starts[r]!, spans.ends[r]! - 1);
  return 'keys';
}
