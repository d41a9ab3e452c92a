// The language server's workspace model contains failures per file: when the core throws on one dvc.yaml (a
// fault injected through the file system, since every real input that threw is now bounded), that file gets
// an `internal-error` diagnostic and the other files of the folder keep theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nodeFileSystem, type FileSystem } from '../../src/core/fs';
import { WorkspaceModel } from '../../src/server/analysis';
import { fileTree } from '../support/file-tree';

test('one dvc.yaml whose analysis throws gets internal-error; the other keeps its diagnostics', () => {
  const root = fileTree('mlops-contain-', {
    'a/dvc.yaml': 'stages:\n  a:\n    cmd: echo\n',
    'b/dvc.yaml': 'stages:\n  b:\n    cmd: echo\n    nonsense: 1\n',
  });
  const poisoned = join(root, 'a', 'params.yaml');
  const faulty: FileSystem = {
    ...nodeFileSystem,
    stat: (p) => {
      if (p === poisoned) throw new RangeError('Maximum call stack size exceeded');
      return nodeFileSystem.stat(p);
    },
  };
  const model = new WorkspaceModel(faulty);
  const result = model.analyze(model.addRoot(root));
  const a = result.diagnostics.get(join(root, 'a', 'dvc.yaml')) ?? [];
  assert.deepEqual(
    a.map((d) => d.code),
    ['internal-error'],
  );
  assert.match(a[0]?.message ?? '', /Maximum call stack size exceeded.*Other files are still checked/);
  assert.deepEqual(
    (result.diagnostics.get(join(root, 'b', 'dvc.yaml')) ?? []).map((d) => d.code),
    ['unknown-key'],
  );
});
