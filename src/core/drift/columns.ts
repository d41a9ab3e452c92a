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

export class ColumnBuilder {
  private numbers = new Float64Array(1024);
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
    if (this.size === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.size++] = value;
  }

  addCategory(value: string): void {
    if (!this.counts) this.counts = this.numbersAsCounts();
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  build(): Column {
    if (this.counts) return { kind: 'categorical', name: this.name, counts: this.counts, missing: this.missing };
    const values = sortNumbers(this.numbers.slice(0, this.size));
    return { kind: 'numeric', name: this.name, values, missing: this.missing };
  }

  private numbersAsCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (let i = 0; i < this.size; i++) {
      const key = numberAsCategory(this.numbers[i]!);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    this.numbers = new Float64Array(0);
    this.size = 0;
    return counts;
  }
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
