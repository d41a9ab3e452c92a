// structure.ts: codes, ranges, messages and fixes of the schema-driven checks.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Diagnostic } from '../../src/core/diagnostics';
import { parseYaml } from '../../src/core/pipeline/parse';
import { checkStructure } from '../../src/core/pipeline/structure';
import { yamlKind } from '../../src/core/pipeline/schema-match';

const check = (text: string): Diagnostic[] => checkStructure(parseYaml(text));
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);

test('a typical valid pipeline has no structural diagnostic', () => {
  const text = `vars:
  - params.yaml
  - {a: 1}
stages:
  train:
    cmd: [python a.py, python b.py]
    wdir: src
    deps: [a.py]
    params:
      - lr
      - other.json: [x.y]
      - whole.toml:
    outs:
      - model.pkl
      - big/:
          cache: false
          persist: true
          push: false
          remote: r
          desc: d
          type: model
          labels: [a]
          meta: {x: 1}
    metrics: [{m.json: {cache: false}}]
    plots:
      - loss.csv: {x: step, y: loss, template: linear, header: false, title: t, x_label: a, y_label: b}
    frozen: true
    always_changed: false
    desc: text
    meta: anything
    matrix:
      p: [1, 2]
      q: \${list}
  loop:
    foreach: \${items}
    do:
      cmd: echo
plots:
  - a.csv
  - id: {x: {a.csv: s}, y: {a.csv: [l, m], b.csv: n}}
  - c.json:
params: [p.yaml]
metrics: [m.json]
artifacts:
  model: {path: m.pkl, type: model, desc: d, labels: [x], meta: {}}
datasets:
  - {name: d, type: dvc, url: u, path: p, rev: main}
`;
  assert.deepEqual(check(text), []);
});

test('unknown keys get a did-you-mean message and rename fixes on the key', () => {
  const [d] = check('stages:\n  t:\n    cmd: x\n    outz: [a]\n');
  assert.equal(d?.code, 'unknown-key');
  assert.equal(d?.severity, 'error');
  assert.deepEqual(d?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } });
  assert.match(d?.message ?? '', /`outz`.*Did you mean `outs`\?/);
  assert.equal(d?.fixes?.[0]?.edits[0]?.newText, 'outs');
  assert.equal(d?.fixes?.[0]?.preferred, true);
});

test('common wrong names are mapped to the right key', () => {
  const [d] = check('stages:\n  t:\n    command: x\n');
  assert.equal(d?.fixes?.[0]?.edits[0]?.newText, 'cmd');
  const unknown = check('stages:\n  t:\n    cmd: x\n    zzzzzz: 1\n');
  assert.match(unknown[0]?.message ?? '', /Allowed keys: `cmd`/);
  assert.equal(unknown[0]?.fixes, undefined);
});

test('a stage written at the top level is explained', () => {
  const [d] = check('train:\n  cmd: python train.py\n');
  assert.match(d?.message ?? '', /stages go under `stages:`/);
});

test('keys of a foreach stage outside do are explained', () => {
  const ds = check('stages:\n  g:\n    foreach: [a]\n    outs: [x]\n    do:\n      cmd: echo\n');
  assert.deepEqual(brief(ds), ['unknown-key@3:4']);
  assert.match(ds[0]?.message ?? '', /under `do:`/);
});

test('invalid types say what was expected and sit on the value', () => {
  const ds = check('stages:\n  t:\n    cmd: x\n    frozen: "yes"\n    deps: a.py\n');
  assert.deepEqual(brief(ds), ['invalid-type@3:12', 'invalid-type@4:10']);
  assert.match(ds[0]?.message ?? '', /`stages\.t\.frozen` must be `true` or `false`, not a string/);
  assert.match(ds[1]?.message ?? '', /must be a list of strings.*Write it as a list/);
});

