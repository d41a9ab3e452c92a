// Plain scalars as the yaml package's core schema (YAML 1.2) reads them, and Scalar nodes built like its own:
// shared by the fast YAML path so its values and node fields match the yaml package's exactly.
import { Scalar } from 'yaml';

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

export function coreValue(s: string): unknown {
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
