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
    ['stages: [a]\n', /^my\.lock: 'stages' must be a mapping of stage names\.$/],
    ['stages:\n  a: [1]\n', /^my\.lock: stage 'a': expected a mapping$/],
    ['stages:\n  a:\n    cmd: [x, 1]\n', /stage 'a': 'cmd' must be a string or a list of strings$/],
    [
      'stages:\n  a:\n    cmd: x\n    params: [p]\n',
      /stage 'a': 'params' must map params files to mappings of values$/,
    ],
    ['stages:\n  a:\n    cmd: x\n    params:\n      p.yaml: 3\n', /'params' must map params files to mappings/],
    [
      'stages:\n  a:\n    cmd: x\n    params:\n      p.yaml: {k: 1}\n      q.yaml: 3\n',
      /'params' must map params files to mappings/,
    ],
    ['stages:\n  a:\n    cmd: x\n    outs: out.txt\n', /stage 'a': 'outs' must be a list$/],
  ];
  for (const [text, expected] of cases) {
    const r = parseLock(text, 'my.lock');
    assert.equal(r.ok, false, text);
    assert.match((r as { message: string }).message, expected);
    assert.match((r as { message: string }).message, /^my\.lock: /);
  }
  // Only the first line of the YAML error: the rest is a code frame.
  const broken = parseLock('stages: [1, 2', 'my.lock');
  assert.equal(
    (broken as { message: string }).message,
    'my.lock: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 14:); delete it or fix it, it is rewritten on the next run.',
  );
  assert.equal((parseLock('stages: [a]\n') as { message: string }).message.split(':')[0], 'dvc.lock');
  assert.deepEqual(readLock(join(tmpdir(), 'no-such-dir-mlops', 'dvc.lock')), {
    ok: true,
    lock: { stages: {}, rest: { schema: '2.0' } },
  });
});

test('an empty lock file is an empty lock; entries keep only the fields of the right type', () => {
  for (const text of ['', '# nothing\n', '~\n']) {
    assert.deepEqual(
      parseLock(text),
      { ok: true, lock: { stages: {}, rest: { schema: '2.0' } } },
      JSON.stringify(text),
    );
  }
  const read = parseLock(
    "stages:\n  a:\n    cmd: [x, y]\n    deps:\n    - path: d\n      md5: 5\n      size: '3'\n      nfiles: many\n      isexec: yes\n      hash: sha\n    - path: e\n      hash: md5\n      md5: abc\n      size: 3\n      nfiles: 2\n      isexec: true\n",
  );
  assert.ok(read.ok);
  assert.deepEqual(read.lock.stages.a, {
    cmd: ['x', 'y'],
    deps: [
      { path: 'd', md5: '' },
      { path: 'e', hash: 'md5', md5: 'abc', size: 3, nfiles: 2, isexec: true },
    ],
  });
});

test('a stage with nothing but a cmd has no deps, params or outs keys; several params files sort after params.yaml', () => {
  assert.deepEqual(lockStage('x', [], {}, []), { cmd: 'x' });
  const entry = (p: string) => lockEntry(p, { kind: 'file', md5: p, size: 1, isexec: false });
  const stage = lockStage('x', [], { 'b.yaml': { k: 1 }, 'params.yaml': { k: 2 }, 'a.yaml': { k: 3 }, 'c.yaml': {} }, [
    entry('z'),
    entry('a'),
    entry('m'),
  ]);
  assert.deepEqual(Object.keys(stage.params ?? {}), ['params.yaml', 'a.yaml', 'b.yaml', 'c.yaml']);
  const reversed = lockStage('x', [], { 'c.yaml': {}, 'a.yaml': {}, 'params.yaml': {}, 'b.yaml': {} }, []);
  assert.deepEqual(Object.keys(reversed.params ?? {}), ['params.yaml', 'a.yaml', 'b.yaml', 'c.yaml']);
  assert.deepEqual(
    stage.outs?.map((o) => o.path),
    ['a', 'm', 'z'],
  );
});

test('serialising: schema 2.0 by default, floats inside lists, one object used twice written out twice', () => {
  const shared = { path: 'same', md5: 'm' };
  const text = serializeLock({
    stages: { a: { cmd: ['x'], deps: [shared], outs: [shared] }, b: { cmd: 'y', params: { 'p.yaml': { k: [null] } } } },
    rest: {},
  });
  assert.doesNotMatch(text, /[&*]/, 'no YAML anchors or aliases (DVC writes none)');
  assert.match(text, /^schema: '2.0'\n/);
  assert.deepEqual(parseLock(text), {
    ok: true,
    lock: {
      stages: {
        a: { cmd: ['x'], deps: [{ path: 'same', md5: 'm' }], outs: [{ path: 'same', md5: 'm' }] },
        b: { cmd: 'y', params: { 'p.yaml': { k: [null] } } },
      },
      rest: { schema: '2.0' },
    },
  });
  const floats = parseLock('stages:\n  a:\n    cmd: x\n    params:\n      p.yaml:\n        k: [1.0, 2]\n');
  assert.ok(floats.ok);
  assert.match(serializeLock(floats.lock), / {8}k:\n {8}- 1\.0\n {8}- 2\n/);
});

test('updating a broken lock file starts a fresh one with schema 2.0', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mlops-lock-')), 'dvc.lock');
  writeFileSync(file, 'stages: [1, 2');
  updateLockStage(file, 'a', lockStage('x', [], {}, []));
  assert.equal(readFileSync(file, 'utf8'), "schema: '2.0'\nstages:\n  a:\n    cmd: x\n");
});

test('whole-number floats stay floats through a read and write (3.0 is not written as 3)', () => {
  const text =
    "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    params:\n      params.yaml:\n        train.epochs: 3.0\n        train.lr: 0.001\n        train.steps: 3\n";
  const read = parseLock(text);
  assert.ok(read.ok);
  assert.equal(serializeLock(read.lock), text);
});
