// The shapes a plot data file is loaded into (data-files.ts and the parse thread's data-text.ts make them;
// row-source.ts reads rows from them): on their own, so the readers and the row code share them without importing
// each other.
import type { JsonOutline } from './json-outline';
import type { Value } from '../pipeline/py-value';

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

/**
 * A JSON, YAML, TOML or Python document: its value, parsed when first asked for, and for JSON its outline
 * (json-outline.ts), which is all `plots --json` reads of a one-list file.
 */
export interface DataDocument {
  kind: 'document';
  /** Plain values, what the charts read (a whole float is a number). */
  value(): unknown;
  /** The values as Python loaded them (whole floats are PyFloat), what `--json` writes; the same shape. */
  python(): Value;
  outline?: JsonOutline;
}

/** What a data file holds: for CSV/TSV its table, else the loaded document. */
export type DataContent = Table | DataDocument | { kind: 'image'; bytes: Buffer };

export interface DataError {
  /** DVC's exception type, as `--json` reports it. */
  type: string;
  message: string;
  /** 1-based line of the problem, when one is known. */
  line?: number;
}

export type DataResult = { ok: true; content: DataContent } | { ok: false; error: DataError };
