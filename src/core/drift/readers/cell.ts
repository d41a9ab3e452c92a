// One cell of a text file (CSV, TSV) into a column: a number, a missing value, or a category. Numbers are
// parsed straight from the bytes (decimal.ts) when that parser can decide them; anything else goes through
// JavaScript's own parser, so every number reads as the same double Python's float() gives.
import { type ColumnBuilder, MISSING_TOKENS } from '../columns';
import { parseDecimal } from './decimal';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?(inf|infinity)$/i;
const SPACE = 0x20;
const TAB = 0x09;

/** Adds the cell bytes [start, end) of `buf` to `column`. */
export function addCell(column: ColumnBuilder, buf: Buffer, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
  while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  if (s === e) {
    column.addMissing();
    return;
  }
  const fast = parseDecimal(buf, s, e);
  if (fast !== undefined) column.addNumber(fast);
  else addText(column, buf.toString('utf8', s, e));
}

/** A cell already decoded (quoted fields, JSON strings in CSV-like data). */
export function addText(column: ColumnBuilder, raw: string): void {
  const text = raw.trim();
  if (MISSING_TOKENS.has(text)) {
    column.addMissing();
    return;
  }
  // Only text starting like a number can be one: most categories skip both patterns.
  const first = text.charCodeAt(0);
  const numberLike = (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e;
  if (numberLike && NUMBER.test(text)) column.addNumber(Number(text));
  else if ((numberLike || first === 0x69 || first === 0x49) && INFINITE.test(text)) column.addMissing();
  else column.addCategory(raw);
}
