// Params files as DVC reads them (dvc/utils/serialize): the format follows the extension (.json, .toml,
// .py; anything else is YAML), an empty document is an empty dict, and every key keeps its range so
// editors can jump to it.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { refusalMessage } from '../bounded-read';
import { BoundedCache, CACHE_LIMITS } from '../bounded-cache';
import type { Range } from '../diagnostics';
import type { FileSystem } from '../fs';
import { isDict, setKey, pyNumberValue, type Dict, type Value } from './py-value';
import { LineIndex } from './line-index';
import { nestingMessage, tooDeepNode, tooDeepValue } from './nesting';
import { parsePython } from './params-python';
import { parseFast } from './fast-yaml';
import { refusedTab } from './yaml-tabs';
import { parseJsonShape, pythonJsonLoads } from './json-loads';
import { RUAMEL_SCHEMA } from './yaml-scalars';
import { yamlToValue } from './yaml-value';

export type ParamsFormat = 'yaml' | 'json' | 'toml' | 'python';

export interface ParamsFile {
  /** The path it was read from. */
  path: string;
  format: ParamsFormat;
  /** The top-level dict (empty when the file does not parse). */
  values: Dict;
  /** Dotted key (`train.lr`; list items as `layers.0`) → range of the key (or item) in the file. */
  keys: Map<string, Range>;
  /** Why DVC could not read it. */
  error?: { message: string; range: Range };
  /** The document's value when it parsed to something other than a dict (`error` then says so): a metrics file
   * may hold one (DVC's metrics take any value; params and plots need a dict). */
  top?: Value;
}

/**
 * The reader DVC's `load_path` picks (dvc/utils/serialize LOADERS): by the name's suffix from its FIRST dot,
 * lowercased (dvc_objects FileSystem.suffix, `name.partition(".")`), so `.json`, `.toml` and `.py` only when
 * nothing but that follows the first dot; anything else is YAML. `scores.ml-1m.json` is read as YAML (JSON text
 * mostly reads alike; a merge conflict's markers then read as a string, not an error), as DVC reads metrics and
 * params.
 */
