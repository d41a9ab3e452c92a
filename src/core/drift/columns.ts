// A data file as the drift tests see it: per column either numbers (without the missing ones) or category
// counts, plus how many values were missing. Readers fill a ColumnBuilder per column, value by value; a
// column stays numeric until a value that is not a number arrives, then its numbers become categories.
// Missing: an empty field, a null, or one of pandas' default NA spellings — the same cells pandas (and so
// Evidently) read as NaN; infinite numbers are counted as missing too, since no distance is defined for them.
import { sortNumbers } from './sort';

export type Column =
  /** `values` ascending: every numeric test needs them sorted, so they are sorted once, where they are read. */
  | { kind: 'numeric'; name: string; values: Float64Array; missing: number }
  | { kind: 'categorical'; name: string; counts: Map<string, number>; missing: number };

export interface Table {
  /** The file it was read from, as given. */
  source: string;
  rows: number;
  /** In file order. */
  columns: Column[];
}

/** pandas.read_csv's default `na_values`. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** How a number prints as a category when its column turns out categorical: as JavaScript writes it. */
export const numberAsCategory = (value: number): string => String(value);

/** Numbers are kept in blocks of at most this many while a file is read (see ColumnBuilder). */
const BLOCK = 65_536;

/**
 * One column as it is read. When the reader can tell how many values to expect (Parquet's row count, a
 * CSV's size over its first rows' length), they go straight into one array of that size, which becomes the
 * column without a copy. Otherwise, or past that size, numbers go into blocks that double up to 64k values,
 * gathered into one exact-size array at the end: growing a single array by doubling held up to twice the
 * column, and its trimmed copy a third time, at the moment both files' columns were complete.
 */
export class ColumnBuilder {
  private readonly full: Float64Array[] = [];
  private block = new Float64Array(1024);
  private used = 0;
  private size = 0;
  private counts: Map<string, number> | undefined;
  missing = 0;

  constructor(readonly name: string) {}

  addMissing(): void {
    this.missing++;
  }

  addNumber(value: number): void {
    if (!Number.isFinite(value)) {
      this.missing++;
      return;
    }
    if (this.counts) {
      this.addCategory(numberAsCategory(value));
      return;
    }
    if (this.used === this.block.length) {
      this.full.push(this.block);
      this.block = new Float64Array(Math.min(BLOCK, this.size));
      this.used = 0;
    }
    this.block[this.used++] = value;
    this.size++;
  }

  /** About `count` values in all are coming: one array of that size from here on, instead of blocks. */
  expect(count: number): void {
    if (this.counts || count <= this.block.length - this.used + this.size) return;
    const size = this.size;
    const block = new Float64Array(count);
    block.set(this.takeNumbers());
    this.block = block;
    this.used = size;
    this.size = size;
  }

  addCategory(value: string): void {
    if (!this.counts) this.counts = this.numbersAsCounts();
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  /** How many numbers the column holds so far. */
  get numbers(): number {
    return this.size;
  }

  /** `scratch`: see sortNumbers. */
  build(scratch?: Uint32Array): Column {
    if (this.counts) return { kind: 'categorical', name: this.name, counts: this.counts, missing: this.missing };
    return {
      kind: 'numeric',
      name: this.name,
      values: sortNumbers(this.takeNumbers(), scratch),
      missing: this.missing,
    };
  }

  /** Every number so far in one array; the builder holds none afterwards. */
  private takeNumbers(): Float64Array {
    if (this.full.length === 0) {
      const numbers = this.block.subarray(0, this.used);
      this.block = new Float64Array(0);
      this.used = 0;
      this.size = 0;
      return numbers;
    }
    const numbers = new Float64Array(this.size);
    let at = 0;
    for (const block of this.full) {
      numbers.set(block, at);
      at += block.length;
    }
    numbers.set(this.block.subarray(0, this.used), at);
    this.full.length = 0;
    this.block = new Float64Array(0);
    this.used = 0;
    this.size = 0;
    return numbers;
  }

  private numbersAsCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const value of this.takeNumbers()) {
      const key = numberAsCategory(value);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}

/** The columns of a file read to its end, sorted with one shared scratch array. */
export function buildColumns(builders: readonly ColumnBuilder[]): Column[] {
  const largest = builders.reduce((most, b) => Math.max(most, b.numbers), 0);
  const scratch = new Uint32Array(2 * largest);
  return builders.map((b) => b.build(scratch));
}

/** Turns a numeric column into category counts (its counterpart in the other file is categorical). */
export function asCategorical(column: Column): Extract<Column, { kind: 'categorical' }> {
  if (column.kind === 'categorical') return column;
  const counts = new Map<string, number>();
  for (const v of column.values) {
    const key = numberAsCategory(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { kind: 'categorical', name: column.name, counts, missing: column.missing };
}

/** A clear problem with an input file: what, where, how to fix. */
export class DataFileError extends Error {}
