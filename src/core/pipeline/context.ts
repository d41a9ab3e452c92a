// The variables `${}` sees, built as DVC builds them (dvc/parsing/context.py): params.yaml beside dvc.yaml
// when it exists, then top-level `vars` in order, then a stage's own `vars`. Dicts merge key by key;
// redefining any other value is an error. Each variable remembers where it was defined.
import * as path from 'node:path';
import type { Diagnostic, Range } from '../diagnostics';
import type { FileSystem } from '../fs';
import { hasInterpolation } from './interpolate';
import { hasKey, isDict, setKey, type Dict, type Value, type Vars } from './py-value';
import { readParamsFile } from './params-files';

/** One entry of a `vars` list: a file name (optionally `file:key1,key2`) or an inline dict. */
export type VarsEntry =
  | { kind: 'file'; spec: string; range: Range }
  | { kind: 'inline'; value: Dict /** Dotted key → range in dvc.yaml. */; keys: Map<string, Range>; range: Range };

export interface VarSource {
  /** Absolute path of the file holding the definition (dvc.yaml itself for inline vars). */
  file: string;
  range: Range;
  /** How DVC names the source in messages: `params.yaml`, `vars[0]`, `train.vars[1]`. */
  label: string;
}

export interface VarContext {
  readonly vars: Vars;
  /** Dotted path → where it was defined (only paths that came from files or inline vars). */
  readonly sources: ReadonlyMap<string, VarSource>;
  /** Absolute path of each loaded file → the keys selected from it (null: the whole file). */
  readonly imports: ReadonlyMap<string, readonly string[] | null>;
  /** Names bound by foreach/matrix (`item`, `key`) that vars may not redefine. */
  readonly reserved: ReadonlySet<string>;
}

export const DEFAULT_PARAMS_FILE = 'params.yaml';

export const emptyContext: VarContext = { vars: {}, sources: new Map(), imports: new Map(), reserved: new Set() };

/** Where a dotted variable path (`train.lr`) was defined: the path itself or its nearest defined parent. */
export function sourceOf(ctx: VarContext, dotted: string): VarSource | undefined {
  for (let p = dotted; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const s = ctx.sources.get(p);
    if (s) return s;
  }
  return undefined;
}

/** foreach/matrix bindings (`item`, `key`): they shadow existing variables and are reserved. */
export function withBindings(base: VarContext, bindings: Record<string, Value>): VarContext {
  return {
    vars: { ...base.vars, ...bindings },
    sources: base.sources,
    imports: base.imports,
    reserved: new Set([...base.reserved, ...Object.keys(bindings)]),
  };
}

interface Building {
  vars: Dict;
  sources: Map<string, VarSource>;
  imports: Map<string, string[] | null>;
  reserved: ReadonlySet<string>;
  dvcFile: string;
  fs: FileSystem;
  diagnostics: Diagnostic[];
}

function error(b: Building, code: string, message: string, range: Range): void {
  b.diagnostics.push({ code, severity: 'error', message, range });
}

/** DVC's _merge: dicts merge recursively; any other existing key is a conflict. Copies before writing. */
function merge(into: Dict, update: Dict, at: string, onConflict: (dotted: string) => void): void {
  for (const [k, v] of Object.entries(update)) {
    const dotted = at + k;
    const cur = hasKey(into, k) ? into[k] : undefined;
    if (isDict(cur) && isDict(v)) {
      const copy = { ...cur };
      setKey(into, k, copy);
      merge(copy, v, `${dotted}.`, onConflict);
    } else if (cur !== undefined) {
      onConflict(dotted);
    } else {
      setKey(into, k, v);
    }
  }
}

function addSources(
  b: Building,
  keys: ReadonlyMap<string, Range>,
  file: string,
  label: string,
  only?: readonly string[],
): void {
  for (const [k, range] of keys) {
    if (only && !only.some((s) => k === s || k.startsWith(`${s}.`))) continue;
    if (!b.sources.has(k)) b.sources.set(k, { file, range, label });
  }
}

