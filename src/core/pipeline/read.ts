// Builds the typed stages of one dvc.yaml from its parsed document, as DVC's DataResolver does: context from
// params.yaml + `vars`, foreach/matrix expansion, `${}` in every string of a stage (keys included). Values keep
// the range of the text they came from; for a generated stage (`train@us`), the range inside its template.
// Shapes the structure check already reported are skipped here, never thrown on.
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { ParsedNode, Scalar } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics';
import type { FileSystem } from '../fs';
import { DEFAULT_PARAMS_FILE, buildContext, extendContext, withBindings } from './context';
import type { VarContext, VarsEntry } from './context';
import { expandForeach, expandMatrix, interpolationMessage } from './expand';
import { resolveString, toStr } from './interpolate';
import { isDict } from './py-value';
import type { Value } from './py-value';
import type { Expansion, Located, Output, OutputKind, ParamRef, Stage, StagePlotOptions } from './model';
import { deref, mapEntries, nodeRange, offsetsToRange } from './parse';
import type { MapEntry, ParsedYaml } from './parse';
import { yamlToValue } from './params-files';

export interface ReadResult {
  stages: Stage[];
  /** Interpolation, vars and expansion problems (structure and syntax are reported elsewhere). */
  diagnostics: Diagnostic[];
  /** The top-level variable context (params.yaml + vars), for hover and completion of `${}`. */
  context: VarContext;
}

type Entries = ReadonlyMap<string, MapEntry>;

/**
 * Where a string sits, for messages: its stage (undefined outside `stages`) and the key it is under (DVC's
 * interpolation rules depend on that key). Passed as two arguments, not an object per string read.
 */
const whereText = (stage: string | undefined, field: string): string =>
  stage === undefined ? `'${field}'` : `'stages.${stage}.${field}'`;

interface Reader {
  parsed: ParsedYaml;
  file: string;
  dir: string;
  fs: FileSystem;
  diagnostics: Diagnostic[];
  /** code|range|message of reported problems: a template's error is reported once, not once per generated stage. */
  reported: Set<string>;
}

export function readPipeline(file: string, parsed: ParsedYaml, fs: FileSystem): ReadResult {
  const r: Reader = { parsed, file, dir: path.dirname(file), fs, diagnostics: [], reported: new Set() };
  const root = deref(parsed, parsed.doc.contents);
  const top = isMap(root) ? byName(mapEntries(parsed, root)) : new Map<string, MapEntry>();
  const varsEntry = top.get('vars');
  const built = buildContext({
    dvcFile: file,
    vars: varsEntries(r, varsEntry?.value ?? null),
    fs,
    varsRange: nodeRange(parsed, varsEntry?.key ?? null),
  });
  add(r, built.diagnostics);
  const ctx = built.context;
  const stages: Stage[] = [];
  const stagesNode = top.get('stages')?.value ?? null;
  if (isMap(stagesNode)) {
    for (const e of mapEntries(parsed, stagesNode)) {
      if (isMap(e.value)) readDefinition(r, e, ctx, stages);
    }
  }
  // DVC resolves the top-level sections too (artifact names included): report their `${}` problems.
  for (const section of ['artifacts', 'metrics', 'params', 'plots', 'datasets']) {
    const node = top.get(section)?.value ?? null;
    if (node) resolveAll(r, node, ctx, undefined, section);
  }
  return { stages, diagnostics: r.diagnostics, context: ctx };
}

function byName(entries: MapEntry[]): Map<string, MapEntry> {
  const m = new Map<string, MapEntry>();
  for (const e of entries) m.set(e.name, e);
  return m;
}

function add(r: Reader, diagnostics: readonly Diagnostic[], cause?: string): void {
  for (const d of diagnostics) {
    const id = `${d.code}|${d.range.start.line}:${d.range.start.character}|${cause ?? d.message}`;
    if (r.reported.has(id)) continue;
    r.reported.add(id);
    r.diagnostics.push(d);
  }
}

function varsEntries(r: Reader, node: ParsedNode | null): VarsEntry[] {
  if (!isSeq(node)) return [];
  const out: VarsEntry[] = [];
  for (const item of node.items) {
    const n = deref(r.parsed, item);
    const range = nodeRange(r.parsed, n);
    if (isScalar(n) && typeof n.value === 'string') out.push({ kind: 'file', spec: n.value, range });
    else if (isMap(n)) {
      const { value, keys } = yamlToValue(n, r.parsed.lines, r.parsed.doc);
      if (isDict(value)) out.push({ kind: 'inline', value, keys, range });
    }
  }
  return out;
}

