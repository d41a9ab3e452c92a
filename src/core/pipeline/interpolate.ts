// DVC's `${}` interpolation: finding, parsing and resolving expressions the way DVC 3 does
// (dvc/parsing/interpolate.py and context.py are the reference; facts only, our own code).
import { BoundedCache, CACHE_LIMITS } from '../bounded-cache';
import { isDict, setKey, PyFloat, pyFloat, pyNumber, type Dict, type Value, type Vars } from './py-value';

export interface Interpolation {
  /** Offset of `$` in the text. */
  start: number;
  /** Offset just after the closing `}`. */
  end: number;
  /** The text between `${` and `}`. */
  expr: string;
  /** Offset of the expression's first character in the text. */
  exprStart: number;
}

export type InterpolationErrorCode = 'undefined-variable' | 'interpolation-syntax' | 'invalid-interpolation';

export interface InterpolationError {
  code: InterpolationErrorCode;
  message: string;
  /** Offsets in the interpolated string. */
  start: number;
  end: number;
}

export type Resolved = { ok: true; value: Value } | { ok: false; error: InterpolationError };

// `${` not preceded by a backslash, up to the first `}` on the same line (DVC's KEYCRE).
const KEY_RE = /(?<!\\)\$\{(.*?)\}/g;

const NO_INTERPOLATIONS: readonly Interpolation[] = [];

/** The `${}` of a text; the result is shared (memoized per text): read it, do not change it. */
export function findInterpolations(text: string): readonly Interpolation[] {
  if (!text.includes('${')) return NO_INTERPOLATIONS;
  let found = foundCache.get(text);
  if (!found) {
    const list: Interpolation[] = [];
    for (const m of text.matchAll(KEY_RE)) {
      const start = m.index;
      list.push({ start, end: start + m[0].length, expr: m[1] ?? '', exprStart: start + 2 });
    }
    found = list;
    foundCache.set(text, found);
  }
  return found;
}

// Foreach templates resolve the same texts for every generated stage.
const foundCache = new BoundedCache<string, readonly Interpolation[]>(CACHE_LIMITS.interpolations);

export function hasInterpolation(text: string): boolean {
  return findInterpolations(text).length > 0;
}

export type ParsedExpression = { ok: true; path: string[] } | { ok: false; message: string; offset: number };

/**
 * DVC's grammar: `word ( '.' word | '[' word ']' )*` where a word is any run of characters other than
 * `.`, `[` and `]`. Each segment is trimmed when looked up, as DVC does.
 */
export function parseExpression(expr: string): ParsedExpression {
  let parsed = parsedCache.get(expr);
  if (!parsed) {
    parsed = parseUncached(expr);
    parsedCache.set(expr, parsed);
  }
  return parsed;
}

// Foreach templates repeat the same expressions for every generated stage.
const parsedCache = new BoundedCache<string, ParsedExpression>(CACHE_LIMITS.expressions);

function parseUncached(expr: string): ParsedExpression {
  const path: string[] = [];
  let i = 0;
  const word = (): string | undefined => {
    let j = i;
    while (j < expr.length && !'.[]'.includes(expr[j] as string)) j++;
    if (j === i) return undefined;
    const w = expr.slice(i, j);
    i = j;
    return w;
  };
  const fail = (what: string): ParsedExpression => ({
    ok: false,
    offset: i,
    message: `expected ${what} at character ${i + 1} of \${${expr}}`,
  });
  const first = word();
  if (first === undefined) return fail('a variable name');
  path.push(first);
  // Like DVC's parser, a failed `.key` or `[index]` is reported at its `.` or `[`.
  while (i < expr.length) {
    const c = expr[i];
    const at = i;
    if (c === '.' || c === '[') {
      i++;
      const w = word();
      const closed = c === '.' || expr[i] === ']';
      if (w === undefined || !closed) {
        i = at;
        return fail(c === '.' ? 'a key after "."' : 'an index in "[...]"');
      }
      if (c === '[') i++;
      path.push(w);
    } else {
      return fail('"." or "["');
    }
  }
  return { ok: true, path };
}

/** DVC's spelling of an expression in messages: segments joined by dots. */
export function exprName(path: readonly string[]): string {
  return path.join('.');
}

export type Selected = { found: true; value: Value } | { found: false };

/** Looks up a parsed path: dict keys by name, list items by (possibly negative) integer, as Python does. */
export function select(vars: Vars, path: readonly string[]): Selected {
  const value = selectValue(vars, path);
  return value === undefined ? { found: false } : { found: true, value };
}

