// How `mlops metrics|params` print: JSON as `dvc ... --json` writes it (Python's json.dumps spacing, whole
// floats as `1.0`), and the tables of dvc/compare.py — plain text or GitHub Markdown for a pull request —
// with floats rounded to 5 digits and `-` for what is missing.
import { PyFloat, pyFloat } from '../pipeline/py-value';
import { pythonJson } from '../pipeline/python-json';
import type { DiffResult } from './compare';
import type { Leaf } from './values';

/** json.dumps of plain data as `dvc … --json` prints it (characters kept, keys in their order). */
export function pyJson(v: unknown): string {
  return pythonJson(v, { ensureAscii: false });
}

/** A diff as JSON objects (files and keys in order). */
export function diffJson(diff: DiffResult): string {
  return pyJson(new Map([...diff].map(([file, changes]) => [file, new Map([...changes].map(([k, c]) => [k, c]))])));
}

/** DVC's cell text: floats rounded to `digits` (5 by default), whole floats as `1.0`, missing as `-`. */
export function cell(v: Leaf | number | PyFloat | undefined, digits = 5): string {
  if (v === null || v === undefined) return '-';
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(pyRound(v, digits));
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v;
}

/**
 * Python's `round(x, digits)`: the nearest value with `digits` decimals, an exact tie to the even one. toFixed
 * also rounds the exact binary value, but a tie away from zero; a tie is exact only when x·10^(digits+1) is a
 * whole number ending in 5, which needs x·2^(digits+1) whole (0.015625 = 1/64 at 5 digits: Python 0.01562).
 */
export function pyRound(x: number, digits: number): number {
  if (Number.isInteger(x * 2 ** (digits + 1)) && Math.abs(x) < 1e21) {
    const longer = Math.abs(x).toFixed(digits + 1);
    if (longer.endsWith('5')) {
      const down = longer.slice(0, -1).replace(/\.$/, '');
      // The digit kept is even: the value truncated toward zero is Python's; else toFixed's (away from zero).
      if (Number(down.at(-1)) % 2 === 0) return Math.sign(x) * Number(down);
    }
  }
  return Number(x.toFixed(digits));
}

export interface TableOptions {
  title: 'Metric' | 'Param';
  oldRev: string;
  newRev: string;
  /** The Change column (metrics show it, params do not). */
  changes: boolean;
  markdown: boolean;
}

export function diffTable(diff: DiffResult, options: TableOptions): string {
  const headers = ['Path', options.title, options.oldRev, options.newRev, ...(options.changes ? ['Change'] : [])];
  const rows: string[][] = [];
  for (const [file, changes] of diff)
    for (const [key, c] of changes)
      rows.push([file, key, cell(c.old), cell(c.new), ...(options.changes ? [cell(c.diff)] : [])]);
  return renderTable(headers, rows, options.markdown);
}

/** tabulate's "github" (Markdown) or "plain" layout, every column left-aligned. */
export function renderTable(headers: string[], rows: string[][], markdown: boolean): string {
  // DVC's ui.table prints nothing for no rows, except in Markdown: the headers and their rule (a PR comment
  // saying "nothing changed").
  if (rows.length === 0 && !markdown) return '';
  // tabulate pads headers by two at least, in both layouts.
  const widths = headers.map((h, i) => Math.max(h.length + 2, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    markdown
      ? `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
      : cells
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd();
  const out = [line(headers)];
  if (markdown) out.push(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) out.push(line(r));
  // DVC ends a Markdown table with an empty line, so tables pasted one after another stay apart.
  return `${out.join('\n')}\n${markdown ? '\n' : ''}`;
}
