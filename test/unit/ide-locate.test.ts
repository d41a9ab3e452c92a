import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/core/pipeline';
import { nodeAt, positionToOffset, typingContext } from '../../src/core/pipeline/ide/locate';
import { cursor } from '../support/cursor';

const ctx = (marked: string) => {
  const { text, position } = cursor(marked);
  const c = typingContext(text, position);
  return { parent: c.parent, kind: c.kind, key: c.key, prefix: c.prefix };
};

test('typing a key inside a stage, even when the YAML around it is half written', () => {
  assert.deepEqual(ctx('stages:\n  train:\n    cmd: python t.py\n    de<|>\n'), {
    parent: ['stages', 'train'],
    kind: 'key',
    key: undefined,
    prefix: 'de',
  });
  assert.deepEqual(ctx('stages:\n  train:\n    <|>'), {
    parent: ['stages', 'train'],
    kind: 'key',
    key: undefined,
    prefix: '',
  });
  assert.deepEqual(ctx('sta<|>'), { parent: [], kind: 'key', key: undefined, prefix: 'sta' });
});

test('typing a value, a list item, and a flag of an output written as `- path:`', () => {
  assert.deepEqual(ctx('stages:\n  t:\n    frozen: tr<|>'), {
    parent: ['stages', 't'],
    kind: 'value',
    key: 'frozen',
    prefix: 'tr',
  });
  assert.deepEqual(ctx('stages:\n  t:\n    deps:\n      - data/r<|>'), {
    parent: ['stages', 't', 'deps'],
    kind: 'item',
    key: undefined,
    prefix: 'data/r',
  });
  // A list at its key's own column.
  assert.deepEqual(ctx('stages:\n  t:\n    deps:\n    - <|>'), {
    parent: ['stages', 't', 'deps'],
    kind: 'item',
    key: undefined,
    prefix: '',
  });
  assert.deepEqual(ctx('stages:\n  t:\n    outs:\n      - model.pkl:\n          ca<|>'), {
    parent: ['stages', 't', 'outs', -1, 'model.pkl'],
    kind: 'key',
    key: undefined,
    prefix: 'ca',
  });
  assert.deepEqual(ctx('stages:\n  t:\n    params:\n      - custom.yaml:\n          - <|>'), {
    parent: ['stages', 't', 'params', -1, 'custom.yaml'],
    kind: 'item',
    key: undefined,
    prefix: '',
  });
});

test('the node under the cursor: a key, a value inside a list, nothing between entries', () => {
  const text = 'stages:\n  train:\n    deps:\n      - data.csv\n\n';
  const parsed = parseYaml(text);
  const key = nodeAt(parsed, positionToOffset(parsed, { line: 1, character: 4 }));
  assert.deepEqual(key && { path: key.path, role: key.role, text: key.text }, {
    path: ['stages', 'train'],
    role: 'key',
    text: 'train',
  });
  const item = nodeAt(parsed, positionToOffset(parsed, { line: 3, character: 12 }));
  assert.deepEqual(item && { path: item.path, role: item.role, range: item.range }, {
    path: ['stages', 'train', 'deps', 0],
    role: 'value',
    range: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } },
  });
  assert.equal(nodeAt(parsed, positionToOffset(parsed, { line: 4, character: 0 })), undefined);
});

test('a key below the first key of a list item belongs to that item', () => {
  assert.deepEqual(ctx('datasets:\n  - name: d\n    type: <|>'), {
    parent: ['datasets', -1],
    kind: 'value',
    key: 'type',
    prefix: '',
  });
});
