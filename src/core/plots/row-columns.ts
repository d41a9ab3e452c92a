// One field of a block's rows read where the rows keep it — a CSV table's cells, a JSON row's own object, the
// fields the block adds (`rev`, `filename`, `step`, x from another file, the inferred y) — without building a
// row. What the panels draw reads plots this way: a confusion matrix of a million predictions or five ROC
// curves of 100k points is counted and scaled straight from the loaded rows. Each reader gives exactly what
// `rowAt(block, r)[field]` gives (row-blocks.ts decides what a row is; these read it in place).
import { INDEX_FIELD, INFERRED_Y, type RowBlock } from './row-blocks';
import type { RowSource } from './row-source';

/** The value of one field at row r (undefined where the row has no such field). */
export type Column = (r: number) => unknown;

/**
 * `field` of each row of `block`, as `rowAt` builds the row: the block's constant fields win, then `step` or
 * the x taken from another file, then the inferred y, then the row's own field.
 */
export function columnOf(block: RowBlock, field: string): Column {
  if (Object.hasOwn(block.constant, field)) {
    const value = block.constant[field];
    return () => value;
  }
  if (block.index && field === INDEX_FIELD) return (r) => r;
  const own = ownColumn(block.rows, field);
  if (!block.index && block.xFrom !== undefined && field === block.xFrom.as) {
    // Rows of the other file without its field keep their own (JSON and YAML values are never undefined).
    const from = ownColumn(block.xFrom.rows, block.xFrom.field);
    return (r) => {
      const v = from(r);
      return v === undefined ? own(r) : v;
    };
  }
  if (block.inferredY !== undefined && field === INFERRED_Y) {
    const y = ownColumn(block.rows, block.inferredY);
    return (r) => {
      const v = y(r);
      return v === undefined ? own(r) : v;
    };
  }
  return own;
}

/** A field of the source's rows as loaded: a table's column (the last of that name, as DictReader keeps it). */
function ownColumn(source: RowSource, field: string): Column {
  if (source.kind === 'table') {
    const c = source.columns.lastIndexOf(field);
    if (c < 0) return () => undefined;
    const { text, starts, ends } = source;
    const n = source.columns.length;
    return (r) => {
      const start = starts[r * n + c]!;
      return start < 0 ? null : text.slice(start, ends[r * n + c]);
    };
  }
  const rows = source.objects();
  // A field named like an Object.prototype member is read only when the row has it.
  if (field in Object.prototype) return (r) => (Object.hasOwn(rows[r]!, field) ? rows[r]![field] : undefined);
  return (r) => rows[r]![field];
}
