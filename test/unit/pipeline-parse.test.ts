// parse.ts: ranges, line endings, byte-order marks, syntax errors, duplicate keys, tabs ruamel.yaml refuses.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isMap } from 'yaml';
import { mapEntries, nodeRange, parseYaml } from '../../src/core/pipeline/parse';

const codes = (text: string) =>
  parseYaml(text).diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);

test('key and value ranges are 0-based line/character', () => {
  const p = parseYaml('stages:\n  train:\n    cmd: python train.py\n');
  const stages = p.doc.get('stages', true);
  assert.ok(isMap(stages));
  const train = stages.items[0];
  assert.deepEqual(nodeRange(p, train?.key as never), {
    start: { line: 1, character: 2 },
    end: { line: 1, character: 7 },
  });
  const cmd = (train?.value as typeof stages).items[0]?.value;
  assert.deepEqual(nodeRange(p, cmd as never), { start: { line: 2, character: 9 }, end: { line: 2, character: 24 } });
});

test('CRLF line endings give the same positions as LF', () => {
  const lf = parseYaml('a:\n  b: 1\n  b: 2\n').diagnostics;
  const crlf = parseYaml('a:\r\n  b: 1\r\n  b: 2\r\n').diagnostics;
  assert.deepEqual(
    crlf.map((d) => d.range),
    lf.map((d) => d.range),
  );
  assert.deepEqual(
    crlf.map((d) => d.code),
    ['duplicate-key'],
  );
});

test('a byte-order mark is dropped so columns match what editors show', () => {
  const p = parseYaml('\uFEFFstages:\n  x: 1\n  x: 2\n');
  assert.equal(p.text.startsWith('stages'), true);
  assert.deepEqual(codes('\uFEFFa: 1\na: 2'), ['duplicate-key@1:0']);
});

test('empty text, comments only and no trailing newline parse cleanly', () => {
  for (const text of ['', '\n', '# only a comment', 'a: 1']) {
    const p = parseYaml(text);
    assert.deepEqual(p.diagnostics, [], JSON.stringify(text));
  }
  assert.equal(parseYaml('').doc.contents, null);
});

test('duplicate keys are reported on the second key, with the first line in the message', () => {
  const p = parseYaml('stages:\n  a:\n    cmd: x\n  a:\n    cmd: y\n');
  assert.equal(p.diagnostics.length, 1);
  const d = p.diagnostics[0];
  assert.equal(d?.code, 'duplicate-key');
  assert.deepEqual(d?.range.start, { line: 3, character: 2 });
  assert.match(d?.message ?? '', /line 2/);
});

test('keys differing in type (1 and "1") are not duplicates, as in ruamel.yaml', () => {
  assert.deepEqual(codes('1: a\n"1": b\n'), []);
});

test('syntax errors keep what parses and carry ranges', () => {
  const p = parseYaml('stages:\n  a:\n    cmd: "unterminated\n');
  assert.ok(p.diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error'));
  assert.ok(isMap(p.doc.contents));
  // An unclosed flow sequence: reported where the parser noticed, the next line, not at an unknown place.
  const bad = parseYaml('a: [1, 2\nb: 3\n');
  assert.deepEqual(
    bad.diagnostics.map((d) => [d.code, d.severity, d.range.start]),
    [['yaml-syntax', 'error', { line: 1, character: 0 }]],
  );
});

test('a second document is a syntax error (DVC reads one)', () => {
  assert.ok(codes('a: 1\n---\nb: 2\n').some((c) => c.startsWith('yaml-syntax')));
});

test('tabs outside quotes are flagged where ruamel.yaml refuses them', () => {
  // Each case checked against ruamel.yaml (DVC 3's loader).
  const refused = [
    'a: x\t\n',
    'a: 1\n\t\nb: 2\n',
    'a: c\td\n',
    'a:\t1\n',
    'a: 1 # x\n\t# c\n',
    'a:\n- x\n-\ty\n',
    'a: x \t\n',
  ];
  const accepted = ['a: [e,\tf]\n', 'a: "g\th" # c\tc\n', 'a: |\n  \tz\n'];
  for (const t of refused)
    assert.ok(
      codes(t).some((c) => c.startsWith('yaml-syntax')),
      JSON.stringify(t),
    );
  for (const t of accepted) assert.deepEqual(codes(t), [], JSON.stringify(t));
  assert.deepEqual(codes('a: x\t\n'), ['yaml-syntax@0:4']);
});

test('merge keys expand into the entries DVC sees, explicit keys winning', () => {
  const p = parseYaml('base: &b {cmd: a, desc: d}\nstage:\n  <<: *b\n  cmd: b\n');
  const stage = p.doc.get('stage', true);
  assert.ok(isMap(stage));
  const entries = mapEntries(p, stage);
  assert.deepEqual(
    entries.map((e) => [e.name, e.merged]),
    [
      ['cmd', false],
      ['desc', true],
    ],
  );
});

test('binary garbage and huge input never throw and cap the number of syntax errors', () => {
  const garbage = Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  const p = parseYaml(garbage);
  assert.ok(p.diagnostics.length <= 60);
  const big = `stages:\n${Array.from({ length: 5000 }, (_, i) => `  s${i}:\n    cmd: echo ${i}\n`).join('')}`;
  assert.deepEqual(parseYaml(big).diagnostics, []);
});
