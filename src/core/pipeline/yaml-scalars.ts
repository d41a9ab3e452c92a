// What a plain YAML scalar means, as DVC's loader reads it: ruamel.yaml's YAML 1.2 implicit resolvers
// (ruamel/yaml/resolver.py `implicit_resolvers`, the (1, 2) entries) and the constructors behind them
// (constructor.py construct_yaml_int / construct_yaml_float), which params.yaml, metrics, dvc.lock (parse_yaml)
// and dvc.yaml (strictyaml's round-trip load) all go through. It differs from the yaml package's core schema:
// `_` separates digits (`1_000`), `0b101` is binary, hex/octal/binary take a sign, and `.5e1` (a leading-dot
// mantissa with an unsigned exponent) stays a string. The one list below serves both readers: the fast path
// resolves its plain scalars with `plainValue`, and the yaml package gets the same resolvers as its schema
// (`RUAMEL_SCHEMA`), so both build the same nodes.
// Left as the yaml package has them: dates stay strings (ruamel makes dates, which DVC prints as the same text
// but cannot write as JSON), and integers past 2^53 lose precision.
import type { ScalarTag, Tags } from 'yaml';

const TAG = 'tag:yaml.org,2002:';

/** A scalar that held no digits after its prefix (`0x_`): ruamel raises ValueError; it stays text here. */
const NO_DIGITS = Symbol('no digits');

function int(s: string): number | typeof NO_DIGITS {
  let body = s.includes('_') ? s.replace(/_/g, '') : s;
  const negative = body[0] === '-';
  if (negative || body[0] === '+') body = body.slice(1);
  const prefix = body.slice(0, 2);
  const base = prefix === '0b' ? 2 : prefix === '0x' ? 16 : prefix === '0o' ? 8 : 10;
  if (base !== 10) body = body.slice(2);
  if (body === '') return NO_DIGITS;
  const n = base === 10 ? Number(body) : parseInt(body, base);
  // `0 - n`: Python has no negative zero int (`-0` is 0).
  return negative ? 0 - n : n;
}

function float(s: string): number | typeof NO_DIGITS {
  let body = s.includes('_') ? s.replace(/_/g, '') : s;
  const negative = body[0] === '-';
  if (negative || body[0] === '+') body = body.slice(1);
  // The test let through only these spellings of nan and inf; Number() reads `1E3` as Python's float() does.
  if (body[1] === 'n' || body[1] === 'N') return NaN;
  const x = body[1] === 'i' || body[1] === 'I' ? Infinity : body === '.' ? NaN : Number(body);
  if (Number.isNaN(x)) return NO_DIGITS;
  return negative ? -x : x;
}

// Each test also holds its resolver's first characters (`_1` matches the int pattern, but no resolver of ruamel's
// is listed under `_`).
const FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
interface Resolver {
  tag: string;
  test: RegExp;
  resolve: (s: string) => unknown;
}
const BOOL_R: Resolver = {
  tag: 'bool',
  test: /^(?:true|True|TRUE|false|False|FALSE)$/,
  resolve: (s) => s[0] === 't' || s[0] === 'T',
};
const FLOAT_R: Resolver = { tag: 'float', test: FLOAT, resolve: float };
const INT_R: Resolver = {
  tag: 'int',
  test: /^(?=[-+0-9])(?:[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
  resolve: int,
};
const NULL_R: Resolver = { tag: 'null', test: /^(?:~|null|Null|NULL)?$/, resolve: () => null };
const RESOLVERS: readonly Resolver[] = [BOOL_R, FLOAT_R, INT_R, NULL_R];

function resolved(s: string, r: Resolver): unknown {
  const v = r.resolve(s);
  return v === NO_DIGITS ? s : v;
}

/**
 * The value of a plain (unquoted, untagged) scalar's text. Like ruamel, the first character picks the resolvers to
 * try (a number's: float, then int), so most text is known to be a string without a regex.
 */
export function plainValue(s: string): unknown {
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (FLOAT.test(s)) return resolved(s, FLOAT_R);
    return INT_R.test.test(s) ? resolved(s, INT_R) : s;
  }
  if (c === 116 || c === 84 || c === 102 || c === 70) return BOOL_R.test.test(s) ? BOOL_R.resolve(s) : s;
  if (c === 110 || c === 78 || c === 126 || Number.isNaN(c)) return NULL_R.test.test(s) ? null : s;
  return s;
}

/** Whether a number's source text is a float in ruamel (`1.0`, `1e3`, `1_000.0`) rather than an int. */
export const isFloatSource = (source: string): boolean => FLOAT.test(source);

// The yaml package's core schema with its null, bool, int and float tags resolving as ruamel does: the first of each
// (no `format`) takes the resolver's test and value and keeps how it writes values out; the others (`0x`, `0o`,
// exponent, .inf/.nan forms) only write values out, their tests matching nothing.
const NEVER = /$^/;
function ruamelTags(tags: Tags): Tags {
  const taken = new Set<string>();
  return tags.map((t): Tags[number] => {
    if (typeof t !== 'object' || t.collection) return t;
    const r = RESOLVERS.find((x) => TAG + x.tag === t.tag);
    if (!r) return t;
    if (t.format !== undefined || taken.has(r.tag)) return { ...t, test: NEVER };
    taken.add(r.tag);
    return { ...t, test: r.test, resolve: (s: string) => resolved(s, r) } satisfies ScalarTag;
  });
}

/** Options for the yaml package's parseDocument and Document: plain scalars resolved as ruamel resolves them. */
export const RUAMEL_SCHEMA = { customTags: ruamelTags } as const;
