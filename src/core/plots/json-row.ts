// The rows of a JSON plot file as json-outline.ts reads them: an object's keys in the order JSON.parse gives them,
// and the common row of a uniform list (the first row's keys in its order, each value a number or a plain string)
// read by one function without calls, the hot path of outlining a 100k-point ROC file. Anything else is left to
// the outline's general reader, which also decides whether the text is JSON at all.
import { isInert } from '../stream-scrub';

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

function isArrayIndex(key: string): boolean {
  return ARRAY_INDEX.test(key) && Number(key) < 4294967295;
}

/** Keys as JSON.parse orders an object's: array indices first, by value, then the others as first written. */
export function jsOrder(keys: Iterable<string>): string[] {
  const all = [...keys];
  const indices = all.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return indices.length === 0 ? all : [...indices, ...all.filter((k) => !isArrayIndex(k))];
}

/** Set by sameRow: whether the strings of the row it read were all inert. */
let inertRow = true;

/** Whether the strings of the row sameRow last read were all inert (core/stream-scrub.ts). */
export function sameRowWasInert(): boolean {
  return inertRow;
}

/**
 * The common row, read in one function without calls: the first row's keys in its order, each value a number or
 * a string without escapes. → The index after the row, or -1 when it is anything else (`row` then reads it,
 * and says whether it is JSON at all). A third of a 100k-row ROC file's outline was calls between small readers.
 */
export function sameRow(text: Buffer, i: number, at: readonly number[], len: readonly number[]): number {
  const keys = at.length;
  if (keys === 0) return -1;
  inertRow = true;
  let c = text[++i]!;
  for (let k = 0; ; ) {
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++i]!;
    const from = at[k]!;
    const n = len[k]!;
    for (let j = 0; j < n; j++) if (text[i + j]! !== text[from + j]!) return -1;
    i += n;
    c = text[i]!;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++i]!;
    if (c !== 58) return -1;
    c = text[++i]!;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++i]!;
    if (c === 34) {
      for (c = text[++i]!; c !== 34; c = text[++i]!) {
        if (!(c >= 32) || c === 92) return -1;
        if (!isInert(c)) inertRow = false;
      }
      c = text[++i]!;
    } else {
      if (c === 45) c = text[++i]!;
      if (c === 48) c = text[++i]!;
      else if (c >= 49 && c <= 57)
        do c = text[++i]!;
        while (c >= 48 && c <= 57);
      else return -1;
      if (c === 46) {
        c = text[++i]!;
        if (!(c >= 48 && c <= 57)) return -1;
        do c = text[++i]!;
        while (c >= 48 && c <= 57);
      }
      if (c === 101 || c === 69) {
        c = text[++i]!;
        if (c === 43 || c === 45) c = text[++i]!;
        if (!(c >= 48 && c <= 57)) return -1;
        do c = text[++i]!;
        while (c >= 48 && c <= 57);
      }
    }
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++i]!;
    if (++k === keys) return c === 125 ? i + 1 : -1;
    if (c !== 44) return -1;
    c = text[++i]!;
  }
}
