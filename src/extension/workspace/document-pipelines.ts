// The dvc.yaml files the editor holds with unsaved changes, each read once per document version. CodeLens is asked
// again on every status change (a run's each stage, every file event), and reading a 2,000-stage file takes tens of
// milliseconds; the text only changes with the version, so the pipeline read from it is kept until the next one.
// Saved files are the workspace model's (read once per change on disk); this holds only edited buffers.
import { nodeFileSystem, overlayFileSystem } from '../../core/fs';
import { loadPipelineFile, type Pipeline } from '../../core/pipeline';

/** What is needed of an open document (vscode's TextDocument has it; tests pass plain objects). */
export interface EditedDocument {
  readonly file: string;
  readonly version: number;
  getText(): string;
}

export class DocumentPipelines {
  private readonly read = new Map<string, { version: number; pipeline: Pipeline }>();

  /** The pipeline of the buffer's text; read again only when its version changed. */
  pipelineOf(doc: EditedDocument): Pipeline {
    const hit = this.read.get(doc.file);
    if (hit?.version === doc.version) return hit.pipeline;
    const pipeline = loadPipelineFile(
      doc.file,
      overlayFileSystem(nodeFileSystem, new Map([[doc.file, doc.getText()]])),
    );
    this.read.set(doc.file, { version: doc.version, pipeline });
    return pipeline;
  }

  /** The buffer was saved or closed: the workspace model's copy (or nothing) holds from now on. */
  forget(file: string): void {
    this.read.delete(file);
  }
}
