// What the editor's actions that name no stage run (extension/run-scopes.ts), checked by the stages each scope
// selects in real folders: Run all = `dvc repro -P` of the folder; an experiment nobody named targets for (Retrain,
// the table's form) = `dvc exp run` there, ./dvc.yaml, else every pipeline. And what an experiment records so it is
// reproduced as it ran (core/experiments/scope.ts): the trailer both ways, a forged one refused, and the default
// read from the experiment's own commit when it recorded none (DVC's experiments).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedScope, scopeOfMessage, scopeTrailer } from '../../src/core/experiments/scope';
import { resolveTargets, type RunScope } from '../../src/core/runner/targets';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { editorScope, requestScope } from '../../src/extension/run-scopes';
import { fileTree } from '../support/file-tree';

const stage = (name: string) => `  ${name}:\n    cmd: echo ${name} > ${name}.txt\n    outs: [${name}.txt]\n`;

const folder = (files: Record<string, string>): string => fileTree('mlops-scopes-', files);

/** The stage ids a scope selects in `root`, from `root`. */
function selected(root: string, scope: RunScope): string[] {
  const found = resolveTargets(loadWorkspace(root), root, scope.targets, scope.recursive);
  assert.ok(found.ok, found.ok ? '' : found.message);
  return found.ids.sort();
}

const NESTED = {
  'dvc.yaml': `stages:\n${stage('train')}`,
  'sub/dvc.yaml': `stages:\n${stage('featurize')}`,
  'data.txt.dvc': 'outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 1\n  hash: md5\n  path: data.txt\n',
};

test('Run all is every pipeline of the folder (dvc repro -P), .dvc files included', () => {
  const root = folder(NESTED);
  assert.deepEqual(selected(root, editorScope('run-all', root)), ['data.txt.dvc', 'sub/dvc.yaml:featurize', 'train']);
  assert.deepEqual(selected(root, requestScope({ targets: [] }, root)), selected(root, editorScope('run-all', root)));
  rmSync(root, { recursive: true, force: true });
});

test('an experiment with no targets runs ./dvc.yaml of the folder; with none there, every pipeline', () => {
  const root = folder(NESTED);
  assert.deepEqual(selected(root, editorScope('experiment', root)), ['train']);
  assert.deepEqual(selected(root, requestScope({ targets: [], asExperiment: true }, root)), ['train']);
  const bare = folder({ 'a/dvc.yaml': `stages:\n${stage('one')}`, 'b/dvc.yaml': `stages:\n${stage('two')}` });
  assert.deepEqual(selected(bare, editorScope('experiment', bare)), ['a/dvc.yaml:one', 'b/dvc.yaml:two']);
  rmSync(root, { recursive: true, force: true });
  rmSync(bare, { recursive: true, force: true });
});

test('stages a request names are its scope, run or experiment alike', () => {
  const root = folder(NESTED);
  for (const asExperiment of [false, true])
    assert.deepEqual(selected(root, requestScope({ targets: ['sub/dvc.yaml:featurize'], asExperiment }, root)), [
      'sub/dvc.yaml:featurize',
    ]);
  rmSync(root, { recursive: true, force: true });
});

test('the recorded scope reads back from a commit message; a malformed or escaping one is not trusted', () => {
  const scope = { wdir: 'sub', targets: ['featurize', '../dvc.yaml:train'], recursive: false };
  const message = `dvc: commit experiment abc\n\nmlops-run: r1\n${scopeTrailer(scope)}\n`;
  assert.deepEqual(scopeOfMessage(message), scope);
  for (const bad of [
    'mlops-scope: {"wdir":"../x","targets":[],"recursive":false}',
    'mlops-scope: {"wdir":"","targets":[1],"recursive":false}',
    'mlops-scope: {"wdir":"","targets":["a"]}',
    'mlops-scope: {not json}',
    'dvc: commit experiment abc',
  ])
    assert.equal(scopeOfMessage(bad), undefined, bad);
});

test("an experiment that recorded nothing is reproduced with its commit's default: ./dvc.yaml, else -P", async () => {
  const root = folder({ 'proj/dvc.yaml': `stages:\n${stage('train')}` });
  const g = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@e', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).trim();
  g('init', '-q');
  g('add', '-A');
  g('commit', '-qm', 'with a dvc.yaml');
  const withFile = g('rev-parse', 'HEAD');
  g('rm', '-q', 'proj/dvc.yaml');
  mkdirSync(join(root, 'proj'), { recursive: true });
  writeFileSync(join(root, 'proj', 'keep'), '');
  g('add', '-A');
  g('commit', '-qm', 'without');
  const without = g('rev-parse', 'HEAD');
  const recorded = { wdir: '', targets: ['train'], recursive: false };
  g('commit', '-q', '--allow-empty', '-m', `exp\n\n${scopeTrailer(recorded)}`);
  const proj = join(root, 'proj');
  assert.deepEqual(await recordedScope(root, proj, withFile), { wdir: '', targets: ['dvc.yaml'], recursive: false });
  assert.deepEqual(await recordedScope(root, proj, without), { wdir: '', targets: ['.'], recursive: true });
  assert.deepEqual(await recordedScope(root, proj, g('rev-parse', 'HEAD')), recorded);
  rmSync(root, { recursive: true, force: true });
});
