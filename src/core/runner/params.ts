// The params values a stage depends on, read as DVC reads them (dvc/dependency/param.py): per params file,
// each dotted key looked up through dicts and lists; a whole-file entry takes the file's top-level keys.
import * as path from 'node:path';
import { nodeFileSystem } from '../fs';
import type { Stage } from '../pipeline/model';
import { readParamsFile } from '../pipeline/params-files';
import { lookupKey } from '../pipeline/params-keys';
import { PyFloat, type Value } from '../pipeline/py-value';

export type ParamsRead = { ok: true; data: Record<string, Value> } | { ok: false; missing: boolean; message: string };

/** Loads a params file as DVC does (format by extension, YAML by default) through the pipeline core's reader. */
export function loadParamsFile(absPath: string): ParamsRead {
  const file = readParamsFile(nodeFileSystem, absPath);
  if (!file) return { ok: false, missing: true, message: `params file ${absPath} does not exist` };
  if (file.error)
    return {
      ok: false,
      missing: false,
      message: `${absPath}:${file.error.range.start.line + 1}: ${file.error.message}`,
    };
  return { ok: true, data: file.values };
}

/** What one params file of a stage asks for: the keys, or the whole file. */
export interface ParamsRequest {
  /** As written (relative to wdir), the key of this file in dvc.lock. */
  file: string;
  abs: string;
  /** undefined: the whole file. */
  keys?: string[];
}

export function paramsRequests(stage: Stage, wdirAbs: string): ParamsRequest[] {
  const byFile = new Map<string, ParamsRequest>();
  for (const ref of stage.params) {
    const file = ref.file.value;
    let req = byFile.get(file);
    if (!req) {
      req = { file, abs: path.resolve(wdirAbs, file), keys: [] };
      byFile.set(file, req);
    }
    if (ref.key === undefined) req.keys = undefined;
    else if (req.keys && !req.keys.includes(ref.key.value)) req.keys.push(ref.key.value);
  }
  return [...byFile.values()];
}

/** The current values for a request: key → value for keys found (missing keys are absent). */
export function currentValues(req: ParamsRequest, data: Record<string, Value>): Record<string, Value> {
  if (req.keys === undefined) return { ...data };
  const out: Record<string, Value> = {};
  for (const key of req.keys) {
    const r = lookupKey(data, key);
    if (r.found) out[key] = r.value;
  }
  return out;
}

/** Python's == on loaded data: ints, floats (PyFloat too) and booleans by value (True == 1), containers deeply. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  const num = (v: unknown): number | undefined =>
    typeof v === 'number'
      ? v
      : v instanceof PyFloat
        ? v.value
        : typeof v === 'boolean' || typeof v === 'bigint'
          ? Number(v)
          : undefined;
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => pythonEquals(v, b[i]));
  }
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(
        (k) =>
          Object.hasOwn(b, k) && pythonEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return a === b;
}