function mergeChecked(b: Building, update: Dict, label: string, rangeOf: (dotted: string) => Range): void {
  const clash = Object.keys(update).filter((k) => b.reserved.has(k));
  if (clash.length > 0) {
    const names = clash.map((k) => `'${k}'`).join(' and ');
    error(
      b,
      'vars-conflict',
      `Attempted to modify reserved ${clash.length > 1 ? 'keys' : 'key'} ${names} in '${label}': foreach/matrix define it for each generated stage. Rename the variable.`,
      rangeOf(clash[0] as string),
    );
    return;
  }
  merge(b.vars, update, '', (dotted) => {
    const prev = sourceOf({ vars: b.vars, sources: b.sources, imports: b.imports, reserved: b.reserved }, dotted);
    const where = prev ? `'${prev.label}'` : 'the context';
    const d: Diagnostic = {
      code: 'vars-conflict',
      severity: 'error',
      message: `Cannot redefine '${dotted}' from '${label}' as it already exists in ${where}. DVC does not let vars override each other: rename one of them or drop it from one source.`,
      range: rangeOf(dotted),
    };
    if (prev) d.related = [{ file: prev.file, range: prev.range, message: `'${dotted}' is first defined here` }];
    b.diagnostics.push(d);
  });
}

/** `file` or `file:key1,key2`, resolved against `dir` (DVC's merge_from). */
function loadFile(b: Building, spec: string, dir: string, range: Range): void {
  const colon = spec.indexOf(':');
  const rel = colon < 0 ? spec : spec.slice(0, colon);
  const keysText = colon < 0 ? '' : spec.slice(colon + 1);
  const selected = keysText ? keysText.split(',').filter(Boolean) : [];
  const keys = selected.length > 0 ? selected : null;
  const abs = path.resolve(dir, rel);
  if (b.imports.has(abs)) {
    const imported = b.imports.get(abs) ?? null;
    if (!keys && imported === null) return; // naming a whole file twice is allowed
    if ((!keys && imported !== null) || (keys && imported !== null && keys.some((k) => imported.includes(k)))) {
      return error(
        b,
        'vars-conflict',
        `Cannot load '${spec}' as it is partially loaded already. Select each key of a file only once.`,
        range,
      );
    }
    if (keys && imported === null)
      return error(
        b,
        'vars-conflict',
        `Cannot partially load '${spec}' as it is already loaded whole (params.yaml beside dvc.yaml is loaded by default). Drop this entry.`,
        range,
      );
  }
  const file = readParamsFile(b.fs, abs);
  if (!file) {
    const isDir = b.fs.stat(abs)?.isDirectory;
    return error(
      b,
      isDir ? 'invalid-vars-file' : 'missing-vars-file',
      isDir
        ? `'${rel}' is a directory; vars need a params file.`
        : `Vars file '${rel}' does not exist (looked for ${abs}). Create it or fix the name.`,
      range,
    );
  }
  if (file.error) {
    const d: Diagnostic = {
      code: 'invalid-vars-file',
      severity: 'error',
      message: `Cannot read vars file '${rel}': ${file.error.message}`,
      range,
    };
    d.related = [{ file: abs, range: file.error.range, message: file.error.message }];
    b.diagnostics.push(d);
    return;
  }
  let data: Dict = file.values;
  if (keys) {
    data = {};
    for (const k of keys) {
      if (!Object.prototype.hasOwnProperty.call(file.values, k)) {
        return error(
          b,
          'invalid-vars-file',
          `Could not find '${k}' in '${rel}'. Select top-level keys that exist in the file.`,
          range,
        );
      }
      setKey(data, k, file.values[k] as Value);
    }
  }
  mergeChecked(b, data, spec, () => range);
  addSources(b, file.keys, abs, rel, keys ?? undefined);
  const prev = b.imports.get(abs);
  if (prev === undefined) b.imports.set(abs, keys ? [...keys] : null);
  else if (keys && prev) prev.push(...keys);
}

