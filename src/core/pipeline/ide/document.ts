// What every editor feature reads: the parsed dvc.yaml, its model and variables, the project's other
// pipelines and the files.
import type { FileSystem } from '../../fs';
import type { VarContext } from '../context';
import type { Pipeline } from '../model';
import type { ParsedYaml } from '../parse';

export interface IdeDocument {
  parsed: ParsedYaml;
  pipeline: Pipeline;
  /** The top-level variables (params.yaml + `vars`) and where each is defined. */
  context: VarContext;
  /** Every pipeline of the project, this one included (outputs of other files feed deps too). */
  pipelines: readonly Pipeline[];
  fs: FileSystem;
}
