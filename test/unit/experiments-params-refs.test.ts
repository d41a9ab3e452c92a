// Setting params as `dvc exp run -S` sets them (Hydra struct mode, files kept as written) and DVC's
// experiment ref and name rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsTexts } from '../../src/core/experiments/params-set';
import { planSweep } from '../../src/core/experiments/sweeps';
import { newExpName } from '../../src/core/experiments/names';
import { checkExpName, expRefName, parseExpRef } from '../../src/core/experiments/refs';

function apply(files: Record<string, string>, ...args: string[]) {
  const plan = planSweep(args);
  assert.ok(plan.ok, plan.ok ? '' : plan.message);
  return paramsTexts(plan.points[0] ?? [], (f) => files[f]);
}

const YAML = `# training knobs
train:
  lr: 0.1 # learning rate
  epochs: 60
  layers: [8, 4]
prepare:
  seed: 1
`;

test('YAML is edited in place: comments, order and the other keys survive; floats stay floats', () => {
  const r = apply({ 'params.yaml': YAML }, 'train.lr=1.0', 'train.epochs=5', '+train.opt=adam', 'train.layers.1=2');
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(
    r.files.get('params.yaml'),
    `# training knobs
train:
  lr: 1.0 # learning rate
  epochs: 5
  layers: [ 8, 2 ]
  opt: adam
prepare:
  seed: 1
`,
  );
  const del = apply({ 'params.yaml': YAML }, '~prepare.seed');
  assert.ok(del.ok);
  assert.doesNotMatch(del.files.get('params.yaml') ?? '', /seed/);
});

test('JSON keeps its indent, TOML is rewritten, Python is refused with a reason', () => {
  const json = apply({ 'p.json': '{\n    "a": {"b": 1}\n}\n' }, 'p.json:a.b=2');
  assert.ok(json.ok);
  assert.equal(json.files.get('p.json'), '{\n    "a": {\n        "b": 2\n    }\n}\n');
  const toml = apply({ 'p.toml': '[a]\nb = 1\n' }, 'p.toml:a.b=0.5');
  assert.ok(toml.ok);
  assert.match(toml.files.get('p.toml') ?? '', /b = 0\.5/);
  const py = apply({ 'p.py': 'A = 1\n' }, 'p.py:A=2');
  assert.ok(!py.ok && /Python files is not supported/.test(py.message));
});

test("struct mode: unknown keys named with a suggestion, '+' on an existing key refused, missing files named", () => {
  const unknown = apply({ 'params.yaml': YAML }, 'train.lrr=1');
  assert.ok(!unknown.ok);
  assert.equal(
    unknown.message,
    "unknown param 'train.lrr' in 'params.yaml' (did you mean 'train.lr'?); to add it, write +train.lrr=…",
  );
  const exists = apply({ 'params.yaml': YAML }, '+train.lr=1');
  assert.ok(!exists.ok && /already exists/.test(exists.message));
  const forced = apply({ 'params.yaml': YAML }, '++train.lr=2');
  assert.ok(forced.ok);
  const missing = apply({}, 'other.yaml:a=1');
  assert.ok(!missing.ok && /'other.yaml' does not exist/.test(missing.message));
});

test("refs: DVC's layout round-trips; executor and queue refs are not experiments", () => {
  const baseline = 'ab'.padEnd(40, 'c');
  const ref = expRefName({ baseline, name: 'brisk-owl' });
  assert.equal(ref, `refs/exps/ab/${'c'.repeat(38)}/brisk-owl`);
  assert.deepEqual(parseExpRef(ref), { baseline, name: 'brisk-owl' });
  for (const other of ['refs/exps/exec/EXEC_HEAD', 'refs/exps/celery/stash', 'refs/exps/stash', 'refs/heads/main'])
    assert.equal(parseExpRef(other), undefined, other);
});

test('names: git ref rules and no slash; generated names avoid the taken ones', () => {
  for (const ok of ['exp-1', 'lr_0.1', 'Über']) assert.equal(checkExpName(ok), undefined, ok);
  for (const bad of ['', 'a/b', 'a b', 'a..b', '.a', 'a.', 'a.lock', 'a~1', 'a:b', 'a@{1}', '@'])
    assert.ok(checkExpName(bad), bad);
  const taken = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const name = newExpName((n) => taken.has(n));
    assert.match(name, /^[a-z]+-[a-z]+(-\d+)?$/);
    assert.equal(checkExpName(name), undefined);
    assert.ok(!taken.has(name));
    taken.add(name);
  }
});