test('an empty value is reported on its key', () => {
  const ds = check('stages:\n  t:\n    cmd:\n');
  assert.deepEqual(brief(ds), ['invalid-type@2:4']);
  assert.match(ds[0]?.message ?? '', /not empty/);
});

test('types follow ruamel.yaml: unquoted dates and 1_000 are not strings', () => {
  const kinds = (v: string) => {
    const p = parseYaml(`a: ${v}`);
    const node = (p.doc.contents as { items: Array<{ value: unknown }> }).items[0]?.value;
    return yamlKind(node as never);
  };
  assert.equal(kinds('2024-01-31'), 'timestamp');
  assert.equal(kinds('2024-1-3 10:00:00'), 'timestamp');
  assert.equal(kinds('"2024-01-31"'), 'string');
  assert.equal(kinds('1_000'), 'number');
  assert.equal(kinds('yes'), 'string');
  assert.equal(kinds('~'), 'null');
  assert.match(check('stages:\n  t:\n    cmd: x\n    desc: 2024-01-31\n')[0]?.message ?? '', /Quote it/);
});

test('missing required keys are reported on the key that names the mapping', () => {
  assert.deepEqual(brief(check('stages:\n  t:\n    deps: [a]\n')), ['missing-required-key@1:2']);
  assert.deepEqual(brief(check('stages:\n  g:\n    foreach: [a]\n')), ['missing-required-key@1:2']);
  assert.deepEqual(brief(check('stages:\n  g:\n    do: {cmd: x}\n')), ['missing-required-key@1:2']);
  assert.deepEqual(brief(check('artifacts:\n  m:\n    type: model\n')), ['missing-required-key@1:2']);
});

test('merged keys count for required keys and are not reported twice', () => {
  const text = 'stages:\n  a: &base\n    cmd: x\n    deps: [d]\n  b:\n    <<: *base\n    desc: second\n';
  assert.deepEqual(check(text), []);
});

test('stage names: `@` is an error for plain stages, `:` a warning, other punctuation DVC runs a hint', () => {
  const ds = check(
    'stages:\n  a@b:\n    cmd: x\n  c.d:\n    cmd: x\n  g@h:\n    foreach: [1]\n    do: {cmd: x}\n  p/q:\n    cmd: x\n  e:f:\n    cmd: x\n',
  );
  assert.deepEqual(
    ds.map((d) => `${d.code}:${d.severity}@${d.range.start.line}`),
    [
      'invalid-stage-name:error@1',
      'invalid-stage-name:hint@3',
      'invalid-stage-name:hint@5',
      'invalid-stage-name:hint@8',
      'invalid-stage-name:warning@10',
    ],
  );
});

test('non-string stage names must be quoted', () => {
  const ds = check('stages:\n  1:\n    cmd: x\n');
  assert.deepEqual(brief(ds), ['invalid-type@1:2']);
  assert.match(ds[0]?.message ?? '', /quote it/);
});

test('checks stricter than DVC are warnings', () => {
  const ds = check(
    'datasets:\n  - {name: d, type: other}\n  - {type: url}\nstages:\n  t:\n    cmd: x\n    outs: [{m: {checkpoint: true}}]\n',
  );
  assert.ok(ds.length === 3);
  assert.ok(
    ds.every((d) => d.severity === 'warning'),
    JSON.stringify(ds),
  );
});

test('a top level that is not a mapping is invalid; an empty document is fine', () => {
  assert.deepEqual(brief(check('- a\n- b\n')), ['invalid-type@0:0']);
  assert.deepEqual(check('# nothing\n'), []);
  assert.deepEqual(check(''), []);
});

test('structure is checked on raw YAML, before interpolation (as DVC)', () => {
  assert.deepEqual(brief(check('stages:\n  t:\n    cmd: x\n    frozen: ${f}\n')), ['invalid-type@3:12']);
  assert.deepEqual(check('stages:\n  t:\n    cmd: ${c}\n    wdir: ${w}\n'), []);
});
