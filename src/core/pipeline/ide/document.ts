// What every editor feature reads: the parsed dvc.yaml, its model and variables, the project's other
// pipelines and the files.
import * as path from 'node:path';
import type { FileSystem } from '../../fs';
import type { VarContext } from '../context';
import type { Pipeline } from '../model';
import type { ParsedYaml } from '../parse';
import { readPipeline } from '../read';
import { checkStructure } from '../structure';

export interface IdeDocument {
  parsed: ParsedYaml;
  pipeline: Pipeline;
  /** The top-level variables (params.yaml + `vars`) and where each is defined. */
  context: VarContext;
  /** Every pipeline of the project, this one included (outputs of other files feed deps too). */
  pipelines: readonly Pipeline[];
  fs: FileSystem;
}

/** The model of a dvc.yaml that is already parsed (the editor parses once per version), as loadPipeline builds it. */
export function modelOf(file: string, parsed: ParsedYaml, fs: FileSystem): { pipeline: Pipeline; context: VarContext } {
  const read = readPipeline(file, parsed, fs);
  const diagnostics = [...parsed.diagnostics, ...checkStructure(parsed), ...read.diagnostics];
  return { pipeline: { file, dir: path.dirname(file), stages: read.stages, diagnostics }, context: read.context };
}
