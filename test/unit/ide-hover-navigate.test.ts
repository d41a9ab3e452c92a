import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../src/core/pipeline/ide/hover';
import { definition, links, references } from '../../src/core/pipeline/ide/navigate';
import { at, ideDoc } from './ide-fixture';

const PIPELINE = `vars:
  - size: 3
stages:
  prepare:
    cmd: python prep.py --size \${size}
    deps:
      - raw.csv
    outs:
      - clean.csv
  train:
    cmd: python train.py --lr \${train.lr}
    deps:
      - clean.csv
    params:
      - train.lr
    outs:
      - model.pkl
`;
const FILES = { 'params.yaml': 'train:\n  lr: 0.01\n', 'raw.csv': 'a\n' };

/** The pipeline with a cursor marker inserted before the first occurrence of `needle` (plus `shift` characters). */
function pointing(needle: string, shift = 1): string {
  const i = PIPELINE.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  return PIPELINE.slice(0, i + shift) + '<|>' + PIPELINE.slice(i + shift);
}

test('hover on a key shows its documentation and type', () => {
  const { doc, position } = ideDoc(pointing('deps:'));
  const h = hover(doc, position);
  assert.match(h?.markdown ?? '', /^\*\*deps\*\*: a list of strings\n\n/);
  assert.deepEqual(h?.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 8 } });
});

test('hover on a param shows its current value and where it is', () => {
  const { doc, position } = ideDoc(pointing('- train.lr', 4), FILES);
  assert.equal(hover(doc, position)?.markdown, '`train.lr` = `0.01`\n\nFrom `params.yaml` line 2.');
});

test('hover on `${}` shows the resolved value and its definition', () => {
  const { doc, position } = ideDoc(pointing('${train.lr}', 3), FILES);
  const h = hover(doc, position);
  assert.equal(h?.markdown, '`${train.lr}` = `0.01`\n\nDefined in `params.yaml` line 2.');
  assert.deepEqual(h?.range, { start: { line: 10, character: 30 }, end: { line: 10, character: 41 } });
  const inline = ideDoc(pointing('${size}', 3), FILES);
  assert.equal(hover(inline.doc, inline.position)?.markdown, '`${size}` = `3`\n\nDefined in `dvc.yaml` line 2.');
});

test('hover on a stage: command, inputs, outputs, upstream and downstream', () => {
  const { doc, position } = ideDoc(pointing('train:', 2), FILES);
  assert.equal(
    hover(doc, position)?.markdown,
    [
      '**Stage `train`**',
      '```sh\npython train.py --lr 0.01\n```',
      'Inputs: `clean.csv`, param `train.lr`',
      'Outputs: `model.pkl`',
      'Upstream: stage `prepare`',
      'Downstream: none',
    ].join('\n\n'),
  );
});

test('definition: dep → producing stage, dep → file, param → params line, ${var} → definition', () => {
  const dep = ideDoc(pointing('- clean.csv\n    params', 4), FILES);
  assert.deepEqual(definition(dep.doc, dep.position), [
    { file: at('dvc.yaml'), range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } } },
  ]);
  const file = ideDoc(pointing('raw.csv', 2), FILES);
  assert.deepEqual(definition(file.doc, file.position), [
    { file: at('raw.csv'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
  ]);
  const param = ideDoc(pointing('- train.lr', 4), FILES);
  assert.deepEqual(definition(param.doc, param.position), [
    { file: at('params.yaml'), range: { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } } },
  ]);
  const v = ideDoc(pointing('${size}', 3), FILES);
  assert.deepEqual(definition(v.doc, v.position), [
    { file: at('dvc.yaml'), range: { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } } },
  ]);
});

test('references: a stage → the deps of the stages consuming its outputs', () => {
  const { doc, position } = ideDoc(pointing('prepare:', 2), FILES);
  assert.deepEqual(references(doc, position), [
    { file: at('dvc.yaml'), range: { start: { line: 12, character: 8 }, end: { line: 12, character: 17 } } },
  ]);
});

test('document links for literal paths that exist', () => {
  const { doc } = ideDoc(pointing('stages'), FILES);
  assert.deepEqual(links(doc), [
    { range: { start: { line: 6, character: 8 }, end: { line: 6, character: 15 } }, file: at('raw.csv') },
  ]);
});
