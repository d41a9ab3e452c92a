import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTuning } from '../../src/core/pipeline';
import { folds, outline, type OutlineItem } from '../../src/core/pipeline/ide/outline';
import { suppressFix } from '../../src/core/pipeline/ide/suppress';
import { ideDoc } from './ide-fixture';

const shape = (items: OutlineItem[]): unknown =>
  items.map((i) => ({
    name: i.name,
    kind: i.kind,
    ...(i.detail ? { detail: i.detail } : {}),
    children: shape(i.children),
  }));

test('outline: sections, stages with their command, foreach and matrix expansions, artifacts, plots', () => {
  const { doc } = ideDoc(`<|>stages:
  prep:
    cmd: python prep.py
  train:
    foreach: [us, eu]
    do:
      cmd: python train.py \${item}
  tune:
    matrix:
      lr: [1, 2]
    cmd: python tune.py \${item.lr}
artifacts:
  model:
    path: model.pkl
plots:
  - loss.tsv
`);
  assert.deepEqual(shape(outline(doc.parsed, doc.pipeline)), [
    {
      name: 'stages',
      kind: 'section',
      children: [
        { name: 'prep', kind: 'stage', detail: 'python prep.py', children: [] },
        {
          name: 'train',
          kind: 'stage',
          detail: 'python train.py ${item}',
          children: [
            { name: 'train@us', kind: 'expansion', detail: 'python train.py us', children: [] },
            { name: 'train@eu', kind: 'expansion', detail: 'python train.py eu', children: [] },
          ],
        },
        {
          name: 'tune',
          kind: 'stage',
          detail: 'python tune.py ${item.lr}',
          children: [
            { name: 'tune@1', kind: 'expansion', detail: 'python tune.py 1', children: [] },
            { name: 'tune@2', kind: 'expansion', detail: 'python tune.py 2', children: [] },
          ],
        },
      ],
    },
    {
      name: 'artifacts',
      kind: 'section',
      children: [{ name: 'model', kind: 'artifact', detail: 'model.pkl', children: [] }],
    },
    { name: 'plots', kind: 'section', children: [{ name: 'loss.tsv', kind: 'plot', children: [] }] },
  ]);
});

test('folding: every block spanning lines, ending on its last line', () => {
  const { doc } = ideDoc('<|>stages:\n  prep:\n    cmd: x\n    deps:\n      - a\n      - b\nvars:\n  - p.yaml\n');
  assert.deepEqual(folds(doc.parsed), [
    { startLine: 0, endLine: 5 },
    { startLine: 1, endLine: 5 },
    { startLine: 3, endLine: 5 },
    { startLine: 6, endLine: 7 },
  ]);
});

test('suppress fix inserts a directive above the line, indented like it, and the directive works', () => {
  const text = 'stages:\n  train:\n    cmd: x\n    bogus: 1\n';
  const diagnostic = {
    code: 'unknown-key',
    severity: 'error' as const,
    message: 'm',
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
  };
  const fix = suppressFix(text, diagnostic);
  assert.deepEqual(fix, {
    title: 'Suppress `unknown-key` on this line',
    edits: [
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: '    # mlops-disable-next-line unknown-key\n',
      },
    ],
  });
  const edited = text.replace('    bogus', fix.edits[0]!.newText + '    bogus');
  const moved = { ...diagnostic, range: { start: { line: 4, character: 4 }, end: { line: 4, character: 9 } } };
  assert.deepEqual(applyTuning([moved], edited), []);
});

test('suppress fix adds the code to a directive already above the line', () => {
  const text = 'stages:\n  train:\n    # mlops-disable-next-line invalid-type -- legacy\n    bogus: 1\n';
  const fix = suppressFix(text, {
    code: 'unknown-key',
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
  });
  const at = { line: 2, character: 42 };
  assert.deepEqual(fix.edits, [{ range: { start: at, end: at }, newText: ', unknown-key' }]);
});
