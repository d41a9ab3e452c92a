// `mlops schema`: the JSON Schema of dvc.yaml, generated from the definition the validator uses. For editors and
// tools such as yaml-language-server (`# yaml-language-server: $schema=...`) or check-jsonschema.
import { pipelineJsonSchema } from '../core/pipeline';
import { parseCommandArgs } from './args';
import type { Command } from './io';

const USAGE = `usage: mlops schema

Prints the JSON Schema (draft-07) of dvc.yaml on stdout, e.g. \`mlops schema > dvc.schema.json\`.
It checks structure and types only; \`mlops validate\` also checks interpolation, the graph and the workspace.
`;

export const schema: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { command: 'mlops schema', usage: USAGE }, io);
  if (typeof args === 'number') return args;
  io.stdout(`${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
  return 0;
};
