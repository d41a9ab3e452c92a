// Plot data files read as `dvc plots` reads them (dvc/repo/plots: parse and _load_sv; dvc/utils/serialize):
// CSV and TSV through Python's csv.DictReader (every value a string, a short row padded with null, blank
// lines skipped, `header: false` naming the columns 0, 1, ...), JSON and YAML as their parsers load them.
// Each row remembers the line it starts on, so a bad value can be reported where it is written.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Table } from './row-source';

export type { Datum } from './row-source';

/** What a data file holds: for CSV/TSV its table, else the loaded document (and a JSON file's text). */
export type DataContent =
  | Table
  | { kind: 'document'; value: unknown; json?: string }
  | { kind: 'image'; bytes: Buffer };

export interface DataError {
  /** DVC's exception type, as `--json` reports it. */
  type: string;
  message: string;
  /** 1-based line of the problem, when one is known. */
  line?: number;
}

export type DataResult = { ok: true; content: DataContent } | { ok: false; error: DataError };

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.gif', '.png', '.svg']);
const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(['.json', '.yaml', '.yml', '.csv', '.tsv', '.toml', '.py']);

export function extensionOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(file));
}

/** Loads one data file's bytes; `header` is the CSV/TSV option of its plot output. */
export function parseDataFile(file: string, bytes: Buffer, header = true): DataResult {
  const ext = extensionOf(file);
  if (IMAGE_EXTENSIONS.has(ext)) return { ok: true, content: { kind: 'image', bytes } };
  if (!TEXT_EXTENSIONS.has(ext))
    return fail(
      'PlotMetricTypeError',
      `'${file}' - file type error\nOnly JSON, YAML, CSV and TSV formats are supported.`,
    );
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD')))
    return fail('EncodingError', `'${file}' is not valid UTF-8: save it as UTF-8 text`);
  if (ext === '.csv' || ext === '.tsv')
    return { ok: true, content: readDelimited(text, ext === '.tsv' ? '\t' : ',', header) };
  if (ext === '.json') return parseJson(file, text);
  if (ext === '.yaml' || ext === '.yml') return parseYamlText(file, text);
  return fail(
    'PlotMetricTypeError',
    `'${file}': TOML and Python files hold params, not plot data; plot a JSON, YAML, CSV or TSV file`,
  );
}

function fail(type: string, message: string, line?: number): DataResult {
  return { ok: false, error: line === undefined ? { type, message } : { type, message, line } };
}

function parseJson(file: string, text: string): DataResult {
  try {
    return { ok: true, content: { kind: 'document', value: JSON.parse(text), json: text } };
  } catch (err) {
    const at = /position (\d+)/.exec(String(err))?.[1];
    const line = at === undefined ? undefined : lineAt(text, Number(at));
    const where = line === undefined ? '' : ` at line ${line}`;
    return fail(
      'JSONFileCorruptedError',
      `unable to read '${file}': JSON is corrupted${where} (${(err as Error).message})`,
      line,
    );
  }
}

