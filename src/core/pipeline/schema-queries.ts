// Questions completion and hover ask of the dvc.yaml schema (schema.ts): which schema nodes a YAML path can
// match, the keys a mapping there may hold, the documentation of one key.
import { DVC_YAML } from './schema';
import { flatten } from './schema-match';
import type { SchemaNode } from './schema-types';

export type SchemaPath = ReadonlyArray<string | number>;

export interface KeyInfo {
  name: string;
  doc: string;
  required: boolean;
  deprecated?: string;
  node: SchemaNode;
}

/** The schema nodes a YAML node at `path` can match (several when a union is ambiguous). */
export function nodesAt(path: SchemaPath, root: SchemaNode = DVC_YAML): SchemaNode[] {
  let current = [root];
  for (const segment of path) {
    const next: SchemaNode[] = [];
    for (const node of current.flatMap(flatten)) {
      if (node.type === 'list' && typeof segment === 'number') next.push(node.items);
      else if (node.type === 'map' && typeof segment === 'string') next.push(node.values);
      else if (node.type === 'object' && typeof segment === 'string') {
        const prop = node.properties[segment];
        if (prop) next.push(prop.node);
      }
    }
    current = next;
  }
  return current;
}

/** The keys a mapping at `path` may hold (an empty list for free-form mappings). */
export function keysAt(path: SchemaPath): KeyInfo[] {
  const seen = new Map<string, KeyInfo>();
  for (const node of nodesAt(path).flatMap(flatten)) {
    if (node.type !== 'object') continue;
    for (const [name, prop] of Object.entries(node.properties)) {
      if (!seen.has(name))
        seen.set(name, {
          name,
          doc: prop.node.doc,
          required: prop.required === true,
          deprecated: prop.deprecated,
          node: prop.node,
        });
    }
  }
  return [...seen.values()];
}

/** The documentation of the key at the end of `path`, e.g. `['stages', 'train', 'cmd']`. */
export function describeKey(path: SchemaPath): KeyInfo | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parents = nodesAt(path.slice(0, -1)).flatMap(flatten);
  for (const node of parents) {
    if (node.type === 'object') {
      const prop = node.properties[last];
      if (prop)
        return {
          name: last,
          doc: prop.node.doc,
          required: prop.required === true,
          deprecated: prop.deprecated,
          node: prop.node,
        };
    }
  }
  for (const node of parents) {
    if (node.type === 'map')
      return { name: last, doc: `${capitalize(node.keyDoc)}. ${node.values.doc}`, required: false, node: node.values };
  }
  return undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
