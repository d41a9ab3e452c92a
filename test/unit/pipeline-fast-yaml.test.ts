// fast-yaml.ts against the yaml package: whenever the fast path answers, its nodes, values, types and ranges
// are exactly the yaml package's; and it does answer for ordinary pipelines.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  LineCounter,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  stringify,
  visit,
} from 'yaml';
import { parseFast } from '../../src/core/pipeline/fast-yaml';
import { RUAMEL_SCHEMA } from '../../src/core/pipeline/yaml-scalars';

const FIXTURES = path.resolve(__dirname, '../fixtures/pipelines');

function shape(node: unknown): unknown {
  if (isMap(node))
    return { map: node.range, flow: !!node.flow, items: node.items.map((p) => [shape(p.key), shape(p.value)]) };
  if (isSeq(node)) return { seq: node.range, flow: !!node.flow, items: node.items.map(shape) };
  if (isScalar(node))
    return {
      value: Number.isNaN(node.value) ? 'NaN' : node.value,
      range: node.range,
      type: node.type,
      source: (node as { source?: unknown }).source,
    };
  return node === null ? null : { other: String(node) };
}

/** Undefined when the fast path declines; otherwise asserts equality and returns true. */
export function sameAsYaml(text: string): boolean {
  const fast = parseFast(text);
  if (!fast) return false;
  const lc = new LineCounter();
  const slow = parseDocument(text, {
    ...RUAMEL_SCHEMA,
    lineCounter: lc,
    uniqueKeys: false,
    merge: true,
    keepSourceTokens: true,
  });
  assert.deepEqual(
    slow.errors.map((e) => e.message),
    [],
    `fast path accepted text the yaml package rejects: ${JSON.stringify(text)}`,
  );
  assert.deepEqual(
    slow.warnings.map((e) => e.message),
    [],
    `fast path accepted text the yaml package warns about: ${JSON.stringify(text)}`,
  );
  assert.deepEqual(shape(fast.doc.contents), shape(slow.contents), JSON.stringify(text));
  assert.deepEqual(fast.doc.range, slow.range, `document range of ${JSON.stringify(text)}`);
  assert.deepEqual(fast.lines.lineStarts, lc.lineStarts);
  assert.deepEqual(fast.doc.toJS(), slow.toJS());
  // Duplicate keys: exactly those the yaml package's uniqueKeys check refuses, at the same places.
  const strict = parseDocument(text, { ...RUAMEL_SCHEMA, uniqueKeys: true });
  const refused = strict.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
  assert.deepEqual(
    fast.duplicates.map((d) => d.key.range?.[0]).sort((a, b) => (a ?? 0) - (b ?? 0)),
    refused,
    `duplicates in ${JSON.stringify(text)}`,
  );
  return true;
}

test('agrees with the yaml package on every fixture it accepts, and accepts the plain ones', () => {
  let accepted = 0;
  for (const name of readdirSync(FIXTURES)) {
    for (const file of readdirSync(path.join(FIXTURES, name)).filter((f) => /\.ya?ml$/.test(f))) {
      if (sameAsYaml(readFileSync(path.join(FIXTURES, name, file), 'utf8'))) accepted++;
    }
  }
  assert.ok(accepted >= 15, `fast path used for ${accepted} fixture files`);
});

test('agrees on hand-picked constructs', () => {
  const cases = [
    'a: 1 # c\nb:\n  - x\n  - y: 2\n    z: "q"  \n# end\nc:\n- [1, {k: v}]\nd:\n\ne: end',
    'a:\n  - x\n  # c\n\n  - y\n',
    "b: 'it''s'\nc: [a , b]\nd: \"x\\\"y\"\n",
    '- a\n- b: 1\n  c: 2\n-\n  - n\n',
    'k: ~\nl: null\nm: True\nn: 0x1F\no: 0o17\np: -1.5e3\nq: .inf\nr: .NaN\ns: 1.\nt: 012\nu: 1_000\nv: 2024-01-01\n',
    'a: 1_000\nb: 0b101\nc: -0x1F\nd: .5e1\ne: [1_0, +.5e1, 0x_]\n0_1: x\nf: {1_0: ._5}\n',
    'stages:\n  train:\n    cmd: python train.py --lr ${train.lr} > out.txt\n    outs:\n    - model.pkl:\n        cache: false\n',
    'x:\n- a:\n  - b\n',
    'x: {}\ny: []\nz: [[1, 2], {a: [3]}]\n',
    '# only\na: 1\n\n\n# trailing\n',
    'a: b\n  c\n',
    'a: [1,\n  2]\n',
    '"q k": 1\n\'s k\': 2\n',
    '- - x\n',
    'a:\n  b: 1\n  # c\n',
    'a:\n  b: 1\n# c\nd: 2',
    'a:\n- x\n# c\nb: 1',
    'a:\n  b: 1\n\n  # c\nd: 1',
    'a:\n  b: 1\n   # c\nd: 1',
    'a:\n  - x\n  # c\n',
    'a:\n  b:\n    c: 1\n  # k\n',
    'a:\n  b:\n    c: 1\n   # k\nd: 1\n',
    'a:\n  b: 1\n # c\nd: 1',
    'a:\n  b:\n    c: 1\n # k\n',
    'a:\n  b: [1]\n  # k\n',
    'a:\n  b:\n  - 1\n  # k\nc: 2\n',
    'a:\n  - b: 1\n    # k\n  - c\n',
    'a:\n  - b: 1\n  # k\n',
    'a:\n  - b: 1\n      # k\n',
    'x: 1\n  # deeper\ny: 2\n',
    'a: 1\nb: 2\na: 3\n"1": x\n1: y\nm: {k: 1, k: 2}\n',
    `${Array.from({ length: 40 }, (_, i) => `k${i % 30}: ${i}`).join('\n')}\n`,
    'a:\n   - 1\n   - 2\nb: 3\n',
    // Comment lines after an empty value, an empty key, whitespace the yaml package keeps (found by fuzzing).
    's:\n  a:\n  # c\nb: 1\n',
    'x:\n  - a:\n    # c\n  - b\n',
    'stages:\n  t:\n    deps:\n #   - raw.txt\n    cmd: x\n',
    'm:\n  a: 1\n  :   [x]\n',
    'a: b\u00a0\nc: [d\u3000]\n',
    // Multi-line plain scalars: DVC wraps every long `cmd` in dvc.lock this way.
    'a: b\n  c\nd: 1\n',
    'x:\n  cmd: python a.py --model-name\n    conditional --stage-name train@0\n    --test-mode false  \n  deps:\n  - path: a\n',
    'a: b  \n   c  \n  "d e" [f] - g\nz: 1',
    'a: b\n  c\n\n  d\n',
    'a: b\n  c\n  # k\nz: 1\n',
    'a: b\n  c\n    # k\nz: 1\n',
    'a: b # k\n  c\n',
    'a: b\n  c: d\n',
    'a: b\n  c #d\n',
    'a: 1\n  2\n',
    'a: true\n  false\n',
    '- a: b\n   c\n  d: e\n',
  ];
  let accepted = 0;
  for (const c of cases) if (sameAsYaml(c)) accepted++;
  assert.ok(accepted >= 9, `accepted ${accepted}`);
});

