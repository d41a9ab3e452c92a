// dvc.yaml as JSON Schema (draft-07, what yaml-language-server and VS Code accept), generated from schema.ts so
// the editor schema and our validator never disagree. `mlops schema` prints it.
import { DVC_YAML } from './schema';
import type { SchemaNode } from './schema-types';

export type JsonSchema = { [key: string]: unknown };

export const DVC_YAML_SCHEMA_ID = 'https://mlops-workbench.dev/schemas/dvc.yaml.json';

export function pipelineJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: DVC_YAML_SCHEMA_ID,
    title: 'DVC pipeline (dvc.yaml)',
    ...convert(DVC_YAML),
  };
}

function convert(node: SchemaNode): JsonSchema {
  const doc = { description: node.doc, markdownDescription: node.doc };
  switch (node.type) {
    case 'string':
      return node.enum ? { type: 'string', enum: [...node.enum], ...doc } : { type: 'string', ...doc };
    case 'boolean':
      return { type: 'boolean', ...doc };
    case 'null':
      return { type: 'null', ...doc };
    case 'any':
      return { ...doc };
    case 'list':
      return { type: 'array', items: convert(node.items), ...doc };
    case 'map':
      return {
        type: 'object',
        additionalProperties: convert(node.values),
        ...(node.minKeys ? { minProperties: node.minKeys } : {}),
        ...doc,
      };
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [name, prop] of Object.entries(node.properties)) {
        properties[name] = prop.deprecated
          ? { ...convert(prop.node), deprecationMessage: prop.deprecated }
          : convert(prop.node);
        if (prop.required) required.push(name);
      }
      return {
        type: 'object',
        properties,
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
        ...doc,
      };
    }
    case 'union':
      return { anyOf: node.options.map(convert), ...doc };
  }
}
