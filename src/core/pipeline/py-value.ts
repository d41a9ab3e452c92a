// Python's values as DVC holds them after loading YAML, JSON, TOML or a Python params file, and how Python
// prints them (repr and str of numbers). Shared by the pipeline reader (`${}` interpolation, params files) and
// the runner (dvc.lock, params and metrics comparisons), so both print `1.0` and `1e+16` as DVC does.

/**
 * A float whose value is a whole number (`1.0`, `1e16`). JS numbers cannot tell it from an int, but DVC
 * prints it as Python does (`1.0`, `1e+16`), in stage names and commands. Other floats are plain numbers.
 */
export class PyFloat {
  private readonly kind = 'float';
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
  toString(): string {
    return pyFloat(this.value);
  }
}

/** A number as loaded: whole-number floats become PyFloat so they print as DVC prints them. */
export function pyNumberValue(n: number, isFloat: boolean): number | PyFloat {
  return isFloat && Number.isInteger(n) ? new PyFloat(n) : n;
}

/** Data as DVC sees it after loading YAML/JSON/TOML/Python. */
export type Value = null | boolean | number | PyFloat | string | Value[] | Dict;
export interface Dict {
  [key: string]: Value;
}
/** The variables an expression can see. */
export type Vars = Readonly<Record<string, Value>>;

/**
 * Sets a key of a dict built from repository data. A plain `d[k] = v` with k = `__proto__` would replace the
 * object's prototype instead of adding the key DVC sees; everything else is a normal assignment.
 */
export function setKey(d: Dict, k: string, v: Value): void {
  if (k === '__proto__')
    Object.defineProperty(d, k, { value: v, enumerable: true, writable: true, configurable: true });
  else d[k] = v;
}

/** Whether a dict has its own key `k` (never an inherited one such as `constructor` or `toString`). */
export const hasKey = (d: Dict, k: string): boolean => Object.prototype.hasOwnProperty.call(d, k);

export function isDict(v: Value | undefined): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}

/** Loaded values as JSON-like values: a whole float is a number here (what the plots' charts read). */
export function plainValue(v: Value): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(plainValue);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}

/** Python's repr of a float (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function pyFloat(x: number): string {
  // Between 1e-4 and 1e16 JS and Python both print the shortest round-trip digits without an exponent; Python
  // only adds `.0` to whole numbers. (-0 and the exponent ranges take the general path below.)
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16) return Number.isInteger(x) ? `${x}.0` : String(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const exp = Number(expText);
  const digits = mant.replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) out = '0.' + '0'.repeat(-exp - 1) + digits;
    else if (digits.length > exp + 1) out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    else out = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
  } else {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? '-' + out : out;
}

/** Python's str() of a number: integers stay integers, other numbers print as floats. */
export function pyNumber(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e21 ? String(x) : pyFloat(x);
}
