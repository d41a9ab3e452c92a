// The edited dvc.yaml buffers behind CodeLens and the cursor's stage: read once per document version, so a status
// change (which asks for every lens again) does not read a large file again; a new version or a save reads afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileTree } from '../support/file-tree';
import { DocumentPipelines } from '../../src/extension/workspace/document-pipelines';

const yaml = (name: string) => `stages:\n  ${name}:\n    cmd: echo hi\n`;

test('a buffer is read once per version; a new version or a forgotten one is read again', () => {
  const file = join(fileTree('mlops-docs-', { 'dvc.yaml': yaml('on-disk') }), 'dvc.yaml');
  const docs = new DocumentPipelines();
  let reads = 0;
  const doc = (version: number, text: string) => ({
    file,
    version,
    getText: () => {
      reads++;
      return text;
    },
  });
  const first = docs.pipelineOf(doc(1, yaml('typed')));
  assert.deepEqual(
    first.stages.map((s) => s.name),
    ['typed'],
    'the buffer, not the file on disk',
  );
  assert.equal(docs.pipelineOf(doc(1, yaml('typed'))), first);
  assert.equal(reads, 1);
  assert.deepEqual(
    docs.pipelineOf(doc(2, yaml('retyped'))).stages.map((s) => s.name),
    ['retyped'],
  );
  docs.forget(file);
  docs.pipelineOf(doc(2, yaml('retyped')));
  assert.equal(reads, 3);
});
