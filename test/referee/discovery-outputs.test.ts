// Pipeline discovery leaves outputs alone, as DVC's collect_files does (dvc/repo/index.py): a folder that is an
// output of a dvc.yaml or `.dvc` file found before it is not walked into, so a dvc.yaml inside `dvc add`-tracked
// data is no pipeline for either tool, and 20,000 tracked files are not listed in search of pipelines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const STAGE = (name: string): string => `stages:\n  ${name}:\n    cmd: echo ${name}\n`;

test('a dvc.yaml inside tracked data or a stage output is not collected; both tools list the same stages', () => {
  const root = dvcRepo({ 'dvc.yaml': `${STAGE('top')}    outs: [built]\n`, 'sub/dvc.yaml': STAGE('sub') });
  mkdirSync(join(root, 'data', 'inner'), { recursive: true });
  writeFileSync(join(root, 'data', 'inner', 'x.txt'), 'x\n');
  dvc(root, 'add', 'data');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'data');
  // Written after `dvc add`: stages that only a walk into the output folders would find.
  writeFileSync(join(root, 'data', 'inner', 'dvc.yaml'), STAGE('hidden'));
  mkdirSync(join(root, 'built'));
  writeFileSync(join(root, 'built', 'dvc.yaml'), STAGE('alsohidden'));

  const visited: string[] = [];
  const ws = loadWorkspace(root, visited);
  const ours = [...ws.nodes.keys()].sort();
  const theirs = dvc(root, 'stage', 'list', '--all', '--name-only').split('\n').filter(Boolean).sort();
  assert.deepEqual(ours, ['data.dvc', 'sub/dvc.yaml:sub', 'top']);
  assert.deepEqual(theirs, ours);
  assert.deepEqual(ws.dvcFiles, [join(root, 'data.dvc')]);
  assert.ok(
    !visited.some((d) => d.startsWith(join(root, 'data')) || d.startsWith(join(root, 'built'))),
    visited.join('\n'),
  );
});