/** One entry of `stages`: a plain stage, a foreach group or a matrix group (matrix wins, as in DVC). */
function readDefinition(r: Reader, e: MapEntry, ctx: VarContext, stages: Stage[]): void {
  const body = e.value as ParsedNode;
  const keys = byName(mapEntries(r.parsed, body as Parameters<typeof mapEntries>[1]));
  const range = { start: nodeRange(r.parsed, e.key).start, end: nodeRange(r.parsed, body).end };
  const nameRange = nodeRange(r.parsed, e.key);
  const matrix = keys.get('matrix');
  const foreach = keys.get('foreach');
  if (!matrix && !foreach) {
    stages.push(readStage(r, e.name, keys, ctx, { nameRange, range }));
    return;
  }
  const groupNode = (matrix ?? foreach) as MapEntry;
  let template: Entries;
  if (matrix) {
    template = new Map([...keys].filter(([k]) => k !== 'matrix'));
  } else {
    const doNode = keys.get('do')?.value ?? null;
    if (!isMap(doNode)) return;
    template = byName(mapEntries(r.parsed, doNode));
  }
  // Shapes the structure check refuses (matrix not a mapping, an axis neither list nor `${}`) are not expanded:
  // one diagnostic for one mistake.
  if (matrix && !isMatrixShape(r, matrix.value)) return;
  const data = groupData(r, groupNode.value);
  if (!data) return;
  const args = {
    name: e.name,
    data: data.value,
    ctx,
    range: nodeRange(r.parsed, groupNode.value ?? groupNode.key),
    keyRanges: data.keys,
    toRange: data.toRange,
  };
  const expansion = matrix ? expandMatrix(args) : expandForeach(args);
  add(r, expansion.diagnostics);
  for (const g of expansion.items) {
    const how: Expansion = { kind: matrix ? 'matrix' : 'foreach', template: e.name, key: g.key };
    stages.push(readStage(r, g.name, template, withBindings(ctx, g.bindings), { nameRange, range, expansion: how }));
  }
}

function isMatrixShape(r: Reader, node: ParsedNode | null): boolean {
  if (!isMap(node)) return false;
  return mapEntries(r.parsed, node).every(
    (e) => isSeq(e.value) || (isScalar(e.value) && typeof e.value.value === 'string'),
  );
}

interface GroupData {
  value: Value;
  keys?: Map<string, Range>;
  toRange?: (start: number, end: number) => Range;
}

function groupData(r: Reader, node: ParsedNode | null): GroupData | undefined {
  if (isScalar(node) && typeof node.value === 'string')
    return { value: node.value, toRange: (s, t) => spanRange(r, node, node.value as string, s, t) };
  if (isMap(node) || isSeq(node)) {
    const { value, keys } = yamlToValue(node, r.parsed.lines, r.parsed.doc);
    return { value, keys };
  }
  return undefined;
}

/** What readStage does not compute itself: where the stage is written and how it was generated. */
type StageHead = Pick<Stage, 'nameRange' | 'range' | 'expansion'>;

/** Stage keys readStage resolves itself (or that are not interpolated: vars, and the group keys). */
const READ_KEYS = new Set([
  'cmd',
  'wdir',
  'vars',
  'deps',
  'params',
  'outs',
  'metrics',
  'plots',
  'desc',
  'matrix',
  'foreach',
  'do',
]);

function readStage(r: Reader, name: string, keys: Entries, base: VarContext, head: StageHead): Stage {
  // DVC resolves wdir before loading the stage's own vars (which are relative to it).
  const wdirNode = keys.get('wdir')?.value ?? null;
  const wdirText = isScalar(wdirNode) ? text(r, wdirNode, base, name, 'wdir') : undefined;
  const wdir = normalizeWdir(wdirText?.value ?? '.');
  let ctx = base;
  const stageVars = keys.get('vars')?.value ?? null;
  if (isSeq(stageVars)) {
    const ext = extendContext(base, {
      dvcFile: r.file,
      stageName: name,
      wdir: path.resolve(r.dir, wdir),
      vars: varsEntries(r, stageVars),
      fs: r.fs,
    });
    add(r, ext.diagnostics);
    ctx = ext.context;
  }
  const cmd: Located<string>[] = [];
  const cmdNode = keys.get('cmd')?.value ?? null;
  if (isSeq(cmdNode)) {
    for (const i of cmdNode.items) readCommand(r, deref(r.parsed, i), ctx, name, cmd);
  } else {
    readCommand(r, cmdNode, ctx, name, cmd);
  }
  const deps: Located<string>[] = [];
  for (const i of items(keys.get('deps'))) {
    const dep = text(r, deref(r.parsed, i), ctx, name, 'deps');
    if (dep) deps.push(dep);
  }
  const params: ParamRef[] = [];
  for (const i of items(keys.get('params'))) readParams(r, deref(r.parsed, i), ctx, name, params);
  const outs: Output[] = [];
  for (const kind of OUTPUT_KINDS) {
    for (const i of items(keys.get(kind))) readOutputs(r, deref(r.parsed, i), kind, ctx, name, outs);
  }
  // Everything else DVC resolves too (meta, flags, plot props): surface its `${}` errors.
  for (const [k, e] of keys) {
    if (!READ_KEYS.has(k) && e.value) {
      resolveAll(r, e.value, ctx, name, k);
    }
  }
  const desc = text(r, keys.get('desc')?.value ?? null, ctx, name, 'desc')?.value;
  return {
    name,
    nameRange: head.nameRange,
    range: head.range,
    ...(head.expansion ? { expansion: head.expansion } : {}),
    cmd,
    ...(isSeq(cmdNode) ? { cmdList: true } : {}),
    wdir,
    deps,
    params,
    outs,
    frozen: bool(keys.get('frozen')?.value ?? null, false),
    alwaysChanged: bool(keys.get('always_changed')?.value ?? null, false),
    ...(desc !== undefined ? { desc } : {}),
  };
}