function parseYamlText(file: string, text: string): DataResult {
  try {
    // ruamel's safe loader gives {} for an empty document, as here.
    return { ok: true, content: { kind: 'document', value: parseYaml(text, { maxAliasCount: 10_000 }) ?? {} } };
  } catch (err) {
    const line = err instanceof YAMLParseError ? err.linePos?.[0].line : undefined;
    const where = line === undefined ? '' : ` at line ${line}`;
    return fail('YAMLFileCorruptedError', `unable to read '${file}': YAML file structure is corrupted${where}`, line);
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Python's csv reader (excel dialect: `"` quotes, doubled to escape, any line ending) feeding a DictReader.
 * Blank lines give no row; a row shorter than the header gets null for the missing columns.
 */
export function readDelimited(text: string, delimiter: string, header: boolean): Table {
  // A file without quotes or lone carriage returns (most of them) is cut in one pass.
  const { names, cells, starts } =
    text.includes('"') || /\r(?!\n)/.test(text)
      ? recordCells(quotedRecords(text, delimiter), header)
      : unquotedCells(text, delimiter, header);
  const width = names.length;
  // A tab inside a CSV cell, quotes, backslashes and other control characters need escaping in JSON.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const escaped = delimiter === '\t' ? /["\\\x00-\x08\x0b\x0c\x0e-\x1f]/ : /["\\\x00-\x09\x0b\x0c\x0e-\x1f]/;
  const plain = !escaped.test(text) && new Set(names).size === width;
  return { kind: 'table', columns: names, cells, count: starts.length, lines: Int32Array.from(starts), plain };
}

interface Cells {
  names: string[];
  /** Row-major, `names.length` per row: null where a row was short, fields past the width dropped. */
  cells: (string | null)[];
  /** 1-based line each row starts on. */
  starts: number[];
}

/** The names a DictReader gives columns: the header's, or 0, 1, ... for the first record's width. */
function columnNames(first: string[] | undefined, header: boolean): string[] {
  return header ? (first ?? []) : (first ?? []).map((_, k) => String(k));
}

/** Records of the quoting reader as a DictReader's rows. */
function recordCells({ records, starts }: Records, header: boolean): Cells {
  const names = columnNames(records[0], header);
  if (header) {
    records.shift();
    starts.shift();
  }
  const width = names.length;
  const cells: (string | null)[] = new Array(records.length * width);
  for (let r = 0; r < records.length; r++) {
    const fields = records[r]!;
    for (let k = 0; k < width; k++) cells[r * width + k] = k < fields.length ? fields[k]! : null;
  }
  return { names, cells, starts };
}

/** A file without quotes: each non-empty line's fields go straight into the cells (no string per line). */
function unquotedCells(text: string, delimiter: string, header: boolean): Cells {
  const sep = delimiter.charCodeAt(0);
  const cells: (string | null)[] = [];
  const starts: number[] = [];
  let names: string[] | undefined;
  let line = 0;
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    line++;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > pos) {
      const first = names === undefined;
      names ??= columnNames(text.slice(pos, stop).split(delimiter), header);
      if (!(first && header)) {
        starts.push(line);
        const width = names.length;
        let k = 0;
        let from = pos;
        for (let i = pos; i < stop && k < width; i++)
          if (text.charCodeAt(i) === sep) {
            cells.push(text.slice(from, i));
            k++;
            from = i + 1;
          }
        if (k < width) cells.push(text.slice(from, stop));
        for (k++; k < width; k++) cells.push(null);
      }
    }
    pos = end + 1;
  }
  return { names: names ?? [], cells, starts };
}

interface Records {
  records: string[][];
  /** 1-based line each record starts on. */
  starts: number[];
}

/** The csv module's reader character by character: quoted fields may hold delimiters, quotes and line breaks. */
function quotedRecords(text: string, delimiter: string): Records {
  const records: string[][] = [];
  const starts: number[] = [];
  const sep = delimiter.charCodeAt(0);
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let sawAny = false;
    for (;;) {
      if (i >= n) {
        if (sawAny || field !== '') fields.push(field);
        break;
      }
      const c = text.charCodeAt(i);
      if (quoted) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === 10) line++;
          field += text[i];
          i++;
        }
        continue;
      }
      if (c === 34 && field === '') {
        quoted = true;
        sawAny = true;
        i++;
      } else if (c === sep) {
        fields.push(field);
        field = '';
        sawAny = true;
        i++;
      } else if (c === 10 || c === 13) {
        if (sawAny || field !== '') fields.push(field);
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        break;
      } else {
        // A run of plain characters at once: most of a large file is this.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === sep || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        field += text.slice(i, j);
        sawAny = true;
        i = j;
      }
    }
    if (fields.length > 0) {
      records.push(fields);
      starts.push(startLine);
    }
  }
  return { records, starts };
}
