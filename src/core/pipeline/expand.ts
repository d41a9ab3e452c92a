// foreach and matrix: which stages a template generates, their names exactly as DVC names them
// (dvc/parsing/__init__.py ForeachDefinition/MatrixDefinition) and the `item`/`key` each one sees.
import type { Diagnostic, Range } from '../diagnostics';
import type { VarContext } from './context';
import { resolveString, toStr, type InterpolationError } from './interpolate';
import { hasKey, isDict, setKey, type Dict, type Value } from './py-value';
import { suggest } from '../suggest';

export interface Generated {
  /** Full stage name, e.g. `train@us`. */
  name: string;
  /** The part after `@`. */
  key: string;
  /** What the template sees: `{item}` for lists, `{item, key}` for dicts and matrix. */
  bindings: Record<string, Value>;
}

export interface ExpandArgs {
  /** Template stage name. */
  name: string;
  /** The `foreach`/`matrix` value as written (may hold `${}` strings). */
  data: Value;
  ctx: VarContext;
  /** Range of the value in dvc.yaml. */
  range: Range;
  /** Dotted path inside `data` → range of the key (yamlToValue's `keys`). */
  keyRanges?: ReadonlyMap<string, Range>;
  /** Dotted path inside `data` → range of the value (yamlToValue's `values`): errors go on the failing value. */
  valueRanges?: ReadonlyMap<string, Range>;
  /** Offsets inside `data` (when it is a string) → range, for errors on one `${}`. */
  toRange?: (start: number, end: number) => Range;
  /** Stages the file's earlier templates generated (they count against MAX_GENERATED_STAGES); 0 when absent. */
  generatedBefore?: number;
}

/** A diagnostic when `count` more stages would take the file over MAX_GENERATED_STAGES. */
function overLimit(args: ExpandArgs, kind: string, count: number, how: string): Diagnostic | undefined {
  const earlier = args.generatedBefore ?? 0;
  if (earlier + count <= MAX_GENERATED_STAGES) return undefined;
  const before = earlier > 0 ? ` (${earlier.toLocaleString('en-US')} generated above)` : '';
  return {
    code: 'too-many-stages',
    severity: 'error',
    message: `The ${kind} of stage '${args.name}' would generate ${count.toLocaleString('en-US')} stages${how}; a dvc.yaml may generate at most ${MAX_GENERATED_STAGES.toLocaleString('en-US')}${before}. Use fewer values, or split it.`,
    range: args.range,
  };
}

/**
 * The most stages one dvc.yaml may generate with foreach and matrix. DVC has no limit, but 5 axes of 100 values
 * are 1e10 stages from 1.5 KB of YAML; counted before any stage is built. 10,000 is five times the largest
 * pipeline we know (2,021 stages) and still validates in seconds.
 */
export const MAX_GENERATED_STAGES = 10_000;

export interface Expansion {
  items: Generated[];
  diagnostics: Diagnostic[];
}

function kindName(v: Value): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (isDict(v)) return 'dict';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v === 'boolean' ? 'bool' : 'str';
}

const isComposite = (v: Value): v is Value[] | Dict => Array.isArray(v) || isDict(v);

/**
 * The generated-name fragment of a value. DVC formats values that came out of a `${}` with Python's str()
 * (`True`) and literal ones with its to_str (`true`); only booleans differ.
 */
function keyOf(v: Value, interpolated: boolean): string {
  if (typeof v === 'boolean' && interpolated) return v ? 'True' : 'False';
  return toStr(v);
}

interface ResolvedData {
  value: Value;
  /** Dotted paths (in the resolved value) produced by a whole-string `${}`; '' is the whole value. */
  interpolated: Set<string>;
}

function isInterpolated(d: ResolvedData, at: string): boolean {
  for (let p = at; ; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
    if (d.interpolated.has(p)) return true;
    if (p === '') return false;
  }
}

/** The message for one failed `${}`: what, where, and the nearest defined names. */
export function interpolationMessage(err: InterpolationError, ctx: VarContext, where: string): string {
  if (err.code !== 'undefined-variable') return `${err.message} (in ${where}).`;
  const name = /'(.*)'/.exec(err.message)?.[1] ?? '';
  const root = name.split('.')[0] ?? name;
  const known = Object.keys(ctx.vars);
  let hint = '';
  if (hasKey(ctx.vars, root)) {
    hint = ` '${root}' exists but has no '${name.slice(root.length + 1)}'.`;
  } else {
    const near = suggest(root, known);
    hint = near.length > 0 ? ` Did you mean '${near[0]}'?` : ' Define it in params.yaml or in vars.';
  }
  return `Undefined variable '${name}' in ${where}.${hint}`;
}

/** Resolves every string in `data` (DVC resolves foreach/matrix data without kind checks), with located errors. */
function resolveData(args: ExpandArgs, where: string, diagnostics: Diagnostic[]): ResolvedData | undefined {
  let failed = false;
  const interpolated = new Set<string>();
  const walk = (v: Value, at: string): Value => {
    if (typeof v === 'string') {
      const r = resolveString(v, args.ctx.vars);
      if (r.ok) {
        if (r.value !== v && typeof r.value !== 'string') interpolated.add(at);
        return r.value;
      }
      failed = true;
      const range =
        at === '' && args.toRange
          ? args.toRange(r.error.start, r.error.end)
          : (args.valueRanges?.get(at) ?? args.keyRanges?.get(at) ?? args.range);
      diagnostics.push({
        code: r.error.code,
        severity: 'error',
        message: interpolationMessage(r.error, args.ctx, where),
        range,
      });
      return v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, at ? `${at}.${i}` : String(i)));
    if (isDict(v)) {
      const out: Dict = {};
      for (const [k, x] of Object.entries(v)) setKey(out, k, walk(x, at ? `${at}.${k}` : k));
      return out;
    }
    return v;
  };
  const value = walk(args.data, '');
  return failed ? undefined : { value, interpolated };
}

