import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../src/core/pipeline/ide/completion';
import { ideDoc } from './ide-fixture';

const labels = (marked: string, others: Record<string, string> = {}): string[] => {
  const { doc, position } = ideDoc(marked, others);
  return complete(doc, position).map((c) => c.label);
};

test('top-level keys, with docs and the replaced range', () => {
  const { doc, position } = ideDoc('st<|>');
  const items = complete(doc, position);
  assert.deepEqual(
    items.map((c) => c.label),
    ['vars', 'stages', 'params', 'metrics', 'plots', 'artifacts', 'datasets'],
  );
  const stages = items.find((c) => c.label === 'stages');
  assert.equal(stages?.insertText, 'stages: ');
  assert.deepEqual(stages?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
  assert.match(stages?.documentation ?? '', /stages/);
});

test('stage keys: plain stage keys first, those already written left out, foreach keys once chosen', () => {
  const plain = labels('stages:\n  train:\n    cmd: python train.py\n    <|>\n');
  assert.equal(plain.includes('cmd'), false);
  assert.deepEqual(plain.slice(0, 3), ['wdir', 'deps', 'params']);
  assert.ok(plain.includes('matrix') && plain.includes('foreach'));
  assert.deepEqual(labels('stages:\n  train:\n    foreach: [a, b]\n    <|>\n'), ['do']);
});

test('output flags under `- path:`, enum and boolean values', () => {
  const flags = labels('stages:\n  t:\n    cmd: x\n    outs:\n      - model.pkl:\n          <|>\n');
  for (const k of ['cache', 'persist', 'remote', 'push', 'desc']) assert.ok(flags.includes(k), k);
  assert.deepEqual(labels('stages:\n  t:\n    cmd: x\n    frozen: <|>\n'), ['true', 'false']);
  assert.deepEqual(labels('datasets:\n  - name: d\n    type: <|>\n'), ['dvc', 'dc', 'url']);
});

test('params keys from params.yaml, nested, and from a named params file', () => {
  const params = 'train:\n  lr: 0.1\n  epochs: 3\nseed: 1\n';
  assert.deepEqual(labels('stages:\n  t:\n    cmd: x\n    params:\n      - <|>\n', { 'params.yaml': params }), [
    'train',
    'train.lr',
    'train.epochs',
    'seed',
  ]);
  assert.deepEqual(
    labels('stages:\n  t:\n    cmd: x\n    params:\n      - conf/p.json:\n          - <|>\n', {
      'conf/p.json': '{"a": {"b": 1}}',
    }),
    ['a', 'a.b'],
  );
});

test('`${}` variables: params.yaml and vars, nested after a dot, item inside foreach', () => {
  const others = { 'params.yaml': 'train:\n  lr: 0.1\n' };
  assert.deepEqual(labels('vars:\n  - size: 3\nstages:\n  t:\n    cmd: python t.py ${<|>\n', others), [
    'train',
    'size',
  ]);
  assert.deepEqual(labels('stages:\n  t:\n    cmd: python t.py ${train.<|>\n', others), ['lr']);
  const loop = labels('stages:\n  t:\n    foreach:\n      - {name: a, n: 1}\n    do:\n      cmd: echo ${item.<|>\n');
  assert.deepEqual(loop, ['name', 'n']);
  const { doc, position } = ideDoc('stages:\n  t:\n    cmd: python t.py ${tr<|>\n', others);
  const item = complete(doc, position)[0];
  assert.deepEqual(item && { label: item.label, range: item.range, documentation: item.documentation }, {
    label: 'train',
    range: { start: { line: 2, character: 23 }, end: { line: 2, character: 25 } },
    documentation: 'Defined in `params.yaml` line 1',
  });
});

test("paths relative to wdir, one folder level at a time, and other stages' outputs in deps", () => {
  const files = { 'src/train.py': '', 'src/prep.py': '', 'data/raw.csv': '' };
  assert.deepEqual(labels('stages:\n  t:\n    cmd: x\n    deps:\n      - <|>\n', files), ['data/', 'dvc.yaml', 'src/']);
  assert.deepEqual(labels('stages:\n  t:\n    cmd: x\n    deps:\n      - src/<|>\n', files), ['prep.py', 'train.py']);
  assert.deepEqual(labels('stages:\n  t:\n    cmd: x\n    wdir: src\n    deps:\n      - <|>\n', files), [
    'prep.py',
    'train.py',
  ]);
  const chained = labels(
    'stages:\n  prep:\n    cmd: x\n    outs:\n      - data/clean.csv\n  train:\n    cmd: y\n    deps:\n      - <|>\n',
    files,
  );
  assert.deepEqual(chained, ['data/', 'dvc.yaml', 'src/', 'data/clean.csv']);
});
