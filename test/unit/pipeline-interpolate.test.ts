// Expectations checked against DVC 3's Context.resolve_str (dvc/parsing/context.py) on the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findInterpolations,
  parseExpression,
  resolveString,
  resolveValue,
  shellQuote,
  toStr,
} from '../../src/core/pipeline/interpolate';
import { PyFloat, pyFloat, type Vars } from '../../src/core/pipeline/py-value';

const vars: Vars = {
  lr: 0.1,
  one: new PyFloat(1),
  n: 3,
  t: true,
  f: false,
  nil: null,
  big: new PyFloat(1e16),
  tiny: 1e-5,
  d: { x: { y: 5 }, l: [1, 2] },
  lst: [10, { k: 'v' }],
  args: { lr: 0.1, name: 'x y', on: true, off: false, nest: { d: 1 }, list: [1, 'a b'], q: "it's", e: '' },
};

const ok = (text: string, field?: string) => {
  const r = resolveString(text, vars, field);
  assert.ok(r.ok, `expected ${text} to resolve, got ${JSON.stringify(r)}`);
  return r.value;
};
const err = (text: string, field?: string) => {
  const r = resolveString(text, vars, field);
  assert.ok(!r.ok, `expected ${text} to fail`);
  return r.error;
};

test('finds ${} with offsets, skips escaped and unterminated ones', () => {
  assert.deepEqual(findInterpolations('a ${x} \\${y} ${z.w}${q} ${open'), [
    { start: 2, end: 6, expr: 'x', exprStart: 4 },
    { start: 13, end: 19, expr: 'z.w', exprStart: 15 },
    { start: 19, end: 23, expr: 'q', exprStart: 21 },
  ]);
  assert.deepEqual(findInterpolations('no braces'), []);
});

test('parses dotted and indexed access like DVC', () => {
  assert.deepEqual(parseExpression('a[0].b'), { ok: true, path: ['a', '0', 'b'] });
  assert.deepEqual(parseExpression('a[0][1]'), { ok: true, path: ['a', '0', '1'] });
  assert.deepEqual(parseExpression(' a '), { ok: true, path: [' a '] });
  assert.deepEqual(parseExpression('a..b'), {
    ok: false,
    offset: 1,
    message: 'expected a key after "." at character 2 of ${a..b}',
  });
  assert.equal((parseExpression('a[0') as { offset: number }).offset, 1);
  assert.equal((parseExpression('') as { offset: number }).offset, 0);
  assert.equal(parseExpression('a]').ok, false);
});

test('a whole-string ${} keeps the type; embedded ones print as DVC prints', () => {
  assert.equal(ok('${lr}'), 0.1);
  assert.equal(ok('${n}'), 3);
  assert.equal(ok('${t}'), true);
  assert.equal(ok('${nil}'), null);
  assert.equal(ok('${d.x.y}'), 5);
  assert.equal(ok('${d[x][y]}'), 5);
  assert.equal(ok('${lst[1].k}'), 'v');
  assert.equal(ok('${lst[-1].k}'), 'v');
  assert.equal(ok('${ lr }'), 0.1);
  assert.equal(ok('lr=${lr}'), 'lr=0.1');
  assert.equal(ok('v${one}'), 'v1.0');
  assert.equal(ok('${t}-${f}-${nil}'), 'true-false-None');
  assert.equal(ok('${big} ${tiny}'), '1e+16 1e-05');
  assert.equal(ok('a \\${lr} ${n}'), 'a ${lr} 3');
  assert.equal(ok('plain \\${x}'), 'plain ${x}');
  assert.equal(ok('no ${close'), 'no ${close');
});

test('dicts in cmd become --key value arguments, as DVC 3 does', () => {
  assert.equal(ok('x ${args}', 'cmd'), `x --lr 0.1 --name 'x y' --on --nest.d 1 --list 1 'a b' --q 'it'"'"'s' --e ''`);
  assert.deepEqual(ok('${args}', 'cmd'), vars.args);
  assert.equal(ok('x ${d}'), 'x --x.y 5 --l 1 2');
  assert.equal(ok('x ${d.l}'), 'x [1, 2]');
});

test('lists and dicts are refused outside cmd, with DVC messages', () => {
  assert.equal(err('x ${d}', 'deps').message, "Cannot interpolate data of type 'dict'");
  assert.equal(err('${d}', 'deps').message, "Cannot interpolate data of type 'dict'");
  assert.equal(err('${lst}', 'outs').message, "Cannot interpolate data of type 'list'");
  assert.equal(err('x ${d.l}', 'cmd').code, 'invalid-interpolation');
  assert.deepEqual(ok('${lst}', 'foreach'), vars.lst);
});

test('undefined names and syntax errors carry offsets into the string', () => {
  assert.deepEqual(err('run ${missing} now'), {
    code: 'undefined-variable',
    message: "Could not find 'missing'",
    start: 4,
    end: 14,
  });
  assert.equal(err('${d.x.z}').message, "Could not find 'd.x.z'");
  assert.equal(err('${lr.x}').message, "Could not find 'lr.x'");
  assert.equal(err('${lst[5]}').message, "Could not find 'lst.5'");
  assert.equal(err('${ }').message, "Could not find ' '");
  const syntax = err('go ${a..b}');
  assert.equal(syntax.code, 'interpolation-syntax');
  assert.equal(syntax.start, 6);
  assert.equal(err('${}').code, 'interpolation-syntax');
});

test('resolveValue walks lists and dict keys', () => {
  const r = resolveValue({ '${n}': ['${lr}', 'x${n}', '${nope}'] }, vars);
  assert.deepEqual(r.value, { '3': [0.1, 'x3', '${nope}'] });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]?.code, 'undefined-variable');
});

test("Python's float repr and shlex.quote", () => {
  assert.deepEqual([0.1, 1e-5, 1e16, 1.5e16, 123456.789, 1e-4, 2.5e-7, -0.5, 1, 1e22, Infinity, NaN, -0].map(pyFloat), [
    '0.1',
    '1e-05',
    '1e+16',
    '1.5e+16',
    '123456.789',
    '0.0001',
    '2.5e-07',
    '-0.5',
    '1.0',
    '1e+22',
    'inf',
    'nan',
    '-0.0',
  ]);
  assert.equal(toStr(new PyFloat(3)), '3.0');
  assert.equal(toStr(3), '3');
  assert.equal(shellQuote('a-b_c.d/e:f=1,2@%+'), 'a-b_c.d/e:f=1,2@%+');
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote(''), "''");
});
