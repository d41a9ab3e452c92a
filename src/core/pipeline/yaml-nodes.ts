// Nodes built like the yaml package's own, for the fast YAML path: Scalar fields as it sets them, and the duplicate
// keys its `uniqueKeys` option would refuse. (Plain scalars' values: yaml-scalars.ts, shared with the yaml package.)
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export type Range3 = [number, number, number];

// The yaml package's node constructors mark each node's kind with an own non-enumerable property, set by
// Object.defineProperty: a runtime call per node, the slowest part of building tens of thousands of them. Our nodes
// get those hidden properties from their prototype instead (one per class, built from a real instance so nothing is
// hard-coded) and the class's own prototype above it: isScalar/isMap/isSeq/isPair, instanceof, methods and clone()
// all behave as with the yaml package's nodes, and the visible fields are the ones its composer sets.
function nodePrototype(sample: object): object {
  const hidden: Record<PropertyKey, PropertyDescriptor> = {};
  for (const key of Reflect.ownKeys(sample)) {
    const d = Object.getOwnPropertyDescriptor(sample, key);
    if (d && !d.enumerable) hidden[key] = d;
  }
  const constructor = { value: sample.constructor, writable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(sample) as object | null, { ...hidden, constructor }) as object;
}

const SCALAR = nodePrototype(new Scalar(null));
const PAIR = nodePrototype(new Pair(null));
const MAP = nodePrototype(new YAMLMap());
const SEQ = nodePrototype(new YAMLSeq());

/** A Scalar node with the fields the yaml package sets when it parses one. */
export function scalar(value: unknown, range: Range3, type: Scalar.Type, source: string): Scalar {
  const s = Object.create(SCALAR) as Scalar & { source: string };
  s.value = value;
  s.range = range;
  s.type = type;
  s.source = source;
  return s;
}

/** A map entry, as `new Pair(key, value)`. */
export function pair(key: Scalar | null, value: unknown): Pair {
  const p = Object.create(PAIR) as Pair;
  p.key = key;
  p.value = value;
  return p;
}

/** An empty mapping (flow or block), as `new YAMLMap()`. */
export function mapNode(flow: boolean): YAMLMap {
  const m = Object.create(MAP) as YAMLMap;
  m.items = [];
  if (flow) m.flow = true;
  return m;
}

/** An empty sequence (flow or block), as `new YAMLSeq()`. */
export function seqNode(flow: boolean): YAMLSeq {
  const q = Object.create(SEQ) as YAMLSeq;
  q.items = [];
  if (flow) q.flow = true;
  return q;
}

/** A repeated key and the first occurrence it repeats. */
export interface Duplicate {
  key: Scalar;
  first: Scalar;
}

/** Keys repeated in one mapping (same value and type: `1` and `"1"` differ, as in ruamel). */
export function collectDuplicates(map: YAMLMap, out: Duplicate[]): void {
  const items = map.items as Pair<Scalar>[];
  // Most mappings are small: a scan beats a Map there; large ones (a thousand stages) use one.
  const seen = items.length > 16 ? new Map<unknown, Scalar>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const key = (items[i] as Pair<Scalar>).key;
    let first = seen?.get(key.value);
    if (seen && !first) seen.set(key.value, key);
    for (let j = 0; !seen && !first && j < i; j++) {
      const other = (items[j] as Pair<Scalar>).key;
      if (other.value === key.value) first = other;
    }
    if (first) out.push({ key, first });
  }
}
