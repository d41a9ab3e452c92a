// A plot's rows kept as DVC's VegaConverter builds them (dvc/render/converter/vega.py: one block of rows per
// y source and revision, each row the source row with `rev`, `filename`, `field`, the inferred x/y value or the
// `step` index added), but without copying a single row: a block holds the rows of the data file as loaded and
// the fields it adds. `plots show/diff --json` writes rows straight from the blocks (a large plot is hundreds of
// thousands of rows: copying each into a new object was most of the command's time); the charts read a field
// of the rows in place (row-columns.ts), and only a custom template's table builds the few rows it shows.
import type { Datum } from './data-files';
import { JsonPieces, type JsonPiece } from './json-pieces';
import { changedByScrub } from '../stream-scrub';
import {
  firstRowFields as firstFields,
  hasField,
  rowCount,
  rowObject,
  openRowWriter,
  rowJson,
  type RowSource,
} from './row-source';

export const INDEX_FIELD = 'step';
export const INFERRED_X = 'dvc_inferred_x_value';
export const INFERRED_Y = 'dvc_inferred_y_value';

export interface RowBlock {
  /** The y source's rows as loaded (shared with the data file, never written to). */
  rows: RowSource;
  /** The y source (repository-relative). */
  file: string;
  /** x added from another file or field (`as` is the row's x key); absent when the rows hold x themselves. */
  xFrom?: { rows: RowSource; field: string; as: string };
  /** Whether the row's index is added as `step` (no x source at all). */
  index: boolean;
  /** The y field copied into `dvc_inferred_y_value` (several y fields share the axis). */
  inferredY?: string;
  /** Fields every row gets, in DVC's order: `rev`, then `filename` / `field` / `filename::field` as kept. */
  constant: Datum;
}

/** The r-th row of a block as an object (the key order DVC writes); `python`: its values as Python loaded them. */
export function rowAt(block: RowBlock, r: number, python = false): Datum {
  const d = rowObject(block.rows, r, python);
  if (block.inferredY !== undefined && block.inferredY in d) d[INFERRED_Y] = d[block.inferredY];
  if (block.index) d[INDEX_FIELD] = r;
  else if (block.xFrom && hasField(block.xFrom.rows, r, block.xFrom.field))
    d[block.xFrom.as] = rowObject(block.xFrom.rows, r, python)[block.xFrom.field];
  return Object.assign(d, block.constant);
}

/**
 * The rows as JSON (`{...},{...}`), in pieces of about `chunk` bytes that end between rows (each taken before
 * the next is written). A row that only gains fields it does not have is written from its source (row-source.ts)
 * with them appended.
 */
export function* rowsJson(blocks: readonly RowBlock[], chunk = 1 << 20): Generator<JsonPiece> {
  const out = new JsonPieces(chunk);
  const list = { empty: true };
  for (const block of blocks) {
    // (A block's rows are written in a plain function: V8 optimizes a long loop while it runs, not in a generator.)
    const write = blockWriter(block, list, out);
    for (let r = 0; r < rowCount(block.rows); ) {
      r = write(r);
      if (out.full()) yield out.take()!;
    }
  }
  const last = out.take();
  if (last) yield last;
}

/** Writes the block's rows from r on until the piece is full or the rows end; → the next row. */
function blockWriter(block: RowBlock, list: { empty: boolean }, out: JsonPieces): (r: number) => number {
  const constant = JSON.stringify(block.constant).slice(1, -1);
  // Rows made of clean sources, clean added values and the fields' names (clean words) are clean.
  const clean = block.rows.clean && (block.xFrom?.rows.clean ?? true) && !changedByScrub(constant);
  const names = Object.keys(block.constant);
  if (block.index) names.push(INDEX_FIELD);
  const fields = new Set(firstFields(block.rows));
  // Rows of a source share their fields (a table's columns, a list's keys): checked once per block.
  const plain = block.xFrom === undefined && block.inferredY === undefined && !names.some((k) => fields.has(k));
  const step = Buffer.from(`"${INDEX_FIELD}":`);
  const added = Buffer.from(constant);
  const count = rowCount(block.rows);
  if (plain) {
    // The common sources have a loop each (json-pieces.ts): a JSON row's own bytes or a table's ASCII cells, then
    // the index and the added fields, with no call per row.
    const write = plainWriter(block.rows, block.index ? Buffer.from(`,"${INDEX_FIELD}":`) : undefined, constant, out);
    if (write)
      return (from) => {
        if (!clean) out.taint();
        const next = write(from, count, !list.empty);
        list.empty &&= next === from;
        return next;
      };
  }
  const open = openRowWriter(block.rows);
  return (from) => {
    let r = from;
    for (; r < count && !out.full(); r++) {
      if (!list.empty) out.byte(44);
      list.empty = false;
      if (!clean) out.taint();
      const opened = plain ? open(r, out) : 'no';
      if (opened === 'no') out.text(rowJson(rowAt(block, r, true)));
      else {
        let empty = opened === 'empty';
        if (block.index) {
          if (!empty) out.byte(44);
          out.put(step);
          out.int(r);
          empty = false;
        }
        if (added.length > 0) {
          if (!empty) out.byte(44);
          out.put(added);
        }
        out.byte(125);
      }
    }
    return r;
  };
}

/** The loop of json-pieces.ts that writes these rows, or undefined when they are written one by one. */
function plainWriter(
  rows: RowSource,
  step: Uint8Array | undefined,
  constant: string,
  out: JsonPieces,
): ((from: number, to: number, comma: boolean) => number) | undefined {
  const end = { tail: Buffer.from(`${constant === '' ? '' : `,${constant}`}}`), ...(step ? { step } : {}) };
  if (rows.kind === 'objects' && rows.spans && rows.keys.length > 0) {
    const { bytes, starts, ends } = rows.spans;
    return (from, to, comma) => out.spanRows(bytes, starts, ends, { from, to, comma, ...end });
  }
  if (rows.kind !== 'table' || !rows.plain || !rows.bytes || rows.columns.length === 0) return undefined;
  // `{"a":` before the first cell, `,"b":` before the others (a plain table's names need no escaping).
  const keys = rows.columns.map((name, c) => `${c > 0 ? ',' : '{'}"${name}":`);
  const nameAt = new Int32Array(keys.length + 1);
  keys.forEach((key, c) => (nameAt[c + 1] = nameAt[c]! + key.length));
  const names = Buffer.from(keys.join(''));
  const { bytes, starts, ends } = rows;
  const width = keys.length;
  return (from, to, comma) => out.tableRows(bytes, starts, ends, width, names, nameAt, { from, to, comma, ...end });
}
