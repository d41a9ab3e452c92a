// Generated stage names as real DVC 3 names them (checked with `dvc stage list` on the same data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from '../../src/core/diagnostics';
import { emptyContext, withBindings, type VarContext } from '../../src/core/pipeline/context';
import { expandForeach, expandMatrix } from '../../src/core/pipeline/expand';
import { PyFloat, type Value } from '../../src/core/pipeline/py-value';

const range: Range = { start: { line: 3, character: 13 }, end: { line: 3, character: 20 } };
const ctx: VarContext = withBindings(emptyContext, {
  lrs: [0.1, 1e-5, new PyFloat(1), new PyFloat(1e16)],
  flags: [true, false, null],
  models: { a: 1, b: 2 },
  n: 3,
});
// withBindings reserves the names; a plain context for expansion:
const vars: VarContext = { ...ctx, reserved: new Set() };

const names = (data: Value, kind: 'foreach' | 'matrix' = 'foreach') =>
  (kind === 'foreach' ? expandForeach : expandMatrix)({ name: 's', data, ctx: vars, range }).items.map((g) => g.name);

test('foreach over an interpolated list of scalars names stages by value (Python str of the value)', () => {
  assert.deepEqual(names('${lrs}'), ['s@0.1', 's@1e-05', 's@1.0', 's@1e+16']);
  assert.deepEqual(names('${flags}'), ['s@True', 's@False', 's@None']);
});

test('foreach over a literal list: booleans print as DVC to_str; composite items switch to indexes', () => {
  assert.deepEqual(names([true, 'x', 2]), ['s@true', 's@x', 's@2']);
  assert.deepEqual(names([{ a: 1 }, 'b']), ['s@0', 's@1']);
  assert.deepEqual(names(['a', 'a', 'b']), ['s@a', 's@b']);
});

test('foreach over a dict names by key and binds item and key', () => {
  const r = expandForeach({ name: 'train', data: '${models}', ctx: vars, range });
  assert.deepEqual(r.items, [
    { name: 'train@a', key: 'a', bindings: { item: 1, key: 'a' } },
    { name: 'train@b', key: 'b', bindings: { item: 2, key: 'b' } },
  ]);
  assert.deepEqual(expandForeach({ name: 't', data: ['x'], ctx: vars, range }).items[0]?.bindings, { item: 'x' });
});

test('matrix: product in key order, composite values as <name><index>, strings iterate characters', () => {
  assert.deepEqual(names({ lr: '${lrs}', d: [{ x: 1 }, 'y'] }, 'matrix'), [
    's@0.1-d0',
    's@0.1-y',
    's@1e-05-d0',
    's@1e-05-y',
    's@1.0-d0',
    's@1.0-y',
    's@1e+16-d0',
    's@1e+16-y',
  ]);
  assert.deepEqual(names({ s: ['a', 'a'], c: 'ab' }, 'matrix'), ['s@a-a', 's@a-b']);
  const r = expandMatrix({ name: 'm', data: { lr: [0.1], act: ['relu'] }, ctx: vars, range });
  assert.deepEqual(r.items, [
    { name: 'm@0.1-relu', key: '0.1-relu', bindings: { item: { lr: 0.1, act: 'relu' }, key: '0.1-relu' } },
  ]);
});

test('errors: undefined variable with offsets and did-you-mean, wrong kinds', () => {
  const toRange = (s: number, e: number): Range => ({
    start: { line: 3, character: 13 + s },
    end: { line: 3, character: 13 + e },
  });
  const r = expandForeach({ name: 's', data: '${lrz}', ctx: vars, range, toRange });
  assert.equal(r.items.length, 0);
  assert.equal(r.diagnostics[0]?.code, 'undefined-variable');
  assert.equal(r.diagnostics[0]?.message, "Undefined variable 'lrz' in the foreach of stage 's'. Did you mean 'lrs'?");
  assert.deepEqual(r.diagnostics[0]?.range, toRange(0, 6));
  assert.equal(expandForeach({ name: 's', data: '${n}', ctx: vars, range }).diagnostics[0]?.code, 'invalid-type');
  assert.match(expandForeach({ name: 's', data: 'x${n}', ctx: vars, range }).diagnostics[0]?.message ?? '', /got str/);
  const keyRanges = new Map([['lr', range]]);
  const m = expandMatrix({ name: 's', data: { lr: '${n}' }, ctx: vars, range, keyRanges });
  assert.equal(m.diagnostics[0]?.code, 'invalid-type');
  assert.match(m.diagnostics[0]?.message ?? '', /matrix entry 'lr'/);
});

test('a warning when item/key already exist in the context, as DVC warns', () => {
  const shadow: VarContext = { ...vars, vars: { ...vars.vars, item: 1 } };
  const r = expandForeach({ name: 's', data: ['a'], ctx: shadow, range });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity]),
    [['shadowed-variable', 'warning']],
  );
  assert.equal(r.items.length, 1);
});
