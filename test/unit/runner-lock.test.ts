import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockEntry, lockStage, parseLock, readLock, serializeLock, updateLockStage } from '../../src/core/runner/lock';

// Written by a real `dvc repro` (DVC 3.67) of examples/blob-classifier.
const fixture = readFileSync(join(__dirname, '../fixtures/runner/dvc-repro.lock'), 'utf8');

test('a dvc.lock written by DVC reads and writes back byte for byte', () => {
  const read = parseLock(fixture);
  assert.ok(read.ok);
  assert.deepEqual(Object.keys(read.lock.stages), ['prepare', 'train', 'evaluate']);
  const prepare = read.lock.stages.prepare;
  assert.equal(prepare?.cmd, 'python3 src/prepare.py');
  assert.deepEqual(prepare?.outs?.[0], {
    path: 'data',
    hash: 'md5',
    md5: 'd50e23bf83c32baaa898d1c46110f6d9.dir',
    size: 4963,
    nfiles: 2,
  });
  assert.deepEqual(read.lock.stages.train?.params, {
    'params.yaml': { 'train.epochs': 60, 'train.l2': 0.001, 'train.lr': 0.1 },
  });
  assert.equal(serializeLock(read.lock), fixture);
});

test('a stage entry is built in DVC order: deps/outs by path, params.yaml first, keys sorted', () => {
  const stage = lockStage(
    ['a', 'b'],
    [
      lockEntry('src/z.py', { kind: 'file', md5: '1', size: 1, isexec: false }),
      lockEntry('data', { kind: 'dir', md5: '2.dir', size: 5, nfiles: 2 }),
    ],
    { 'other.json': { b: 1, a: 2 }, 'params.yaml': { 'train.lr': 0.1, 'prep.seed': 3 } },
    [lockEntry('run.sh', { kind: 'file', md5: '3', size: 4, isexec: true })],
  );
  assert.deepEqual(Object.keys(stage), ['cmd', 'deps', 'params', 'outs']);
  assert.deepEqual(
    stage.deps?.map((d) => d.path),
    ['data', 'src/z.py'],
  );
  assert.deepEqual(Object.keys(stage.params ?? {}), ['params.yaml', 'other.json']);
  assert.deepEqual(Object.keys(stage.params?.['params.yaml'] ?? {}), ['prep.seed', 'train.lr']);
  assert.deepEqual(stage.deps?.[0], { path: 'data', hash: 'md5', md5: '2.dir', size: 5, nfiles: 2 });
  assert.deepEqual(stage.outs?.[0], { path: 'run.sh', hash: 'md5', md5: '3', size: 4, isexec: true });
});

test('updating one stage keeps the others and leaves no temp file behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-lock-'));
  const file = join(dir, 'dvc.lock');
  writeFileSync(file, fixture);
  updateLockStage(file, 'train', lockStage('python3 src/train.py --fast', [], {}, []));
  updateLockStage(file, 'new', lockStage('echo hi', [], {}, []));
  const read = readLock(file);
  assert.ok(read.ok);
  assert.deepEqual(Object.keys(read.lock.stages), ['prepare', 'train', 'evaluate', 'new']);
  assert.equal(read.lock.stages.train?.cmd, 'python3 src/train.py --fast');
  const original = parseLock(fixture);
  assert.ok(original.ok);
  assert.deepEqual(read.lock.stages.prepare, original.lock.stages.prepare);
  assert.deepEqual(readdirSync(dir), ['dvc.lock']);
});

test('bad lock files give messages that say what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['stages: [1, 2', /not valid YAML/],
    ['- a\n- b\n', /mapping at the top level/],
    ["schema: '3.0'\nstages: {}\n", /schema '3.0' is not supported/],
    ['stages:\n  a:\n    cmd: 3\n', /stage 'a': 'cmd' must be a string/],
    ['stages:\n  a:\n    cmd: x\n    deps:\n    - md5: abc\n', /stage 'a': every entry of 'deps' needs a 'path'/],
  ];
  for (const [text, expected] of cases) {
    const r = parseLock(text, 'dvc.lock');
    assert.equal(r.ok, false, text);
    assert.match((r as { message: string }).message, expected);
  }
  assert.deepEqual(readLock(join(tmpdir(), 'no-such-dir-mlops', 'dvc.lock')), {
    ok: true,
    lock: { stages: {}, rest: { schema: '2.0' } },
  });
});

test('whole-number floats stay floats through a read and write (3.0 is not written as 3)', () => {
  const text =
    "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    params:\n      params.yaml:\n        train.epochs: 3.0\n        train.lr: 0.001\n        train.steps: 3\n";
  const read = parseLock(text);
  assert.ok(read.ok);
  assert.equal(serializeLock(read.lock), text);
});
