// One cell of a text file (CSV, TSV) into a column: a number, a missing value, or a category. Numbers are
// parsed straight from the bytes when Clinger's fast path is exact (≤ 15 digits, |exponent| ≤ 22: one
// correctly rounded multiply or divide gives the same double as a full parser); anything else goes through
// JavaScript's own parser, so every number reads as the same double Python's float() gives.
import { type ColumnBuilder, MISSING_TOKENS } from '../columns';

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
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
  const fast = fastNumber(buf, s, e);
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

function fastNumber(buf: Buffer, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (buf[i] === 0x2d || buf[i] === 0x2b) {
    negative = buf[i] === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let c = buf[i]!;
  while (i < end && c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    digits++;
    c = buf[++i]!;
  }
  if (i < end && c === 0x2e) {
    c = buf[++i]!;
    while (i < end && c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      exponent--;
      c = buf[++i]!;
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  if (i < end && (c === 0x65 || c === 0x45)) {
    i++;
    let expNegative = false;
    if (buf[i] === 0x2d || buf[i] === 0x2b) {
      expNegative = buf[i] === 0x2d;
      i++;
    }
    let exp = 0;
    let expDigits = 0;
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39 && expDigits < 5) {
      exp = exp * 10 + (buf[i]! - 0x30);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return undefined;
    exponent += expNegative ? -exp : exp;
  }
  if (i !== end || exponent < -22 || exponent > 22) return undefined;
  const value = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
  return negative ? -value : value;
}