test('agrees on random documents serialized by the yaml package', { timeout: 120_000 }, () => {
  const key = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('cmd', 'a b', '-x', 'k:v', '${x}', 'true', '1', 'null', 'a#b', 'a #b'),
  );
  const leaf = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      '${item}',
      'a > b',
      'x: y',
      "it's",
      'say "hi"',
      ' lead',
      'trail ',
      '#c',
      '- x',
      '[x]',
      '{y}',
      '0o7',
      '.5',
      '1e3',
    ),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  const options = fc.record({
    flowLevel: fc.constantFrom(0, 1, 2, 3),
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
  });
  fc.assert(
    fc.property(value, options, (v, o) => {
      sameAsYaml(stringify(v, { flowCollectionPadding: false, ...o, lineWidth: 0 }));
      // Wrapped as DVC writes long values (ruamel folds plain scalars at its width): multi-line plain scalars.
      sameAsYaml(stringify(v, { flowCollectionPadding: false, ...o, lineWidth: 20, minContentWidth: 0 }));
    }),
    { numRuns: 1500 },
  );
});

test('takes the multi-line plain scalars DVC writes for long commands', () => {
  // dvc.lock as DVC 3 writes a stage whose command is longer than ruamel's line width.
  const lock =
    "schema: '2.0'\nstages:\n  train@a:\n    cmd: python scripts/train.py --log-level info --model-name\n" +
    '      conditional_multivariate_normal --stage-name train@a --dataset-type sim\n      --test-mode false\n' +
    '    deps:\n    - path: ../pyproject.toml\n      hash: md5\n      md5: c361f28c1242f701df135d3dac458e84\n';
  assert.ok(sameAsYaml(lock), 'the fast path declined a wrapped command');
  const words = fc.array(fc.constantFrom('python', 'train.py', '--lr', '0.1', '-x', 'a=b', '"q"', '[1]', '1'), {
    minLength: 1,
    maxLength: 30,
  });
  let multiLine = 0;
  fc.assert(
    fc.property(words, fc.integer({ min: 20, max: 60 }), (cmd, width) => {
      const text = stringify({ stages: { s: { cmd: cmd.join(' '), deps: ['a'] } } }, { lineWidth: width });
      if (sameAsYaml(text) && /cmd: .*\n {6}\S/.test(text)) multiLine++;
    }),
    { numRuns: 300 },
  );
  assert.ok(multiLine > 30, `multi-line commands taken: ${multiLine}`);
});

test('builds nodes the yaml package recognises as its own', () => {
  const fast = parseFast('a: [1, {b: c}]\nd:\n  - e\n') as NonNullable<ReturnType<typeof parseFast>>;
  const root = fast.doc.contents as YAMLMap<Scalar, unknown>;
  const pair = root.items[0] as Pair<Scalar, YAMLSeq>;
  assert.ok(root instanceof YAMLMap && isMap(root) && isCollection(root));
  assert.ok(pair instanceof Pair && isPair(pair) && !isNode(pair));
  assert.ok(pair.key instanceof Scalar && isScalar(pair.key) && pair.key.constructor === Scalar);
  assert.ok(pair.value instanceof YAMLSeq && isSeq(pair.value) && pair.value.flow);
  const copy = pair.key.clone();
  assert.ok(isScalar(copy) && copy !== pair.key);
  assert.deepEqual([copy.value, copy.range], ['a', [0, 1, 1]]);
  const seen: string[] = [];
  visit(fast.doc, { Scalar: (_k, n) => void seen.push(String(n.value)) });
  assert.deepEqual(seen, ['a', '1', 'b', 'c', 'd', 'e']);
  assert.equal(String(fast.doc), 'a: [ 1, { b: c } ]\nd:\n  - e\n');
});

test('declines what it does not handle instead of guessing', () => {
  for (const t of [
    'a: &x 1\nb: *x\n',
    'a: |\n  text\n',
    'a: !!str 1\n',
    'a:\r\n  b: 1\r\n',
    '---\na: 1\n',
    'a: "x\n  y"\n',
    'a: 1\n a: 2\n',
    '<<: {a: 1}\n',
  ]) {
    assert.equal(parseFast(t), undefined, JSON.stringify(t));
  }
});
