// MLflow's JSON quirks, decoded in one place. Its server serialises protobuf messages, so:
// empty arrays and default values are omitted, doubles that are not finite come as the strings
// "NaN" / "Infinity" / "-Infinity", and int64 fields may come as decimal strings.

export class MlflowProtocolError extends Error {
  constructor(what: string, got: unknown) {
    super(`MLflow sent an unexpected response: ${what} (got ${JSON.stringify(got)?.slice(0, 200) ?? 'undefined'})`);
    this.name = 'MlflowProtocolError';
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, what: string): JsonObject {
  if (v === undefined) return {};
  if (!isObject(v)) throw new MlflowProtocolError(`${what} should be an object`, v);
  return v;
}

/** An omitted repeated field is an empty array. */
export function arr(v: unknown, what: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new MlflowProtocolError(`${what} should be an array`, v);
  return v as Json[];
}

/** An omitted string field is the empty string (proto3 default). */
export function str(v: unknown, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new MlflowProtocolError(`${what} should be a string`, v);
  return v;
}

export function requiredStr(v: unknown, what: string): string {
  const s = str(v, what);
  if (s === '') throw new MlflowProtocolError(`${what} is missing`, v);
  return s;
}

/** A double: a number, or one of the non-finite strings; omitted means 0. */
export function double(v: unknown, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const special = NON_FINITE[v];
    if (special !== undefined) return special;
    const n = Number(v);
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  throw new MlflowProtocolError(`${what} should be a number`, v);
}

/** An int64: a number or a decimal string; omitted means 0. */
export function int64(v: unknown, what: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new MlflowProtocolError(`${what} should be an integer`, v);
  return n;
}

/** An optional int64 where "omitted" must stay distinguishable from 0 (e.g. a run's end time). */
export function optionalInt64(v: unknown, what: string): number | undefined {
  return v === undefined || v === null ? undefined : int64(v, what);
}

/** A double for a request body: protobuf's JSON mapping wants non-finite values as strings. */
export function encodeDouble(n: number): number | string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return n;
}

/** MLflow's repeated {key, value} pairs as a record (last one wins, as in MLflow's own client). */
export function keyValues(v: unknown, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, item] of arr(v, what).entries()) {
    const o = obj(item, `${what}[${i}]`);
    out[requiredStr(o.key, `${what}[${i}].key`)] = str(o.value, `${what}[${i}].value`);
  }
  return out;
}
