// The plot data files most plots read — CSV, TSV and JSON — parsed as DVC reads them, apart from the YAML and
// TOML/Python readers; data-files.ts dispatches here for these extensions.
import { isUtf8 } from 'node:buffer';
import type { DataDocument, DataError, DataResult } from './data-content';
import { readDelimited } from './delimited';
import { type JsonOutline, outlineJson } from './json-outline';
import { parseJsonShape, pythonJsonLoads } from '../pipeline/json-loads';
import { plainValue } from '../pipeline/py-value';

const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD');

export function extensionOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

/** Whether `file` is read here (CSV, TSV or JSON): what the parse thread may be given. */
export function isTextData(file: string): boolean {
  const ext = extensionOf(file);
  return ext === '.json' || ext === '.csv' || ext === '.tsv';
}

/**
 * Bytes that are not UTF-8 would read as U+FFFD (one written in the file is no error). Checked on the bytes: a JSON
 * file outlined for --json is never decoded at all.
 */
export function encodingError(file: string, bytes: Buffer): DataResult | undefined {
  if (isUtf8(bytes) || bytes.includes(REPLACEMENT_CHARACTER)) return undefined;
  return fail('EncodingError', `'${file}' is not valid UTF-8: save it as UTF-8 text`);
}

/** A CSV, TSV or JSON file (isTextData) as parseDataFile loads it; `header` and `outline` as there. */
export function parseTextData(file: string, bytes: Buffer, header: boolean, outline: boolean): DataResult {
  const notUtf8 = encodingError(file, bytes);
  if (notUtf8) return notUtf8;
  const ext = extensionOf(file);
  if (ext === '.json') return parseJson(file, bytes, outline);
  const text = bytes.toString('utf8');
  return {
    ok: true,
    // An ASCII file's offsets are its bytes' too: `--json` then copies cells from the bytes.
    content: readDelimited(text, ext === '.tsv' ? '\t' : ',', header, text.length === bytes.length ? bytes : undefined),
  };
}

/** DVC's error for a data file that does not parse (dvc/utils/serialize); the 1-based line says where. */
export function corrupted(
  file: string,
  format: 'JSON' | 'YAML' | 'TOML' | 'Python',
  line: number | undefined,
): DataResult {
  return fail(`${format}FileCorruptedError`, `unable to read: '${file}', ${format} file structure is corrupted`, line);
}

export function fail(type: string, message: string, line?: number): DataResult {
  const error: DataError = line === undefined ? { type, message } : { type, message, line };
  return { ok: false, error };
}

/** `outline`: outline the file too (its rows are to be written as JSON from the bytes). */
function parseJson(file: string, bytes: Buffer, outline: boolean): DataResult {
  const outlined = outline ? outlineJson(bytes) : undefined;
  if (outlined) return { ok: true, content: jsonDocument(bytes, outlined) };
  // Not JSON (JSON.parse says where), or nested too deep for the outline.
  const text = bytes.toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, content: jsonDocument(bytes, undefined, { value }) };
  } catch {
    // JSON but for Python's NaN and Infinity, which json.loads reads?
  }
  try {
    parseJsonShape(text);
    return { ok: true, content: jsonDocument(bytes, undefined) };
  } catch (err) {
    // DVC's words; the line (V8 gives a position) says where. Never V8's own message: it quotes the file's text.
    const at = /position (\d+)/.exec(String(err))?.[1];
    return corrupted(file, 'JSON', at === undefined ? undefined : lineAt(text, Number(at)));
  }
}

/**
 * A JSON file's document over its bytes (valid JSON, or JSON but for NaN/Infinity): JSON.parse's values for the charts (`known` when already
 * parsed), json.loads's for --json (a `2.0` stays a float), each read only when asked for (a one-list file outlined
 * for --json needs neither).
 */
export function jsonDocument(
  bytes: Buffer,
  outline: JsonOutline | undefined,
  known?: { value: unknown },
): DataDocument {
  let text: string | undefined;
  const read = <T>(parse: (text: string) => T): (() => T) => {
    let value: T;
    let parsed = false;
    return () => {
      if (!parsed) value = parse((text ??= bytes.toString('utf8')));
      parsed = true;
      return value;
    };
  };
  const value = known ? () => known.value : read(chartValues);
  return { kind: 'document', value, python: read(pythonJsonLoads), ...(outline ? { outline } : {}) };
}

/** JSON.parse's values; for a file with Python's NaN or Infinity (which JSON.parse refuses), Python's, as numbers. */
function chartValues(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return plainValue(pythonJsonLoads(text));
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
