// Nodes built like the yaml package's own, for the fast YAML path: plain scalars read as its core schema (YAML 1.2)
// reads them, Scalar fields as it sets them, and the duplicate keys its `uniqueKeys` option would refuse.
import { Scalar } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';

export type Range3 = [number, number, number];

// The yaml package's core schema (YAML 1.2), in the same order.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

// Every non-string form above starts with one of these (or is empty): other text skips the eight tests.
const MAYBE_NOT_STRING = /^[-+.~0-9nNtTfF]/;

export function coreValue(s: string): unknown {
  if (s !== '' && !MAYBE_NOT_STRING.test(s)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (OCT.test(s)) return parseInt(s.slice(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (NAN_INF.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** A Scalar node with the fields the yaml package sets when it parses one. */
export function scalar(value: unknown, range: Range3, type: Scalar.Type, source: string): Scalar {
  const s = new Scalar(value);
  s.range = range;
  s.type = type;
  (s as Scalar & { source: string }).source = source;
  return s;
}

/** A repeated key and the first occurrence it repeats. */
export interface Duplicate {
  key: Scalar;
  first: Scalar;
}

/** Keys repeated in one mapping (same value and type: `1` and `"1"` differ, as in ruamel). */
export function collectDuplicates(map: YAMLMap, out: Duplicate[]): void {
  const items = map.items as Pair[];
  const keyAt = (i: number) => (items[i] as Pair).key as Scalar;
  // Most mappings are small: a scan beats a Map there; large ones (a thousand stages) use one.
  const seen = items.length > 16 ? new Map<unknown, Scalar>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const key = keyAt(i);
    let first = seen?.get(key.value);
    if (seen && !first) seen.set(key.value, key);
    for (let j = 0; !seen && !first && j < i; j++) if (keyAt(j).value === key.value) first = keyAt(j);
    if (first) out.push({ key, first });
  }
}
