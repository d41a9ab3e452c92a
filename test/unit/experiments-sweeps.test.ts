// -S in Hydra's override grammar: values typed as Hydra types them, sweeps expanded into DVC's grid order,
// random samples distinct, and every syntax error naming the token at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PyFloat } from '../../src/core/pipeline/py-value';
import { parseOverride } from '../../src/core/experiments/sweep-syntax';
import { planSweep, type Point } from '../../src/core/experiments/sweeps';

const values = (arg: string): unknown[] => {
  const o = parseOverride(arg);
  assert.ok(o.op !== 'delete' && o.sweep.kind === 'values');
  return o.sweep.values.map((v) => (v instanceof PyFloat ? `float:${v.value}` : v));
};

test('primitives are typed as Hydra types them', () => {
  assert.deepEqual(values('a=1'), [1]);
  assert.deepEqual(values('a=0.5'), [0.5]);
  assert.deepEqual(values('a=1.0'), ['float:1']);
  assert.deepEqual(values('a=1e-3'), [0.001]);
  assert.deepEqual(values('a=TRUE'), [true]);
  assert.deepEqual(values('a=null'), [null]);
  assert.deepEqual(values('a=adam'), ['adam']);
  assert.deepEqual(values("a='1'"), ['1']);
  assert.deepEqual(values('a=[1, two]'), [[1, 'two']]);
  assert.deepEqual(values('a={x: 1, y: [2]}'), [{ x: 1, y: [2] }]);
  assert.deepEqual(values('a='), ['']);
});

test('sweeps: comma lists, choice(), range() with ints and floats', () => {
  assert.deepEqual(values('a=1,2,3'), [1, 2, 3]);
  assert.deepEqual(values('a=choice(adam, sgd)'), ['adam', 'sgd']);
  assert.deepEqual(values('a=range(3)'), [0, 1, 2]);
  assert.deepEqual(values('a=range(1,10,4)'), [1, 5, 9]);
  assert.deepEqual(values('a=range(5,1,-2)'), [5, 3]);
  assert.deepEqual(values('a=range(0,1,0.25)'), ['float:0', 0.25, 0.5, 0.75]);
  assert.deepEqual(values('a=range(0.1,0.35,0.1)'), [0.1, 0.2, 0.3]);
});

test('the file before the first colon, and the operators', () => {
  assert.deepEqual(parseOverride('cfg/p.json:train.lr=1'), {
    file: 'cfg/p.json',
    key: 'train.lr',
    op: 'change',
    text: 'cfg/p.json:train.lr=1',
    sweep: { kind: 'values', values: [1] },
  });
  assert.equal(parseOverride('+a.b=1').op, 'add');
  assert.equal(parseOverride('++a.b=1').op, 'force-add');
  assert.deepEqual(parseOverride('~a.b'), { file: 'params.yaml', key: 'a.b', op: 'delete', text: '~a.b' });
  // A colon after '=' belongs to the value.
  assert.deepEqual(values('url=http://x'), ['http://x']);
});

test('syntax errors name the argument, the problem and the column', () => {
  const cases: [string, RegExp][] = [
    ['lr=range(1,)', /expected a value before '\)' at column 12 \('lr=range\(1,▮\)'\)/],
    ['lr=range()', /range\(\) takes/],
    ['lr=range(1,2,0)', /step cannot be 0/],
    ['lr=range(a,2)', /needs numbers, not 'a'/],
    ['lr=range(5,1)', /range\(\) is empty/],
    ['lr=foo(1)', /unknown function 'foo'/],
    ['lr=glob(*)', /glob\(\) sweeps are not supported/],
    ['lr=[1,2', /missing '\]'/],
    ["lr='abc", /unterminated quoted string/],
    ['lr', /expected '=' and a value/],
    ['=1', /expected a parameter name/],
    ['lr=1,choice(2)', /can only be the whole value/],
  ];
  for (const [arg, re] of cases) {
    const plan = planSweep([arg]);
    assert.ok(!plan.ok, arg);
    assert.match(plan.message, re, arg);
    assert.ok(plan.message.includes(`'${arg}'`), `${arg}: ${plan.message}`);
  }
});

const show = (points: Point[]): string[] =>
  points.map((p) => p.map((c) => (c.op === 'delete' ? `~${c.key}` : `${c.key}=${JSON.stringify(c.value)}`)).join(' '));

test('several sweeps make the grid, the last varying fastest (itertools.product, as DVC queues them)', () => {
  const plan = planSweep(['a=1,2', 'b=x,y,z', 'c=0']);
  assert.ok(plan.ok);
  assert.deepEqual(show(plan.points), [
    'a=1 b="x" c=0',
    'a=1 b="y" c=0',
    'a=1 b="z" c=0',
    'a=2 b="x" c=0',
    'a=2 b="y" c=0',
    'a=2 b="z" c=0',
  ]);
  const none = planSweep([]);
  assert.ok(none.ok);
  assert.deepEqual(none.points, [[]], 'no -S: one experiment with no changes');
});

test('--random N draws N distinct grid points; interval() only with --random; huge grids refused', () => {
  const plan = planSweep(['a=range(10)', 'b=range(10)'], 30);
  assert.ok(plan.ok);
  assert.equal(plan.points.length, 30);
  assert.equal(new Set(show(plan.points)).size, 30);
  const all = planSweep(['a=1,2'], 5);
  assert.ok(all.ok);
  assert.deepEqual(show(all.points).sort(), ['a=1', 'a=2']);
  const interval = planSweep(['lr=interval(0.1, 0.2)'], 4);
  assert.ok(interval.ok);
  for (const [c] of interval.points) {
    assert.ok(c && c.op !== 'delete' && typeof c.value === 'number' && c.value >= 0.1 && c.value < 0.2);
  }
  const noRandom = planSweep(['lr=interval(0.1, 0.2)']);
  assert.ok(!noRandom.ok && /add --random N/.test(noRandom.message));
  const huge = planSweep(['a=range(1000)', 'b=range(1000)']);
  assert.ok(!huge.ok && /1000000 experiments/.test(huge.message));
});
