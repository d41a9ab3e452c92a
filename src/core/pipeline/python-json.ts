// Python's `json.dumps` as DVC calls it, byte for byte: `", "` and `": "` between items, floats as Python's
// repr (`1.0`, `1e-05`, `NaN`, `Infinity`), `sort_keys=True` ordering keys by code point, and `ensure_ascii`
// (the default) writing every character outside space..`~` as a lowercase `\uXXXX` UTF-16 unit. DVC hashes
// these bytes: a directory listing (dvc_data's tree hash), the run cache's key and value
// (dvc/stage/cache.py → dvc/utils dict_sha256), an experiment's hash; its `--json` output prints them too.
import { PyFloat, pyFloat } from './py-value';

export interface PythonJsonOptions {
  /** `sort_keys=True`: keys in Python's string order (code points); otherwise in insertion order. */
  sortKeys?: boolean;
  /** `ensure_ascii` (Python's default): non-ASCII as `\uXXXX`; false keeps the characters as they are. */
  ensureAscii?: boolean;
  /** `separators=(',', ':')`: nothing between items, as `plots --json` writes its rows. */
  compact?: boolean;
}

/** `json.dumps(value)` with the given options; a Map is a dict in its own order. */
export function pythonJson(value: unknown, options: PythonJsonOptions = {}): string {
  const { sortKeys = false, ensureAscii = true, compact = false } = options;
  const str = ensureAscii ? pythonJsonString : (s: string) => JSON.stringify(s);
  const [comma, colon] = compact ? [',', ':'] : [', ', ': '];
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (v instanceof PyFloat) return floatJson(v.value);
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatJson(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return `[${v.map(dump).join(comma)}]`;
    const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
    if (sortKeys) entries.sort(([a], [b]) => comparePython(String(a), String(b)));
    return `{${entries.map(([k, x]) => `${str(String(k))}${colon}${dump(x)}`).join(comma)}}`;
  };
  return dump(value);
}

function floatJson(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return pyFloat(x);
}

/** A string as Python's json.dumps writes it with ensure_ascii: everything outside space..`~` escaped. */
export function pythonJsonString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s) && !/["\\]/.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python compares str by code point; JavaScript's `<` by UTF-16 unit. They differ only above U+FFFF. */
export function comparePython(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done) return cb.done ? 0 : -1;
    if (cb.done) return 1;
    const d = (ca.value.codePointAt(0) as number) - (cb.value.codePointAt(0) as number);
    if (d !== 0) return d;
  }
}
