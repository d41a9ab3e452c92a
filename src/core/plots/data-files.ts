// Plot data files read as `dvc plots` reads them (dvc/repo/plots: parse and _load_sv; dvc/utils/serialize):
// CSV and TSV through Python's csv.DictReader (every value a string, a short row padded with null, blank
// lines skipped, `header: false` naming the columns 0, 1, ...), JSON and YAML as their parsers load them, TOML
// and Python as DVC loads params files. A document is kept twice: as Python holds it (a whole float such as
// `2.0` stays a float, py-value.ts), which `--json` writes, and as plain numbers, which the charts draw.
// Each row remembers the line it starts on, so a bad value can be reported where it is written.
import type { DataDocument, DataError, DataResult } from './data-content';
import { corrupted, encodingError, extensionOf, isTextData, parseTextData } from './data-text';
import { parseParamsText, yamlDocument } from '../pipeline/params-files';
import { yamlToValue } from '../pipeline/yaml-value';
import { tooDeepNode } from '../pipeline/nesting';
import { refusedTab } from '../pipeline/yaml-tabs';
import { plainValue, type Value } from '../pipeline/py-value';

export type { DataContent, DataDocument, DataError, DataResult, Datum } from './data-content';

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.gif', '.png', '.svg']);
const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(['.json', '.yaml', '.yml', '.csv', '.tsv', '.toml', '.py']);

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(file));
}

/** DVC's error for a file it does not read as plot data, told by the extension alone (found or not). */
export function unsupportedType(file: string): DataError | undefined {
  const ext = extensionOf(file);
  if (IMAGE_EXTENSIONS.has(ext) || TEXT_EXTENSIONS.has(ext)) return undefined;
  return {
    type: 'PlotMetricTypeError',
    message: `'${file}' - file type error\nOnly JSON, YAML, CSV and TSV formats are supported.`,
  };
}

/**
 * Loads one data file's bytes; `header` is the CSV/TSV option of its plot output; `outline`: a JSON file's rows are to
 * be written as JSON from its bytes (collect.ts's `writesJson`).
 */
export function parseDataFile(file: string, bytes: Buffer, header = true, outline = false): DataResult {
  const ext = extensionOf(file);
  if (IMAGE_EXTENSIONS.has(ext)) return { ok: true, content: { kind: 'image', bytes } };
  const unsupported = unsupportedType(file);
  if (unsupported) return { ok: false, error: unsupported };
  if (isTextData(file)) return parseTextData(file, bytes, header, outline);
  const notUtf8 = encodingError(file, bytes);
  if (notUtf8) return notUtf8;
  const text = bytes.toString('utf8');
  if (ext === '.yaml' || ext === '.yml') return parseYamlText(file, text);
  return parseParamsLike(file, text, ext === '.py' ? 'python' : 'toml');
}

/**
 * TOML, and Python read as DVC reads params (dvc/utils/serialize/_py.py: the module's literal assignments, never
 * run; params-python.ts parses the text): a list of rows under one of its names plots as a JSON list would.
 */
function parseParamsLike(file: string, text: string, format: 'toml' | 'python'): DataResult {
  // By the last extension, as dvc/repo/plots parse() picks (os.path.splitext), not as load_path picks.
  const parsed = parseParamsText(file, text, format);
  if (parsed.error)
    return corrupted(file, parsed.format === 'python' ? 'Python' : 'TOML', parsed.error.range.start.line + 1);
  return { ok: true, content: loaded(parsed.values) };
}

/** A document as Python loaded it, and its plain values when first asked for. */
function loaded(python: Value): DataDocument {
  let plain: unknown;
  return { kind: 'document', python: () => python, value: () => (plain ??= plainValue(python)) };
}

/** YAML loaded as the params reader loads it (params-files.ts: ruamel's numbers, merge keys, aliases capped). */
function parseYamlText(file: string, text: string): DataResult {
  const { doc, lc } = yamlDocument(text);
  const at = tooDeepNode(doc.contents)?.range?.[0] ?? doc.errors[0]?.pos[0] ?? refusedTab(text);
  const { value, error } =
    at === undefined ? yamlToValue(doc.contents, lc, doc, null) : { value: null, error: 'unreadable' };
  if (error !== undefined) return corrupted(file, 'YAML', at === undefined ? undefined : lc.linePos(at).line);
  // ruamel's safe loader gives {} for an empty document, as here.
  return { ok: true, content: loaded(value ?? {}) };
}