function loadEntries(b: Building, entries: readonly VarsEntry[], dir: string, labelPrefix: string): void {
  entries.forEach((entry, index) => {
    if (entry.kind === 'file') {
      if (hasInterpolation(entry.spec))
        return error(
          b,
          'invalid-interpolation',
          `Interpolation is not allowed in 'vars'. Write the file name literally.`,
          entry.range,
        );
      return loadFile(b, entry.spec, dir, entry.range);
    }
    const label = `${labelPrefix}vars[${index}]`;
    const bad = interpolatedAt(entry.value, '');
    if (bad !== undefined) {
      return error(
        b,
        'invalid-interpolation',
        `Interpolation is not allowed in 'vars'. Write the value literally.`,
        entry.keys.get(bad) ?? entry.range,
      );
    }
    mergeChecked(b, entry.value, label, (dotted) => entry.keys.get(dotted) ?? entry.range);
    addSources(b, entry.keys, b.dvcFile, label);
  });
}

/** Dotted path of the first string (value or dict key) holding a `${}`, as DVC's check_interpolations finds it. */
function interpolatedAt(v: Value, at: string): string | undefined {
  const join = (k: string) => (at ? `${at}.${k}` : k);
  if (typeof v === 'string') return hasInterpolation(v) ? at : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = interpolatedAt(v[i] as Value, join(String(i)));
      if (hit !== undefined) return hit;
    }
  } else if (isDict(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (hasInterpolation(k)) return join(k);
      const hit = interpolatedAt(x, join(k));
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

function start(base: VarContext, dvcFile: string, fs: FileSystem): Building {
  const b: Building = {
    vars: { ...base.vars },
    sources: new Map(base.sources),
    imports: new Map([...base.imports].map(([k, v]) => [k, v ? [...v] : null])),
    reserved: base.reserved,
    dvcFile,
    fs,
    diagnostics: [],
  };
  return b;
}

function finish(b: Building): { context: VarContext; diagnostics: Diagnostic[] } {
  return {
    context: { vars: b.vars, sources: b.sources, imports: b.imports, reserved: b.reserved },
    diagnostics: b.diagnostics,
  };
}

/**
 * The top-level context of one dvc.yaml: params.yaml in its folder (when it exists), then `vars`.
 * Diagnostics point into dvc.yaml (at the offending entry or key).
 */
export function buildContext(args: {
  dvcFile: string;
  vars: readonly VarsEntry[];
  fs: FileSystem;
  varsRange?: Range;
}): { context: VarContext; diagnostics: Diagnostic[] } {
  const dir = path.dirname(args.dvcFile);
  const b = start(emptyContext, args.dvcFile, args.fs);
  const defaultFile = path.join(dir, DEFAULT_PARAMS_FILE);
  // Anything there but a folder is loaded, so a link to a device is reported rather than silently skipped.
  const stat = args.fs.stat(defaultFile);
  if (stat && !stat.isDirectory) {
    const at: Range = args.varsRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    loadFile(b, DEFAULT_PARAMS_FILE, dir, at);
  }
  loadEntries(b, args.vars, dir, '');
  return finish(b);
}

/** A stage's own `vars`, loaded relative to its wdir (absolute) on top of the top-level context. */
export function extendContext(
  base: VarContext,
  args: { dvcFile: string; stageName: string; wdir: string; vars: readonly VarsEntry[]; fs: FileSystem },
): { context: VarContext; diagnostics: Diagnostic[] } {
  if (args.vars.length === 0) return { context: base, diagnostics: [] };
  const b = start(base, args.dvcFile, args.fs);
  loadEntries(b, args.vars, args.wdir, `${args.stageName}.`);
  return finish(b);
}
