// The variable context, following DVC's rules (dvc/parsing/context.py): params.yaml by default, vars in order,
// dicts merged key by key, any other redefinition refused, partial loads tracked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from '../../src/core/diagnostics';
import { buildContext, extendContext, sourceOf, withBindings, type VarsEntry } from '../../src/core/pipeline/context';
import { memoryFs } from '../support/memory-fs';

const at = (line: number): Range => ({ start: { line, character: 4 }, end: { line, character: 10 } });
const file = (spec: string, line = 1): VarsEntry => ({ kind: 'file', spec, range: at(line) });
const inline = (value: Record<string, never> | object, line = 2): VarsEntry => ({
  kind: 'inline',
  value: value as Record<string, never>,
  keys: new Map(Object.keys(value).map((k) => [k, at(line)])),
  range: at(line),
});

const files = {
  '/w/params.yaml': 'train:\n  lr: 0.1\nseed: 1\n',
  '/w/extra.yaml': 'train:\n  epochs: 3\nmodels: [a, b]\nseed: 2\n',
  '/w/cfg.json': '{"size": 10, "name": "x"}',
  '/w/list.yaml': '- 1\n',
  '/w/sub/local.yaml': 'local: true\n',
};
const fs = memoryFs(files);

test('params.yaml beside dvc.yaml is loaded by default and dicts merge across vars', () => {
  const { context, diagnostics } = buildContext({
    dvcFile: '/w/dvc.yaml',
    vars: [file('extra.yaml:train,models'), inline({ other: 1 })],
    fs,
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(context.vars, { train: { lr: 0.1, epochs: 3 }, seed: 1, models: ['a', 'b'], other: 1 });
  assert.deepEqual(sourceOf(context, 'train.lr'), {
    file: '/w/params.yaml',
    label: 'params.yaml',
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } },
  });
  assert.equal(sourceOf(context, 'train.epochs')?.file, '/w/extra.yaml');
  assert.deepEqual(sourceOf(context, 'other'), { file: '/w/dvc.yaml', label: 'vars[1]', range: at(2) });
  assert.deepEqual(sourceOf(context, 'models.1')?.file, '/w/extra.yaml');
});

test('merging never mutates the params files it read', () => {
  buildContext({ dvcFile: '/w/dvc.yaml', vars: [file('extra.yaml:train')], fs });
  const again = buildContext({ dvcFile: '/w/dvc.yaml', vars: [], fs });
  assert.deepEqual(again.context.vars, { train: { lr: 0.1 }, seed: 1 });
});

test('redefining a value is refused, naming both sources', () => {
  const { diagnostics } = buildContext({ dvcFile: '/w/dvc.yaml', vars: [file('extra.yaml', 5)], fs });
  assert.equal(diagnostics.length, 1);
  const d = diagnostics[0]!;
  assert.equal(d.code, 'vars-conflict');
  assert.match(d.message, /^Cannot redefine 'seed' from 'extra.yaml' as it already exists in 'params.yaml'/);
  assert.deepEqual(d.range, at(5));
  assert.equal(d.related?.[0]?.file, '/w/params.yaml');
});

test('inline vars conflicting with each other are reported on the key', () => {
  const { diagnostics } = buildContext({
    dvcFile: '/w/dvc.yaml',
    vars: [inline({ a: 1 }, 2), inline({ a: 2 }, 3)],
    fs: memoryFs({}),
  });
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /'a' from 'vars\[1\]' as it already exists in 'vars\[0\]'/);
  assert.deepEqual(diagnostics[0]!.range, at(3));
});

test('missing, non-mapping and partially loaded files', () => {
  const r = buildContext({
    dvcFile: '/w/dvc.yaml',
    vars: [
      file('nope.yaml', 1),
      file('list.yaml', 2),
      file('cfg.json:size', 3),
      file('cfg.json', 4),
      file('cfg.json:missing', 5),
      file('params.yaml', 6),
      file('params.yaml:seed', 7),
      file('sub', 8),
    ],
    fs,
  });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.range.start.line]),
    [
      ['missing-vars-file', 1],
      ['invalid-vars-file', 2],
      ['vars-conflict', 4],
      ['invalid-vars-file', 5],
      ['vars-conflict', 7],
      ['invalid-vars-file', 8],
    ],
  );
  assert.deepEqual(r.context.vars.size, 10);
  assert.equal(r.context.vars.name, undefined, 'only the selected key of cfg.json is loaded');
});

test('interpolation inside vars is refused', () => {
  const r = buildContext({
    dvcFile: '/w/dvc.yaml',
    vars: [file('${x}.yaml'), inline({ a: '${b}' })],
    fs: memoryFs({}),
  });
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['invalid-interpolation', 'invalid-interpolation'],
  );
});

test('stage vars load from the stage wdir, leave the base untouched, and may not redefine item/key', () => {
  const base = buildContext({ dvcFile: '/w/dvc.yaml', vars: [], fs }).context;
  const s = extendContext(base, {
    dvcFile: '/w/dvc.yaml',
    stageName: 'train',
    wdir: '/w/sub',
    vars: [file('local.yaml'), inline({ extra: 1 })],
    fs,
  });
  assert.deepEqual(s.diagnostics, []);
  assert.equal(s.context.vars.local, true);
  assert.equal(sourceOf(s.context, 'extra')?.label, 'train.vars[1]');
  assert.equal(base.vars.local, undefined);
  const bound = withBindings(base, { item: 1 });
  const clash = extendContext(bound, {
    dvcFile: '/w/dvc.yaml',
    stageName: 'x@1',
    wdir: '/w',
    vars: [inline({ item: 2 })],
    fs,
  });
  assert.equal(clash.diagnostics[0]?.code, 'vars-conflict');
  assert.match(clash.diagnostics[0]!.message, /reserved key 'item'/);
});

test('without params.yaml the context starts empty', () => {
  const r = buildContext({ dvcFile: '/elsewhere/dvc.yaml', vars: [], fs });
  assert.deepEqual(r.context.vars, {});
  assert.deepEqual(r.diagnostics, []);
});
