// The rows of one data file as a plot reads them, in the form they were loaded: a CSV/TSV file as a table of
// cells (no object per row), a JSON/YAML file as its list of objects, with, for a JSON list, where each object
// is written in the file. A row becomes an object only when a panel draws it; `plots --json` writes a row as
// text straight from its cells or from its own bytes in the file (the values as the file spells them, no number
// parsed and printed again), which is what keeps a 100k-row plot fast. datapointsOf finds a file's rows as DVC's
// get_datapoints does (every list of same-keyed objects in a JSON/YAML document merged by index).
import type { DataContent, DataDocument, Datum, Table } from './data-content';
import type { JsonList } from './json-outline';
import type { JsonPieces } from './json-pieces';
import { pythonJson } from '../pipeline/python-json';

export type { Datum, Table } from './data-content';

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

/** The rows of a document or table (get_datapoints); never written to (row blocks share them). */
export function datapointsOf(content: DataContent): RowSource {
  if (content.kind === 'table') return content;
  if (content.kind === 'image') return objectRows([]);
  if (content.outline) {
    const lists = content.outline.lists.filter((l) => l.uniform);
    // One list (the usual ROC or curve file): its objects are the rows, written from the file where they stand.
    if (lists.length === 1) return outlinedRows(content, lists[0]!);
    if (lists.length === 0) return objectRows([]);
  }
  const lists = [...listsIn(content.value())].filter((l) => isDatapointList(l.list));
  // The same lists in the document as Python loaded it (the same paths), for --json; merged when first asked for.
  let python: Datum[] | undefined;
  const pythonRows = (): Datum[] => (python ??= merged(lists.map(({ path }) => listAt(content.python(), path))));
  return objectRows(merged(lists.map(({ list }) => list as Datum[])), pythonRows);
}

/** Lists of rows merged by index (one list: itself). */
function merged(lists: Datum[][]): Datum[] {
  if (lists.length === 1) return lists[0]!;
  const result: Datum[] = [];
  for (const list of lists)
    list.forEach((d, i) => {
      result[i] = Object.assign(result[i] ?? {}, d);
    });
  return result;
}

/** The list at a key path of a document (listsIn's paths). */
function listAt(document: unknown, path: readonly string[]): Datum[] {
  let at = document;
  for (const key of path) at = (at as Datum)[key];
  return at as Datum[];
}

/** A JSON list's rows where the file holds them; objects only when something reads their values. */
function outlinedRows(content: DataDocument, list: JsonList): RowSource {
  const bytes = content.outline!.bytes;
  let built: readonly Datum[] | undefined;
  let python: readonly Datum[] | undefined;
  return {
    kind: 'objects',
    count: list.count,
    keys: list.keys,
    objects: () => (built ??= listAt(content.value(), list.path)),
    // Only rows that gain a field inside them (several y fields, x from another file) are written from these.
    python: () => (python ??= listAt(content.python(), list.path)),
    // Rows without keys are written from their objects (`{}` then the added fields).
    ...(list.keys.length > 0 ? { spans: { bytes, starts: list.starts, ends: list.ends } } : {}),
    clean: list.clean && list.keys.length > 0,
  };
}

/** Lists in a document with their key paths: itself when it is one, else each list among its values, through nested objects. */
export function* listsIn(blob: unknown, path: string[] = []): Generator<{ list: unknown[]; path: string[] }> {
  if (Array.isArray(blob)) yield { list: blob, path };
  else if (isObject(blob))
    for (const [key, value] of Object.entries(blob)) {
      if (isObject(value)) yield* listsIn(value, [...path, key]);
      else if (Array.isArray(value)) yield { list: value, path: [...path, key] };
    }
}

export function isObject(v: unknown): v is Datum {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isDatapointList(list: unknown[]): list is Datum[] {
  if (!list.every(isObject)) return false;
  const first = list[0];
  if (first === undefined) return true;
  // Every object has the same keys as the first (in any order). Counted with for…in: no array per row.
  const keys = new Set(Object.keys(first));
  for (const d of list as Datum[]) {
    let n = 0;
    for (const k in d) {
      if (!keys.has(k)) return false;
      n++;
    }
    if (n !== keys.size) return false;
  }
  return true;
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
