// The result of checking a block of .mlops.json ("drift", "checks", "alerts"): the typed value, or one
// message naming the key at fault and what it accepts.
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
