// A YAML node tree as Python values, as ruamel.yaml (DVC's reader) builds them: anchors and aliases (the closest
// anchor before an alias; shared, with expansion capped against "billion laughs" documents), merge keys (only a plain
// `<<`, merged keys first), whole floats kept as floats, and each key's and value's range for the editor.
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { Range } from '../diagnostics';
import { hasKey, isDict, setKey, pyNumberValue, type Dict, type Value } from './py-value';
import { isFloatSource } from './yaml-scalars';

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** How many values aliases may expand to in one conversion: a "billion laughs" document stops here. */
export const MAX_ALIAS_EXPANSION = 100_000;

// Anchors of a document by name, in document order (an alias refers to the closest anchor before it).
const anchorIndexes = new WeakMap<Document, Map<string, YamlNode[]>>();

function anchorsOf(doc: Document): Map<string, YamlNode[]> {
  let index = anchorIndexes.get(doc);
  if (!index) {
    const found = new Map<string, YamlNode[]>();
    visit(doc, {
      Node(_key, n) {
        const anchor = (n as { anchor?: string }).anchor;
        if (anchor) found.set(anchor, [...(found.get(anchor) ?? []), n as YamlNode]);
      },
    });
    index = found;
    anchorIndexes.set(doc, index);
  }
  return index;
}

function aliasTarget(
  doc: Document,
  alias: { source: string; range?: [number, number, number] | null },
): YamlNode | undefined {
  const at = alias.range?.[0] ?? Infinity;
  let target: YamlNode | undefined;
  for (const n of anchorsOf(doc).get(alias.source) ?? []) if ((n.range?.[0] ?? 0) < at) target = n;
  return target;
}

/**
 * Plain data and the range of every key (`keys`) and value (`values`) of a YAML node, for params files and
 * inline vars/foreach/matrix data. Pass the document so aliases resolve; merge keys (`<<`) add the keys not
 * set explicitly (`prefix` null: the value only, `keys` and `values` left empty). Aliased content is shared, not copied, and expansion is capped: past MAX_ALIAS_EXPANSION
 * values `error` is set and further aliases read as null.
 */
export function yamlToValue(
  node: unknown,
  lc: LineCounter,
  doc?: Document,
  prefix: string | null = '',
): { value: Value; keys: Map<string, Range>; values: Map<string, Range>; error?: string } {
  const keys = new Map<string, Range>();
  const values = new Map<string, Range>();
  let error: string | undefined;
  let expanded = 0;
  const memo = new Map<unknown, [Value, number]>();
  const pos = (o: number) => {
    const p = lc.linePos(o);
    return { line: p.line - 1, character: p.col - 1 };
  };
  const rangeOf = (n: unknown): Range => {
    const r = (n as YamlNode | null)?.range;
    return r ? { start: pos(r[0]), end: pos(r[1]) } : ZERO;
  };
  // Returns the value and its size in values; `path` is undefined inside aliased content (its keys live elsewhere).
  const walk = (n: unknown, path: string | undefined, depth: number): [Value, number] => {
    if (depth > 200) return [null, 1];
    if (isAlias(n)) {
      const target = doc ? aliasTarget(doc, n) : undefined;
      if (!target) return [null, 1];
      let hit = memo.get(target);
      if (!hit) {
        hit = walk(target, undefined, depth + 1);
        memo.set(target, hit);
      }
      expanded += hit[1];
      if (expanded > MAX_ALIAS_EXPANSION) {
        error ??= `aliases expand to more than ${MAX_ALIAS_EXPANSION} values; reduce the nesting of anchors and aliases`;
        return [null, 1];
      }
      return hit;
    }
    if (isMap(n)) {
      const out: Dict = {};
      let size = 1;
      // Only a plain `<<` merges (ruamel resolves a quoted "<<" to a string key, as in a JSON file read as YAML).
      const isMerge = (k: unknown): boolean => isScalar(k) && k.value === '<<' && k.type === 'PLAIN';
      // ruamel's order: merged keys first (the maps of `<<: [*a, *b]` taken last to first, so a's value wins, b's
      // keys first), then the mapping's own keys, which win in place. Merged maps are shared, not copied: count
      // only the keys they add.
      const merged: Dict[] = [];
      for (const pair of n.items)
        if (isMerge(pair.key)) {
          const [src] = walk(pair.value, undefined, depth + 1);
          for (const m of Array.isArray(src) ? src : [src]) if (isDict(m)) merged.push(m);
        }
      for (const m of merged.reverse())
        for (const [mk, mv] of Object.entries(m)) {
          if (!hasKey(out, mk)) size++;
          setKey(out, mk, mv);
        }
      for (const pair of n.items) {
        const k = pair.key;
        if (isMerge(k)) continue;
        const name = isScalar(k) ? String(k.value) : String(k);
        if (path !== undefined) {
          keys.set(path + name, rangeOf(k));
          values.set(path + name, rangeOf(pair.value));
        }
        const [v, sz] = walk(pair.value, path === undefined ? undefined : `${path}${name}.`, depth + 1);
        setKey(out, name, v);
        size += sz;
      }
      return [out, size];
    }
    if (isSeq(n)) {
      let size = 1;
      const list = n.items.map((item, i) => {
        if (path !== undefined) {
          keys.set(path + i, rangeOf(item));
          values.set(path + i, rangeOf(item));
        }
        const [v, sz] = walk(item, path === undefined ? undefined : `${path}${i}.`, depth + 1);
        size += sz;
        return v;
      });
      return [list, size];
    }
    if (isScalar(n)) {
      const v = n.value;
      if (v === undefined || v === null) return [null, 1];
      if (typeof v === 'bigint') return [Number(v), 1];
      if (typeof v === 'number') return [pyNumberValue(v, isFloatSource(n.source ?? '')), 1];
      if (typeof v === 'string' || typeof v === 'boolean') return [v, 1];
      return [String(v), 1];
    }
    return [null, 1];
  };
  // A null prefix: the value alone, no ranges (a dvc.lock's thousand keys are never pointed at).
  const [value] = walk(node, prefix === null ? undefined : prefix ? `${prefix}.` : '', 0);
  return error === undefined ? { value, keys, values } : { value, keys, values, error };
}
