// Plain YAML scalars as DVC's loader (ruamel.yaml, YAML 1.2) reads them, measured with DVC 3.67.1's ruamel.yaml
// 0.19.1 (`params diff --json`): the same value from yaml-scalars.ts alone, from the fast path and from the yaml
// package given RUAMEL_SCHEMA, in a params file, as a key, inside a flow collection, and in a dvc.lock.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { LineCounter, parseDocument } from 'yaml';
import { parseFast } from '../../src/core/pipeline/fast-yaml';
import { parseParamsText } from '../../src/core/pipeline/params-files';
import { yamlToValue } from '../../src/core/pipeline/yaml-value';
import { PyFloat } from '../../src/core/pipeline/py-value';
import { isFloatSource, plainValue, RUAMEL_SCHEMA } from '../../src/core/pipeline/yaml-scalars';

const F = (x: number) => new PyFloat(x);
// form → DVC's value (PyFloat: a whole-number float, which DVC prints with `.0`).
const TABLE: [string, unknown][] = [
  ['1_000', 1000],
  ['1_000.0', F(1000)],
  ['0b101', 5],
  ['0b1_01', 5],
  ['+0b101', 5],
  ['0o17', 15],
  ['-0o17', -15],
  ['0x1F', 31],
  ['0x_1F', 31],
  ['-0x1F', -31],
  ['0X1F', '0X1F'],
  ['0B101', '0B101'],
  ['+1', 1],
  ['+1_000', 1000],
  ['1__0', 10],
  ['1_', 1],
  ['0_1', 1],
  ['0_', 0],
  ['-0', 0],
  ['00', 0],
  ['0777', 777],
  ['09', 9],
  ['.5', 0.5],
  ['._5', 0.5],
  ['0.1_5', 0.15],
  ['1.', F(1)],
  ['0.', F(0)],
  ['1e3', F(1000)],
  ['1E+3', F(1000)],
  ['1.e3', F(1000)],
  ['1_000e3', F(1e6)],
  ['.5e+1', F(5)],
  ['.5e1', '.5e1'],
  ['+.5e1', '+.5e1'],
  ['1_0e1_0', '1_0e1_0'],
  ['1.0e3_0', '1.0e3_0'],
  ['.inf', Infinity],
  ['-.Inf', -Infinity],
  ['+.INF', Infinity],
  ['.NaN', NaN],
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['nUll', 'nUll'],
  ['True', true],
  ['TRUE', true],
  ['False', false],
  ['tRue', 'tRue'],
  ['yes', 'yes'],
  ['no', 'no'],
  ['on', 'on'],
  ['off', 'off'],
  ['1:20', '1:20'],
  ['1:20.5', '1:20.5'],
  ['_1', '_1'],
  ['1e', '1e'],
  ['0x', '0x'],
  ['.', '.'],
  ['+', '+'],
  ['1.2.3', '1.2.3'],
  ['1,000', '1,000'],
  // Not DVC's: ruamel makes a date (which DVC prints as this text), and stops with ValueError on a prefix or sign
  // with no digits after it.
  ['2024-01-01', '2024-01-01'],
  ['0x_', '0x_'],
  ['+_', '+_'],
];

const shown = (v: unknown) => (v instanceof PyFloat ? `float ${v.value}` : Number.isNaN(v) ? 'NaN' : v);

test("each form's value, as DVC reads it, by the fast path and by the yaml package alike", () => {
  for (const [form, expected] of TABLE) {
    const text = `a: ${form}\n`;
    const fast = parseFast(text);
    assert.ok(fast, form);
    const lc = new LineCounter();
    const slow = parseDocument(text, { ...RUAMEL_SCHEMA, lineCounter: lc });
    assert.deepEqual(slow.errors, [], form);
    const fromFast = (yamlToValue(fast.doc.contents, fast.lines, fast.doc).value as { a: unknown }).a;
    const fromSlow = (yamlToValue(slow.contents, lc, slow).value as { a: unknown }).a;
    assert.deepEqual(shown(fromFast), shown(expected), `fast path: ${form}`);
    assert.deepEqual(shown(fromSlow), shown(expected), `yaml package: ${form}`);
    assert.deepEqual(shown(parseParamsText('params.yaml', text).values.a), shown(expected), `params file: ${form}`);
    const plain = expected instanceof PyFloat ? expected.value : expected;
    assert.deepEqual(shown(plainValue(form)), shown(plain), `plainValue: ${form}`);
    assert.equal(
      isFloatSource(form),
      expected instanceof PyFloat || (typeof expected === 'number' && !Number.isInteger(expected)),
      form,
    );
  }
});

test('keys and flow collections resolve alike; the document still writes out', () => {
  const text = 'x: [1_000, 0b101, .5e1]\n1_000: k\ny: {0x_1F: 0o17}\n';
  const fast = parseFast(text);
  assert.ok(fast);
  const slow = parseDocument(text, { ...RUAMEL_SCHEMA });
  assert.deepEqual(fast.doc.toJS(), slow.toJS());
  assert.deepEqual(slow.toJS(), { x: [1000, 5, '.5e1'], 1000: 'k', y: { 31: 15 } });
  assert.equal(String(slow), 'x: [ 1000, 5, .5e1 ]\n1000: k\ny: { 31: 15 }\n');
});
