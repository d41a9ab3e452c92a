// Which schema options (schema.ts) a YAML node can match, as structure.ts asks it for every node it checks: the
// kind DVC's loader would see (ruamel.yaml's YAML 1.1 timestamps and `1_000` integers included), the union
// options that accept that kind, the required keys of an object shape — each computed once per schema node.
import { isMap, isScalar, isSeq } from 'yaml';
import type { ParsedNode } from 'yaml';
import type { ObjectShape, SchemaNode, YamlKind } from './schema-types';

// YAML 1.1 timestamps, which ruamel.yaml (DVC's loader) turns into dates even in YAML 1.2 mode.
const TIMESTAMP =
  /^(?:\d{4}-\d\d-\d\d|\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)$/;
// ruamel reads `1_000` as an integer; the yaml package keeps it a string.
const UNDERSCORE_INT = /^[-+]?\d[\d_]*$/;

/** What DVC's loader would see at this node. */
export function yamlKind(node: ParsedNode | null): YamlKind {
  if (node === null) return 'null';
  if (!isScalar(node)) return isMap(node) ? 'map' : isSeq(node) ? 'list' : 'string';
  const v = node.value;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'string' && node.type === 'PLAIN' && !node.tag) {
    // Both patterns need a digit first (or a sign): most strings skip the regular expressions.
    const c = v.charCodeAt(0);
    const digit = c >= 48 && c <= 57;
    if (digit && TIMESTAMP.test(v)) return 'timestamp';
    if ((digit || c === 43 || c === 45) && v.includes('_') && UNDERSCORE_INT.test(v)) return 'number';
  }
  return 'string';
}

export const KIND_LABEL: Record<YamlKind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'empty',
  timestamp: 'a date (YAML reads unquoted dates as timestamps)',
  list: 'a list',
  map: 'a mapping',
};

// Unions are flattened once per schema node, not once per YAML node checked.
const flatCache = new WeakMap<SchemaNode, SchemaNode[]>();

export function flatten(node: SchemaNode): SchemaNode[] {
  if (node.type !== 'union') return [node];
  let flat = flatCache.get(node);
  if (!flat) {
    flat = node.options.flatMap(flatten);
    flatCache.set(node, flat);
  }
  return flat;
}

// The options of a union that accept a kind depend only on the schema node and the kind: computed once each.
const fitCache = new WeakMap<SchemaNode, Map<YamlKind, SchemaNode[]>>();

export function fitting(schema: SchemaNode, kind: YamlKind): SchemaNode[] {
  let byKind = fitCache.get(schema);
  if (!byKind) {
    byKind = new Map();
    fitCache.set(schema, byKind);
  }
  let fits = byKind.get(kind);
  if (!fits) {
    fits = flatten(schema).filter((o) => accepts(o, kind));
    byKind.set(kind, fits);
  }
  return fits;
}

function accepts(node: SchemaNode, kind: YamlKind): boolean {
  if (node.type === 'any') return true;
  if (node.type === 'object' || node.type === 'map') return kind === 'map';
  return node.type === kind;
}

// Required keys per object shape, computed once.
const requiredCache = new WeakMap<ObjectShape, string[]>();

export function requiredKeys(schema: ObjectShape): string[] {
  let keys = requiredCache.get(schema);
  if (!keys) {
    keys = Object.entries(schema.properties)
      .filter(([, p]) => p.required)
      .map(([k]) => k);
    requiredCache.set(schema, keys);
  }
  return keys;
}