function shadowWarning(args: ExpandArgs, names: string[], diagnostics: Diagnostic[]): void {
  const taken = names.filter((n) => Object.prototype.hasOwnProperty.call(args.ctx.vars, n));
  if (taken.length === 0) return;
  const list = taken.map((n) => `'${n}'`).join(' and ');
  diagnostics.push({
    code: 'shadowed-variable',
    severity: 'warning',
    message: `${list} ${taken.length === 1 ? 'is' : 'are'} already defined (params.yaml or vars) and will be overwritten for the stages generated from '${args.name}'. Rename the variable to keep both.`,
    range: args.range,
  });
}

/** Insertion-ordered map where a repeated key keeps its first position and takes the last value (a Python dict). */
function collect(entries: Iterable<[string, Generated]>): Generated[] {
  const m = new Map<string, Generated>();
  for (const [k, g] of entries) m.set(k, g);
  return [...m.values()];
}

export function expandForeach(args: ExpandArgs): Expansion {
  const diagnostics: Diagnostic[] = [];
  const where = `the foreach of stage '${args.name}'`;
  const resolved = resolveData(args, where, diagnostics);
  if (resolved === undefined) return { items: [], diagnostics };
  const data = resolved.value;
  if (!isComposite(data)) {
    diagnostics.push({
      code: 'invalid-type',
      severity: 'error',
      message: `foreach of stage '${args.name}' must be a list or a dictionary, got ${kindName(data)}. Give a list, a dict, or a \${} naming one.`,
      range: args.range,
    });
    return { items: [], diagnostics };
  }
  const gen = (key: string, bindings: Record<string, Value>): [string, Generated] => [
    key,
    { name: `${args.name}@${key}`, key, bindings },
  ];
  const tooMany = overLimit(args, 'foreach', isDict(data) ? Object.keys(data).length : data.length, '');
  if (tooMany) return { items: [], diagnostics: [...diagnostics, tooMany] };
  let items: Generated[];
  if (isDict(data)) {
    shadowWarning(args, ['item', 'key'], diagnostics);
    items = collect(Object.entries(data).map(([k, v]) => gen(k, { item: v, key: k })));
  } else {
    shadowWarning(args, ['item'], diagnostics);
    // Lists of plain values are keyed by the value itself; as soon as one item is a list or dict, by index.
    const byIndex = data.some(isComposite);
    items = collect(
      data.map((v, i) => gen(byIndex ? String(i) : keyOf(v, isInterpolated(resolved, String(i))), { item: v })),
    );
  }
  return { items, diagnostics };
}

/** What DVC iterates for one matrix entry: a list's items, a dict's keys, a string's characters. */
function matrixValues(v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (isDict(v)) return Object.keys(v);
  if (typeof v === 'string') return [...v];
  return undefined;
}

export function expandMatrix(args: ExpandArgs): Expansion {
  const diagnostics: Diagnostic[] = [];
  const where = `the matrix of stage '${args.name}'`;
  const resolved = resolveData(args, where, diagnostics);
  if (resolved === undefined) return { items: [], diagnostics };
  const data = resolved.value;
  if (!isDict(data)) {
    diagnostics.push({
      code: 'invalid-type',
      severity: 'error',
      message: `matrix of stage '${args.name}' must be a dictionary of lists, got ${kindName(data)}.`,
      range: args.range,
    });
    return { items: [], diagnostics };
  }
  const axes: [string, Value[]][] = [];
  const frag = (axis: string, v: Value, i: number) =>
    isComposite(v) ? `${axis}${i}` : keyOf(v, isInterpolated(resolved, `${axis}.${i}`));
  for (const [k, v] of Object.entries(data)) {
    const values = matrixValues(v);
    if (!values) {
      diagnostics.push({
        code: 'invalid-type',
        severity: 'error',
        message: `matrix entry '${k}' of stage '${args.name}' must be a list, got ${kindName(v)}. Write it as a list, e.g. [${toStr(v)}].`,
        range: args.valueRanges?.get(k) ?? args.keyRanges?.get(k) ?? args.range,
      });
      return { items: [], diagnostics };
    }
    axes.push([k, values]);
  }
  const sizes = axes.map(([, values]) => values.length);
  const count = sizes.reduce((a, b) => a * b, 1);
  const tooMany = overLimit(args, 'matrix', count, ` (${sizes.join(' × ')})`);
  if (tooMany) return { items: [], diagnostics: [...diagnostics, tooMany] };
  shadowWarning(args, ['item', 'key'], diagnostics);
  const out: [string, Generated][] = [];
  const pick = (axis: number, fragments: string[], item: Dict): void => {
    if (axis === axes.length) {
      const key = fragments.join('-');
      out.push([key, { name: `${args.name}@${key}`, key, bindings: { item: { ...item }, key } }]);
      return;
    }
    const [name, values] = axes[axis] as [string, Value[]];
    values.forEach((v, i) => {
      item[name] = v;
      pick(axis + 1, [...fragments, frag(name, v, i)], item);
    });
    delete item[name];
  };
  if (axes.length > 0) pick(0, [], {});
  else out.push(['', { name: `${args.name}@`, key: '', bindings: { item: {}, key: '' } }]);
  return { items: collect(out), diagnostics };
}
