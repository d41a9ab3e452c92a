// The one status entry point: statuses keyed by DVC's stage address, in run order, and DVC's refusals returned as
// `{ ok: false, reason }` (what `mlops status`, its daemon and the editor show) rather than thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { workspaceStatus } from '../../src/core/runner/workspace-status';
import { fileTree } from '../support/file-tree';

test('statuses by stage id, nested pipelines addressed as file:name, in run order', async () => {
  const root = fileTree('mlops-wss-', {
    'dvc.yaml': 'stages:\n  train:\n    cmd: cat sub/prep.txt\n    deps: [sub/prep.txt]\n',
    'sub/dvc.yaml': 'stages:\n  prep:\n    cmd: echo > prep.txt\n    outs: [prep.txt]\n',
    'sub/prep.txt': 'x\n',
  });
  const status = await workspaceStatus(loadWorkspace(root));
  assert.ok(status.ok);
  assert.deepEqual([...status.byId.keys()], ['sub/dvc.yaml:prep', 'train']);
  assert.deepEqual(
    status.stages.map((s) => [s.id, s.name, s.status]),
    [
      ['train', 'train', 'never-run'],
      ['sub/dvc.yaml:prep', 'prep', 'never-run'],
    ],
  );
  assert.equal(status.byId.get('sub/dvc.yaml:prep')?.file, join(root, 'sub', 'dvc.yaml'));
});

test('an unreadable dvc.lock is a refusal with the reason, not an exception', async () => {
  const root = fileTree('mlops-wss-', {
    'dvc.yaml': 'stages:\n  a:\n    cmd: echo\n    outs: [a.txt]\n',
    'dvc.lock': 'schema: "2.0"\nstages: [not, a, map\n',
  });
  const status = await workspaceStatus(loadWorkspace(root));
  assert.equal(status.ok, false);
  assert.match(status.ok ? '' : status.reason, /dvc\.lock/);
});
