// Builds the typed stages of one dvc.yaml from its parsed document, as DVC's DataResolver does: context from
// params.yaml + `vars`, foreach/matrix expansion, `${}` in every string of a stage (keys included). Values keep
// the range of the text they came from; for a generated stage (`train@us`), the range inside its template.
// Shapes the structure check already reported are skipped here, never thrown on. A stage's values (strings,
// cmd, params, outputs and flags) are read by read-values.ts.
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { ParsedNode } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics';
import type { FileSystem } from '../fs';
import { buildContext, extendContext, withBindings } from './context';
import type { VarContext, VarsEntry } from './context';
import { expandForeach, expandMatrix } from './expand';
import { isDict } from './py-value';
import type { Value } from './py-value';
import type { Expansion, Located, Output, ParamRef, Stage } from './model';
import { deref, mapEntries, nodeRange } from './parse';
import type { MapEntry, ParsedYaml } from './parse';
import { yamlToValue } from './yaml-value';
import {
  add,
  bool,
  items,
  normalizeWdir,
  OUTPUT_KINDS,
  type Reader,
  readCommand,
  readOutputs,
  readParams,
  resolveAll,
  spanRange,
  text,
} from './read-values';

export interface ReadResult {
  stages: Stage[];
  /** Interpolation, vars and expansion problems (structure and syntax are reported elsewhere). */
  diagnostics: Diagnostic[];
  /** The top-level variable context (params.yaml + vars), for hover and completion of `${}`. */
  context: VarContext;
}

type Entries = ReadonlyMap<string, MapEntry>;

export function readPipeline(file: string, parsed: ParsedYaml, fs: FileSystem): ReadResult {
  const r: Reader = {
    parsed,
    file,
    dir: path.dirname(file),
    fs,
    diagnostics: [],
    reported: new Set(),
    generated: 0,
    interpolated: 0,
  };
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
    generatedBefore: r.generated,
  };
  const expansion = matrix ? expandMatrix(args) : expandForeach(args);
  r.generated += expansion.items.length;
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