/** `select` without the wrapper object (undefined: not found), for the resolver's hot path. */
function selectValue(vars: Vars, path: readonly string[]): Value | undefined {
  let cur: Value | undefined = undefined;
  for (let n = 0; n < path.length; n++) {
    const seg = (path[n] as string).trim();
    if (n === 0) {
      cur = Object.prototype.hasOwnProperty.call(vars, seg) ? vars[seg] : undefined;
    } else if (Array.isArray(cur)) {
      if (!/^[+-]?\d+$/.test(seg)) return undefined;
      let idx = Number(seg);
      if (idx < 0) idx += cur.length;
      cur = idx >= 0 && idx < cur.length ? cur[idx] : undefined;
    } else if (isDict(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Python's str() of plain data (used where DVC formats with f-strings). */
function pyStr(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

function pyRepr(v: Value): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isDict(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(', ')}}`;
  return pyStr(v);
}

/** POSIX shell quoting as Python's shlex.quote. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function flattenDict(d: Dict, prefix = '', out: [string, Value][] = []): [string, Value][] {
  for (const [k, v] of Object.entries(d)) {
    if (isDict(v)) flattenDict(v, `${prefix}${k}.`, out);
    else out.push([prefix + k, v]);
  }
  return out;
}

/** Turns a dict into command-line arguments as DVC does for `${args}` in cmd (defaults: store_true, nargs). */
function dictToArgs(d: Dict): { ok: true; text: string } | { ok: false; message: string } {
  const parts: string[] = [];
  for (const [k, v] of flattenDict(d)) {
    if (typeof v === 'boolean') {
      if (v) parts.push(`--${k}`);
    } else if (typeof v === 'string') {
      parts.push(`--${k} ${shellQuote(v)}`);
    } else if (Array.isArray(v)) {
      const items: string[] = [];
      for (const item of v) {
        if (Array.isArray(item) || isDict(item))
          return { ok: false, message: `Cannot interpolate nested iterable in '${k}'` };
        items.push(typeof item === 'string' ? shellQuote(item) : pyStr(item));
      }
      if (items.length > 0) parts.push(`--${k} ${items.join(' ')}`);
    } else {
      parts.push(`--${k} ${pyStr(v)}`);
    }
  }
  return { ok: true, text: parts.join(' ') };
}

/** DVC's to_str: booleans as true/false, numbers as Python prints them, dicts as `--key value` arguments. */
export function toStr(v: Value): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isDict(v)) {
    const r = dictToArgs(v);
    return r.ok ? r.text : '';
  }
  return pyStr(v);
}

function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (isDict(v)) return 'dict';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'boolean') return 'bool';
  return 'str';
}

/** DVC refuses lists and dicts except a dict in `cmd` and anything under `foreach`/`matrix` (field absent). */
function checkKind(v: Value, field: string | undefined): string | undefined {
  const composite = Array.isArray(v) || isDict(v);
  if (!composite || field === undefined || field.includes('foreach')) return undefined;
  if (isDict(v) && field === 'cmd') return undefined;
  return `Cannot interpolate data of type '${typeName(v)}'`;
}

/**
 * The longest string interpolation may produce: Linux's MAX_ARG_STRLEN (128 KiB), the most one argument, and so
 * one `sh -c` command, may hold. `${v}` repeated 100,000 times with a 10 KB `v` would otherwise build a 1 GB
 * string (or fail with "Invalid string length").
 */
export const MAX_INTERPOLATED_LENGTH = 128 * 1024;

const tooLong = (m: Interpolation): InterpolationError => ({
  code: 'invalid-interpolation',
  message: `The interpolated text grows past ${MAX_INTERPOLATED_LENGTH / 1024} KiB here (the most one command argument may hold)`,
  start: m.start,
  end: m.end,
});

/** A failed lookup; a successful one is the bare value (no wrapper allocated per `${}`). */
class Failed {
  constructor(readonly error: InterpolationError) {}
}

function lookup(text: string, m: Interpolation, vars: Vars, field: string | undefined): Value | Failed {
  const parsed = parseExpression(m.expr);
  if (!parsed.ok) {
    const at = m.exprStart + parsed.offset;
    return new Failed({
      code: 'interpolation-syntax',
      message: `Invalid interpolation: ${parsed.message}.`,
      start: Math.min(at, m.end - 1),
      end: m.end,
    });
  }
  const value = selectValue(vars, parsed.path);
  if (value === undefined) {
    const name = exprName(parsed.path);
    return new Failed({ code: 'undefined-variable', message: `Could not find '${name}'`, start: m.start, end: m.end });
  }
  const bad = checkKind(value, field);
  if (bad) return new Failed({ code: 'invalid-interpolation', message: bad, start: m.start, end: m.end });
  if (isDict(value) && m.end - m.start !== text.length) {
    const r = dictToArgs(value);
    if (!r.ok) return new Failed({ code: 'invalid-interpolation', message: r.message, start: m.start, end: m.end });
  }
  return value;
}

/**
 * Resolves one string. A string that is exactly one `${x}` keeps x's type; otherwise each `${}` is
 * replaced by its to_str form and `\${` becomes a literal `${`. `field` is the stage key the string sits
 * under (`cmd`, `deps`…), undefined where DVC does not check kinds (foreach, matrix, top-level sections).
 */
export function resolveString(text: string, vars: Vars, field?: string): Resolved {
  const matches = findInterpolations(text);
  if (matches.length === 0) return { ok: true, value: text.includes('\\${') ? text.replace(/\\\$\{/g, '${') : text };
  const only = matches[0] as Interpolation;
  if (matches.length === 1 && only.start === 0 && only.end === text.length) {
    const r = lookup(text, only, vars, field);
    return r instanceof Failed ? { ok: false, error: r.error } : { ok: true, value: r };
  }
  let out = '';
  let index = 0;
  for (const m of matches) {
    const r = lookup(text, m, vars, field);
    if (r instanceof Failed) return { ok: false, error: r.error };
    out += text.slice(index, m.start) + toStr(r);
    index = m.end;
    if (out.length > MAX_INTERPOLATED_LENGTH) return { ok: false, error: tooLong(m) };
  }
  out += text.slice(index);
  return { ok: true, value: out.includes('\\${') ? out.replace(/\\\$\{/g, '${') : out };
}

/** Resolves every string inside a value (dict keys included, as DVC does). */
export function resolveValue(value: Value, vars: Vars, field?: string): { value: Value; errors: InterpolationError[] } {
  const errors: InterpolationError[] = [];
  const walk = (v: Value): Value => {
    if (typeof v === 'string') {
      const r = resolveString(v, vars, field);
      if (r.ok) return r.value;
      errors.push(r.error);
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isDict(v)) {
      const out: Dict = {};
      for (const [k, x] of Object.entries(v)) {
        const key = walk(k);
        setKey(out, typeof key === 'string' ? key : toStr(key), walk(x));
      }
      return out;
    }
    return v;
  };
  return { value: walk(value), errors };
}