const OUTPUT_KINDS = ['outs', 'metrics', 'plots'] as const;

/** Appends one command of `cmd` (a scalar) to `cmd`. */
function readCommand(r: Reader, node: ParsedNode | null, ctx: VarContext, stage: string, cmd: Located<string>[]): void {
  // DVC refuses lists in `${}` outside foreach, so one scalar is one command (a dict becomes `--k v` arguments).
  const resolved = node ? resolveNode(r, node, ctx, stage, 'cmd') : undefined;
  if (resolved && resolved.value !== null) cmd.push({ value: toStr(resolved.value), range: resolved.range });
}

/** Appends the params one `params` item names to `refs` (one list per stage, not one per item). */
function readParams(r: Reader, node: ParsedNode | null, ctx: VarContext, stage: string, refs: ParamRef[]): void {
  if (isScalar(node)) {
    const key = text(r, node, ctx, stage, 'params');
    if (key) refs.push({ file: { value: DEFAULT_PARAMS_FILE, range: key.range }, key });
    return;
  }
  if (!isMap(node)) return;
  for (const e of mapEntries(r.parsed, node)) {
    const file = text(r, e.key, ctx, stage, 'params');
    if (!file) continue;
    // `file:` with nothing (or an empty list) tracks the whole file, as DVC's _merge_params.
    if (!isSeq(e.value) || e.value.items.length === 0) {
      refs.push({ file });
      continue;
    }
    for (const i of e.value.items) {
      const key = text(r, deref(r.parsed, i), ctx, stage, 'params');
      if (key) refs.push({ file, key });
    }
  }
}

const plainOutput = (kind: OutputKind, path: Located<string>): Output => ({
  kind,
  path,
  cache: true,
  persist: false,
  push: true,
});

/** Appends the outputs one item of `outs`/`metrics`/`plots` declares to `outs`. */
function readOutputs(
  r: Reader,
  node: ParsedNode | null,
  kind: OutputKind,
  ctx: VarContext,
  stage: string,
  outs: Output[],
): void {
  if (isScalar(node)) {
    const p = text(r, node, ctx, stage, kind);
    if (p) outs.push(plainOutput(kind, p));
    return;
  }
  if (!isMap(node)) return;
  for (const e of mapEntries(r.parsed, node)) {
    const p = text(r, e.key, ctx, stage, kind);
    if (!p) continue;
    const out = plainOutput(kind, p);
    if (isMap(e.value)) readFlags(r, mapEntries(r.parsed, e.value), ctx, stage, out);
    outs.push(out);
  }
}

/** The flags of one output (`cache`, `persist`, `push`, `remote`, `desc`); the last of a repeated key wins. */
function readFlags(r: Reader, flags: readonly MapEntry[], ctx: VarContext, stage: string, out: Output): void {
  let remote: ParsedNode | null = null;
  let desc: ParsedNode | null = null;
  const plot: StagePlotOptions = {};
  for (const f of flags) {
    if (out.kind === 'plots' && PLOT_TEXT_OPTIONS.has(f.name)) {
      const value = text(r, f.value, ctx, stage, out.kind)?.value;
      if (value !== undefined) plot[f.name as Exclude<keyof StagePlotOptions, 'header'>] = value;
    } else if (out.kind === 'plots' && f.name === 'header') plot.header = bool(f.value, true);
    else if (f.name === 'cache') out.cache = bool(f.value, true);
    else if (f.name === 'persist') out.persist = bool(f.value, false);
    else if (f.name === 'push') out.push = bool(f.value, true);
    else if (f.name === 'remote') remote = f.value;
    else if (f.name === 'desc') desc = f.value;
  }
  const remoteText = text(r, remote, ctx, stage, out.kind)?.value;
  const descText = text(r, desc, ctx, stage, out.kind)?.value;
  if (remoteText !== undefined) out.remote = remoteText;
  if (descText !== undefined) out.desc = descText;
  if (out.kind === 'plots') out.plot = plot;
}