export function paramsFormat(path: string): ParamsFormat {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.indexOf('.');
  const suffix = dot === -1 ? '' : name.slice(dot).toLowerCase();
  if (suffix === '.json') return 'json';
  if (suffix === '.toml') return 'toml';
  if (suffix === '.py') return 'python';
  return 'yaml';
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function emptyResult(path: string, format: ParamsFormat, message: string, range: Range): ParamsFile {
  return { path, format, values: {}, keys: new Map(), error: { message, range } };
}

function notADict(path: string, format: ParamsFormat, v: Value, range: Range): ParamsFile {
  const kind = Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'a string' : `the value ${JSON.stringify(v)}`;
  const result = emptyResult(
    path,
    format,
    `Params file must contain a mapping of names to values at the top level, found ${kind}.`,
    range,
  );
  return { ...result, top: v };
}

/**
 * The YAML document of a data file (params, metrics, plot data; `json`: JSON read as YAML for its key ranges).
 * Plain block YAML without repeated keys (nearly every params.yaml) takes the pipeline's fast path: the same
 * nodes, several times faster — the experiments table parses one params file per experiment. Otherwise the yaml
 * package, refusing a repeated key as ruamel does (JSON's last one wins, as in Python).
 */
export function yamlDocument(text: string, json = false): { doc: Document; lc: LineCounter } {
  const fast = json ? undefined : parseFast(text);
  if (fast && fast.duplicates.length === 0) return { doc: fast.doc, lc: fast.lines };
  const lc = new LineCounter();
  return {
    doc: parseDocument(text, { ...RUAMEL_SCHEMA, lineCounter: lc, uniqueKeys: !json, prettyErrors: false }),
    lc,
  };
}

function parseYaml(path: string, text: string, format: ParamsFormat): ParamsFile {
  const { doc, lc } = yamlDocument(text, format === 'json');
  // First: past the limit the parser's own error is a stack overflow, which says less.
  const deep = tooDeepNode(doc.contents);
  if (deep) {
    const at = deep.range?.[0] ?? 0;
    return emptyResult(path, format, nestingMessage(path), new LineIndex(text).range(at, at));
  }
  const err = doc.errors[0];
  if (err) {
    const idx = new LineIndex(text);
    const what = format === 'json' ? 'JSON' : 'YAML';
    return emptyResult(
      path,
      format,
      `${what} syntax error: ${err.message.split('\n')[0]}. DVC cannot read this file until it is fixed.`,
      idx.range(err.pos[0], err.pos[1]),
    );
  }
  const tab = format === 'json' ? undefined : refusedTab(text);
  if (tab !== undefined)
    return emptyResult(
      path,
      format,
      'YAML syntax error: a tab where DVC allows only spaces (outside quotes, comments and block scalars). DVC cannot read this file until it is fixed.',
      new LineIndex(text).range(tab, tab + 1),
    );
  const { value, keys, error } = yamlToValue(doc.contents, lc, doc);
  if (error) return emptyResult(path, format, `Cannot read this file: ${error}.`, ZERO);
  if (value === null) return { path, format, values: {}, keys };
  if (!isDict(value)) return notADict(path, format, value, ZERO);
  return { path, format, values: value, keys };
}

function parseJson(path: string, text: string): ParamsFile {
  try {
    const v = parseJsonShape(text) as Value;
    // Python's `json.loads(text) or {}`: falsy documents are empty dicts.
    if (v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0))
      return { path, format: 'json', values: {}, keys: new Map() };
    if (!isDict(v)) return notADict(path, 'json', pythonJsonLoads(text) as Value, ZERO);
    if (tooDeepValue(v)) return emptyResult(path, 'json', nestingMessage(path), ZERO);
  } catch (e) {
    // V8 gives a position only sometimes; the YAML parser (JSON is YAML) finds the same spot otherwise.
    const found = /position (\d+)/.exec(String(e))?.[1] ?? parseDocument(text).errors[0]?.pos[0];
    const at = Number(found ?? 0);
    const idx = new LineIndex(text);
    const range = idx.range(at, Math.min(at + 1, text.length));
    // Never V8's own message: it quotes the file's text ("PATH=/root"...), and a params file may be a link to
    // one that holds secrets (/proc/self/environ). Where it is, is enough.
    const where = `line ${range.start.line + 1}, column ${range.start.character + 1}`;
    return emptyResult(
      path,
      'json',
      `JSON syntax error at ${where}: this is not valid JSON. DVC cannot read this file until it is fixed.`,
      range,
    );
  }
  // Values as Python's json.loads gives them (a float stays a float). Key ranges are for the editor only: read
  // when first asked, by the YAML walker (JSON is YAML; a repeated key: the last one wins, as in Python).
  let keys: Map<string, Range> | undefined;
  return {
    path,
    format: 'json',
    values: pythonJsonLoads(text) as Dict,
    get keys() {
      keys ??= parseYaml(path, text, 'json').keys;
      return keys;
    },
  };
}

function tomlValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return pyNumberValue(v, true);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(tomlValue);
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== null && proto !== Object.prototype) return String(v);
    const out: Dict = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, tomlValue(x));
    return out;
  }
  return v as Value;
}

