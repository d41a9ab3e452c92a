// The variables `${}` can see at a place in dvc.yaml, and where each is defined: the pipeline's top-level
// context (params.yaml and `vars`, from the core), a stage's own `vars`, and inside foreach/matrix a sample of
// `item`/`key` (the first element). For completion, hover and go-to-definition.
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Range } from '../../diagnostics';
import { isDict, type Dict, type Value } from '../py-value';
import { readParamsFile } from '../params-files';
import { yamlToValue } from '../yaml-value';
import { lookupKey } from '../params-keys';
import { nodeRange } from '../parse';
import type { IdeDocument } from './document';
import { nodeAtPath, type Segment } from './locate';

export interface VarSource {
  file: string;
  range: Range;
}

/** Where a dotted name is defined: the name itself or its nearest defined parent. */
export function sourceOfName(vars: VisibleVars, dotted: string): VarSource | undefined {
  for (let p = dotted; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const s = vars.sources.get(p);
    if (s) return s;
  }
  return undefined;
}

export interface VisibleVars {
  values: Dict;
  /** Dotted name → where it is defined. */
  sources: Map<string, VarSource>;
  /** True inside a foreach/matrix stage, where `item` (and `key` for foreach) exist. */
  loop?: { kind: 'foreach' | 'matrix'; stage: string };
}

export function visibleVars(doc: IdeDocument, at: readonly Segment[] = []): VisibleVars {
  const { parsed, fs } = doc;
  const dvcFile = doc.pipeline.file;
  const dir = path.dirname(dvcFile);
  const out: VisibleVars = {
    values: { ...doc.context.vars },
    sources: new Map([...doc.context.sources].map(([k, s]) => [k, { file: s.file, range: s.range }])),
  };
  const add = (values: Dict, keys: Map<string, Range>, file: string): void => {
    for (const [k, v] of Object.entries(values)) if (!(k in out.values)) out.values[k] = v;
    for (const [k, r] of keys) if (!out.sources.has(k)) out.sources.set(k, { file, range: r });
  };
  const addFile = (rel: string, base: string, select?: string[]): void => {
    const file = path.resolve(base, rel);
    const params = readParamsFile(fs, file);
    if (!params) return;
    if (!select) return add(params.values, params.keys, file);
    const picked: Dict = {};
    for (const key of select) {
      const hit = lookupKey(params.values, key);
      if (hit.found) setDotted(picked, key, hit.value);
    }
    add(picked, new Map([...params.keys].filter(([k]) => select.some((s) => k === s || k.startsWith(`${s}.`)))), file);
  };
  const addEntries = (list: unknown, base: string): void => {
    if (!isSeq(list)) return;
    for (const entry of list.items) {
      if (isScalar(entry) && typeof entry.value === 'string') {
        const [file, keys] = splitSpec(entry.value);
        addFile(file, base, keys);
      } else if (isMap(entry)) {
        const { value, keys } = yamlToValue(entry as Node, parsed.lines, parsed.doc);
        if (isDict(value)) add(value, keys, dvcFile);
      }
    }
  };

  if (at[0] === 'stages' && typeof at[1] === 'string') {
    const stage = nodeAtPath(parsed, ['stages', at[1]]);
    const wdir = nodeAtPath(parsed, ['stages', at[1], 'wdir']);
    addEntries(
      nodeAtPath(parsed, ['stages', at[1], 'vars']),
      path.resolve(dir, isScalar(wdir) ? String(wdir.value) : '.'),
    );
    if (isMap(stage)) {
      const foreach = nodeAtPath(parsed, ['stages', at[1], 'foreach']);
      const matrix = nodeAtPath(parsed, ['stages', at[1], 'matrix']);
      if (foreach) out.loop = { kind: 'foreach', stage: at[1] };
      else if (matrix) out.loop = { kind: 'matrix', stage: at[1] };
      const data = foreach ?? matrix;
      if (data) {
        // A sample of what the loop binds (the first element), so `${item.` completes and hovers.
        const { value } = yamlToValue(data, parsed.lines, parsed.doc);
        out.values.item = foreach
          ? firstOf(value)
          : isDict(value)
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, firstOf(v)]))
            : null;
        out.sources.set('item', { file: dvcFile, range: nodeRange(parsed, data) });
      }
      const keyed = foreach ? yamlToValue(foreach, parsed.lines, parsed.doc).value : undefined;
      // DVC binds `key` only when foreach iterates a dict.
      if (foreach && isDict(keyed)) {
        out.values.key = Object.keys(keyed)[0] ?? null;
        out.sources.set('key', { file: dvcFile, range: nodeRange(parsed, foreach) });
      }
    }
  }
  return out;
}

function firstOf(value: Value): Value {
  if (Array.isArray(value)) return value[0] ?? null;
  if (isDict(value)) return Object.values(value)[0] ?? null;
  return value;
}

/** `file.yaml:a,b.c` → ['file.yaml', ['a', 'b.c']]; a Windows drive letter is not a separator. */
function splitSpec(spec: string): [string, string[] | undefined] {
  const m = /^(.*?[^:\\/]):([^:\\/]*)$/.exec(spec);
  if (!m || /^[A-Za-z]$/.test(m[1]!)) return [spec, undefined];
  const keys = m[2]!
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  return [m[1]!, keys.length > 0 ? keys : undefined];
}

function setDotted(target: Dict, key: string, value: Value): void {
  const parts = key.split('.');
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    cur = isDict(next) ? next : (cur[p] = {});
  }
  cur[parts.at(-1)!] = value;
}