const PLOT_TEXT_OPTIONS: ReadonlySet<string> = new Set(['x', 'y', 'template', 'title', 'x_label', 'y_label']);

const NO_ITEMS: readonly unknown[] = [];

/** The items of a list entry (aliases not followed yet); none for anything else. */
function items(e: MapEntry | undefined): readonly unknown[] {
  const node = e?.value ?? null;
  return isSeq(node) ? node.items : NO_ITEMS;
}

function bool(node: ParsedNode | null, fallback: boolean): boolean {
  return isScalar(node) && typeof node.value === 'boolean' ? node.value : fallback;
}

function normalizeWdir(wdir: string): string {
  const n = path.posix.normalize(wdir.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

/** A scalar's text after interpolation, or undefined (reported) when it does not resolve or is not a scalar. */
function text(
  r: Reader,
  node: ParsedNode | null,
  ctx: VarContext,
  stage: string | undefined,
  field: string,
): Located<string> | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const resolved = resolveNode(r, node, ctx, stage, field);
  return resolved ? { value: toStr(resolved.value), range: resolved.range } : undefined;
}

function resolveNode(
  r: Reader,
  node: ParsedNode,
  ctx: VarContext,
  stage: string | undefined,
  field: string,
): { value: Value; range: Range } | undefined {
  const range = nodeRange(r.parsed, node);
  if (!isScalar(node)) return undefined;
  const raw = node.value;
  if (typeof raw !== 'string')
    return {
      value: raw === undefined || typeof raw === 'bigint' || typeof raw === 'symbol' ? null : (raw as Value),
      range,
    };
  const res = resolveString(raw, ctx.vars, field);
  if (res.ok) return { value: res.value, range };
  const range2 = spanRange(r, node, raw, res.error.start, res.error.end);
  // Keyed by the bare cause: a template's error is reported once, naming the first generated stage.
  add(
    r,
    [
      {
        code: res.error.code,
        severity: 'error',
        message: interpolationMessage(res.error, ctx, whereText(stage, field)),
        range: range2,
      },
    ],
    res.error.message,
  );
  return undefined;
}

/** Resolves every string under `node`, mapping keys included (DVC resolves those too), only to report what fails. */
function resolveAll(r: Reader, node: ParsedNode, ctx: VarContext, stage: string | undefined, field: string): void {
  const stack: Array<ParsedNode | null> = [node];
  // Aliased content is visited once: an alias bomb stays linear.
  const seen = new Set<ParsedNode>();
  while (stack.length > 0) {
    const n = stack.pop() ?? null;
    if (n === null || seen.has(n)) continue;
    seen.add(n);
    if (isScalar(n)) {
      if (typeof n.value === 'string' && n.value.includes('${')) resolveNode(r, n, ctx, stage, field);
    } else if (isSeq(n)) {
      for (const i of n.items) stack.push(deref(r.parsed, i));
    } else if (isMap(n)) {
      for (const p of n.items) {
        stack.push(deref(r.parsed, p.key));
        stack.push(deref(r.parsed, p.value));
      }
    }
  }
}

/** The range of `value.slice(start, end)` inside a scalar's source text; the whole scalar when it cannot be found. */
function spanRange(r: Reader, node: Scalar, value: string, start: number, end: number): Range {
  const whole = nodeRange(r.parsed, node as ParsedNode);
  const [s, e] = node.range ?? [0, 0];
  const piece = value.slice(start, end);
  if (!piece) return whole;
  // Plain and simply-quoted scalars hold `${...}` verbatim: find the same occurrence in the source.
  const raw = r.parsed.text.slice(s, e);
  let nth = 0;
  for (let i = value.indexOf(piece); i >= 0 && i < start; i = value.indexOf(piece, i + 1)) nth++;
  let at = raw.indexOf(piece);
  for (let k = 0; k < nth && at >= 0; k++) at = raw.indexOf(piece, at + 1);
  return at < 0 ? whole : offsetsToRange(r.parsed.lines, s + at, s + at + piece.length);
}