/** Key ranges of a TOML file: `[table]`, `[[array.of.tables]]` headers and `key = value` lines. */
function tomlKeys(text: string): Map<string, Range> {
  const keys = new Map<string, Range>();
  const idx = new LineIndex(text);
  const arrays = new Map<string, number>();
  let table = '';
  const splitKey = (s: string) =>
    [...s.matchAll(/\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)/g)].map((m) =>
      (m[1] as string).replace(/^["']|["']$/g, ''),
    );
  for (let line = 0; line < idx.lineCount; line++) {
    const t = idx.lineText(line);
    const header = /^(\s*)(\[\[?)\s*([^\]]+?)\s*\]\]?/.exec(t);
    if (header) {
      const name = splitKey(header[3] as string).join('.');
      const col = (header[1] as string).length + (header[2] as string).length;
      if (header[2] === '[[') {
        const n = arrays.get(name) ?? 0;
        arrays.set(name, n + 1);
        keys.set(name, { start: { line, character: col }, end: { line, character: col + name.length } });
        table = `${name}.${n}`;
      } else {
        table = name;
      }
      keys.set(table, {
        start: { line, character: col },
        end: { line, character: col + (header[3] as string).length },
      });
      continue;
    }
    const kv = /^(\s*)((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=/.exec(t);
    if (!kv) continue;
    const col = (kv[1] as string).length;
    const parts = splitKey(kv[2] as string);
    const range = { start: { line, character: col }, end: { line, character: col + (kv[2] as string).length } };
    for (let n = 1; n <= parts.length; n++) {
      const key = [table, ...parts.slice(0, n)].filter(Boolean).join('.');
      if (!keys.has(key) || n === parts.length) keys.set(key, range);
    }
  }
  return keys;
}

function parseTomlFile(path: string, text: string): ParamsFile {
  let parsed: unknown;
  try {
    parsed = parseToml(text, { integersAsBigInt: true });
  } catch (e) {
    const line = e instanceof TomlError ? e.line - 1 : 0;
    const character = e instanceof TomlError ? e.column - 1 : 0;
    const first = String((e as Error).message).split('\n')[0];
    return emptyResult(path, 'toml', `TOML syntax error: ${first}. DVC cannot read this file until it is fixed.`, {
      start: { line, character },
      end: { line, character: character + 1 },
    });
  }
  if (tooDeepValue(parsed)) return emptyResult(path, 'toml', nestingMessage(path), ZERO);
  const values = tomlValue(parsed);
  return { path, format: 'toml', values: isDict(values) ? values : {}, keys: tomlKeys(text) };
}

function parsePy(path: string, text: string): ParamsFile {
  const r = parsePython(text);
  const idx = new LineIndex(text);
  if (r.error)
    return emptyResult(
      path,
      'python',
      `Python syntax error: ${r.error.message}. DVC cannot read this file until it is fixed.`,
      idx.range(r.error.start, r.error.end),
    );
  const keys = new Map<string, Range>();
  for (const [k, [s, e]] of r.keys) keys.set(k, idx.range(s, e));
  return { path, format: 'python', values: r.values, keys };
}

/** `format`: the reader, when not the one DVC's `load_path` picks by the name (plots choose by the last extension). */
export function parseParamsText(path: string, text: string, format = paramsFormat(path)): ParamsFile {
  const file =
    format === 'json'
      ? parseJson(path, text)
      : format === 'toml'
        ? parseTomlFile(path, text)
        : format === 'python'
          ? parsePy(path, text)
          : parseYaml(path, text, 'yaml');
  return file.error
    ? { ...file, error: { ...file.error, message: file.error.message + namingHint(path, format) } }
    : file;
}

/** Why DVC read `params.prod.toml` as YAML, when that is why it failed. */
function namingHint(path: string, format: ParamsFormat): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const last = name.slice(name.lastIndexOf('.'));
  if (format !== 'yaml' || paramsFormat(last) === 'yaml') return '';
  return ` (DVC reads '${name}' as YAML: it picks the reader by all that follows the first dot of the name, '${name.slice(name.indexOf('.'))}'; a name with one dot, such as '${name.slice(0, name.indexOf('.'))}-${name.slice(name.indexOf('.') + 1, name.lastIndexOf('.')).replace(/\./g, '-')}${last}', is read by its extension)`;
}

const cache = new BoundedCache<string, { text: string; file: ParamsFile }>(CACHE_LIMITS.paramsFiles);

/**
 * Reads and parses a params file; undefined when it does not exist, an `error` when it exists but is not read
 * (not a regular file, over the size limit). Parses again only when the text changed.
 */
export function readParamsFile(fs: FileSystem, path: string): ParamsFile | undefined {
  const text = fs.readText(path);
  if (text === undefined) {
    const stat = fs.stat(path);
    // A folder stays "not a params file" (callers say so); a device, FIFO or huge file is an error to report.
    const refused = stat && !stat.isDirectory && refusalMessage(path, stat);
    return refused ? emptyResult(path, paramsFormat(path), refused, ZERO) : undefined;
  }
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.file;
  const file = parseParamsText(path, text);
  cache.set(path, { text, file });
  return file;
}
