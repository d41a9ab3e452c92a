// The vocabulary schema.ts uses to describe dvc.yaml. One tree serves the validator (structure.ts), the
// language server (completion, hover through describeKey/keysAt) and the JSON Schema export.

interface Common {
  /** One paragraph for hover and completion. */
  doc: string;
  /**
   * `warning` for checks stricter than DVC (DVC loads the file but fails later or silently misbehaves):
   * a file DVC accepts must never get a structural *error* from us.
   */
  strictness?: 'warning';
}

export type SchemaNode =
  | (Common & { type: 'string'; enum?: readonly string[] })
  | (Common & { type: 'boolean' })
  | (Common & { type: 'null' })
  /** Anything (e.g. `meta`). */
  | (Common & { type: 'any' })
  | (Common & { type: 'list'; items: SchemaNode })
  /** A mapping with known keys. */
  | (Common & ObjectShape)
  /** A mapping with free keys (stage names, output paths, ...), all of one shape. */
  | (Common & { type: 'map'; keyDoc: string; values: SchemaNode; minKeys?: number })
  /**
   * One of several shapes, chosen by the kind of YAML node (text, list, mapping, null); among mapping shapes, the
   * first whose `when` keys are present, else the one without `when`.
   */
  | (Common & { type: 'union'; options: readonly SchemaNode[] });

export interface ObjectShape {
  type: 'object';
  properties: Readonly<Record<string, Property>>;
  /** Present keys that select this shape inside a union (e.g. `foreach`/`do`). */
  when?: readonly string[];
}

export interface Property {
  node: SchemaNode;
  required?: boolean;
  /** Kept for old files; reported as deprecated. */
  deprecated?: string;
  /** Names people write by mistake, suggested back as this key (e.g. `command` → `cmd`). */
  aka?: readonly string[];
}

export type YamlKind = 'string' | 'number' | 'boolean' | 'null' | 'timestamp' | 'list' | 'map';

/** Whether a value of this YAML kind can match the node (unions: any option). */
export function accepts(node: SchemaNode, kind: YamlKind): boolean {
  switch (node.type) {
    case 'any':
      return true;
    case 'string':
    case 'boolean':
    case 'null':
    case 'list':
      return node.type === kind;
    case 'object':
    case 'map':
      return kind === 'map';
    case 'union':
      return node.options.some((o) => accepts(o, kind));
  }
}

/** "a string", "a list of strings", "true or false", ... for messages and hover. */
export function typeLabel(node: SchemaNode): string {
  switch (node.type) {
    case 'string':
      if (node.enum?.length === 1 && node.enum[0] === '') return 'an empty string';
      return node.enum ? `one of ${node.enum.map((e) => `\`${e}\``).join(', ')}` : 'a string';
    case 'boolean':
      return '`true` or `false`';
    case 'null':
      return 'empty';
    case 'any':
      return 'any value';
    case 'list':
      return `a list of ${plural(typeLabel(node.items))}`;
    case 'object': {
      const required = Object.entries(node.properties)
        .filter(([, p]) => p.required)
        .map(([k]) => `\`${k}\``);
      return required.length > 0 ? `a mapping with ${required.join(' and ')}` : 'a mapping';
    }
    case 'map':
      return `a mapping of ${node.keyDoc} to ${typeLabel(node.values)}`;
    case 'union':
      return [...new Set(node.options.map(typeLabel))].join(', or ');
  }
}

function plural(label: string): string {
  // "a string, or a mapping of ..." → "strings, or mappings of ..."
  return label.replace(/(^|, or )an? (string|mapping|list)/g, (_m, sep: string, word: string) => `${sep}${word}s`);
}
