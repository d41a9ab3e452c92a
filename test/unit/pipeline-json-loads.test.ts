// json-loads.ts against the reader it replaced for JSON values (the YAML walker: JSON is YAML, and its scalars keep
// their source, so a float written `1.0` is known to be one) on random JSON, and against Python's json.loads by hand.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { pythonJsonLoads } from '../../src/core/pipeline/json-loads';
import { parseParamsText } from '../../src/core/pipeline/params-files';
import { yamlToValue } from '../../src/core/pipeline/yaml-value';
import { PyFloat } from '../../src/core/pipeline/py-value';

/** Values with floats made visible: deepEqual does not tell PyFloat(1) from 1 otherwise. */
function typed(v: unknown): unknown {
  if (v instanceof PyFloat) return { float: v.value };
  if (Array.isArray(v)) return v.map(typed);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, typed(x)]);
  return v;
}

function viaYaml(text: string): unknown {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  assert.deepEqual(doc.errors, [], text);
  return yamlToValue(doc.contents, lc, doc).value;
}

test('the same values as the YAML walker on random JSON, floats included', () => {
  const number = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom('1.0', '-0.0', '2e3', '1E+2', '0.5e-1', '-0', '12345678901234567890', '1e400', '3.14'),
  );
  const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'a', 'é', '\\u00e9', 'k"q'));
  const json = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      number.map((n) => (typeof n === 'string' ? n : JSON.stringify(n))),
      fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
      fc.constantFrom('true', 'false', 'null', '"\\u00e9\\n\\t\\"x"', '"\\ud83d\\ude00"'),
      fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
      fc
        .array(fc.tuple(key, tie('node')), { maxLength: 4 })
        .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',\n  ')}}`),
    ),
  })).node;
  fc.assert(
    fc.property(json, (text) => {
      JSON.parse(text); // only what JSON.parse accepts reaches the reader
      assert.deepEqual(typed(pythonJsonLoads(text)), typed(viaYaml(text)), text);
    }),
    { numRuns: 2000 },
  );
});

test("Python's json.loads: floats stay floats, the last repeated key wins, __proto__ is a key", () => {
  const v = pythonJsonLoads(
    ' {"a": 1.0, "b": 1, "c": [2e0, -0.5, 10E-1], "a2": 1, "a2": 3, "__proto__": {"x": null}} ',
  );
  assert.deepEqual(typed(v), [
    ['a', { float: 1 }],
    ['b', 1],
    ['c', [{ float: 2 }, -0.5, { float: 1 }]],
    ['a2', 3],
    ['__proto__', [['x', null]]],
  ]);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.equal(String((v as { a: PyFloat }).a), '1.0');
});

test('a JSON params file reads its values without the YAML parser and its key ranges when asked', () => {
  const f = parseParamsText('/p/metrics.json', '{\n  "acc": 1.0,\n  "nested": {"loss": 0.25}\n}');
  assert.equal(f.error, undefined);
  assert.equal(String(f.values.acc), '1.0');
  assert.deepEqual(f.keys.get('nested.loss')?.start, { line: 2, character: 13 });
});
