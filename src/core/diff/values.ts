// Metrics and params files read as DVC reads them for `metrics show|diff` and `params diff`: loaded by
// extension (JSON, YAML, TOML, Python; dvc/utils/serialize), metrics kept to numbers, strings and booleans
// (dvc/repo/metrics/show.py _extract_metrics), params narrowed to the tracked keys (read_param_file), then
// flattened to dotted keys with lists as Python prints them (dvc/utils/diff.py format_dict + flatten).
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { missingFile } from '../revisions/cached-outputs';
import { type ParamsFormat, parseParamsText } from '../pipeline/params-files';
import type { Dict, Value } from '../pipeline/py-value';
import { PyFloat, isDict, pyFloat } from '../pipeline/py-value';

/** A leaf as DVC compares it: a number (PyFloat for a whole float), a string, a boolean or null. */
export type Leaf = number | PyFloat | string | boolean | null;

/** A file's values flattened (`values`) and as loaded (`tree`, what `metrics show --json` prints), or its error. */
export type FileValues =
  | { ok: true; values: Map<string, Leaf>; tree: Value }
  | { ok: false; type: string; message: string };

export function readMetrics(root: string, fs: FileSystem, file: string): FileValues {
  const loaded = load(root, fs, file, true);
  if (!loaded.ok) return loaded;
  // `_extract_metrics(val) or {}`: a file of one value is that value (a string, say), unless it is falsy.
  const extracted = extractMetrics(loaded.values);
  const tree = extracted === undefined || isFalsy(extracted) ? {} : extracted;
  // One value is one metric named "" (DVC's table gives it a column without a name).
  return { ok: true, values: isDict(tree) ? flatten(tree) : new Map([['', tree as Leaf]]), tree };
}

const isFalsy = (v: Value): boolean => v === 0 || v === '' || v === false || (v instanceof PyFloat && v.value === 0);

export function readParams(root: string, fs: FileSystem, file: string, keys: readonly string[] | null): FileValues {
  const loaded = load(root, fs, file);
  if (!loaded.ok) return loaded;
  const all = flatten(loaded.values);
  if (keys === null) return { ok: true, values: all, tree: loaded.values };
  const kept = new Map<string, Leaf>();
  for (const [k, v] of all) if (keys.some((key) => k === key || k.startsWith(`${key}.`))) kept.set(k, v);
  return { ok: true, values: kept, tree: loaded.values };
}

/** `anyValue`: a document that is not a dict is read as its value (metrics), not refused (params). */
function load(
  root: string,
  fs: FileSystem,
  file: string,
  anyValue = false,
): { ok: true; values: Value } | { ok: false; type: string; message: string } {
  const text = fs.readText(path.join(root, file));
  if (text === undefined) {
    const missing = missingFile(fs, root, file);
    return { ok: false, type: missing.type, message: missing.message };
  }
  const parsed = parseParamsText(file, text);
  if (anyValue && parsed.top !== undefined) return { ok: true, values: parsed.top };
  if (parsed.error)
    return {
      ok: false,
      type: CORRUPTED[parsed.format],
      message: `unable to read: '${file}', ${parsed.error.message}`,
    };
  return { ok: true, values: parsed.values };
}

/** DVC's error type for a file its loader cannot read (its message is ours: it says where and why). */
const CORRUPTED: Record<ParamsFormat, string> = {
  yaml: 'YAMLFileCorruptedError',
  json: 'JSONFileCorruptedError',
  toml: 'TOMLFileCorruptedError',
  python: 'PythonFileCorruptedError',
};

/** Numbers, strings and booleans; dicts recursed and dropped when nothing is left; lists and null dropped. */
function extractMetrics(v: Value): Value | undefined {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof PyFloat) return v;
  if (!isDict(v)) return undefined;
  const out: Dict = {};
  for (const [k, child] of Object.entries(v)) {
    const m = extractMetrics(child);
    if (m !== undefined && !(isDict(m) && Object.keys(m).length === 0)) out[k] = m;
  }
  return out;
}

/** Dotted keys to leaves; a list becomes its Python str(), as DVC formats it before comparing. */
export function flatten(v: Value, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (isDict(v)) {
    for (const [k, child] of Object.entries(v)) flatten(child, prefix === '' ? k : `${prefix}.${k}`, out);
    return out;
  }
  if (prefix === '') return out;
  out.set(prefix, Array.isArray(v) ? pyRepr(v) : (v as Leaf));
  return out;
}

/** Python's repr of loaded data (lists inside params print this way in DVC's diff). */
export function pyRepr(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
    .join(', ')}}`;
}
