// The outline of a JSON plot file (json-outline.ts) against JSON.parse and the lists DVC looks for rows in, read
// from the parsed value: on thousands of random texts (valid and broken JSON, spacing, escapes, repeated and
// array-index keys, nested objects and lists, rows with other keys or in another order), the outline exists
// exactly when JSON.parse accepts the text, and then its lists, their paths, keys, kinds and every element's
// place in the bytes equal what the parsed value holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outlineJson } from '../../src/core/plots/json-outline';

type Value = unknown;

/** Lists as DVC finds them in a parsed document (the document itself, or through the values of nested objects). */
function listsOf(value: Value, path: string[] = []): { path: string[]; list: unknown[] }[] {
  if (Array.isArray(value)) return [{ path, list: value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    Array.isArray(v)
      ? [{ path: [...path, k], list: v }]
      : v !== null && typeof v === 'object'
        ? listsOf(v, [...path, k])
        : [],
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function check(text: string): void {
  const bytes = Buffer.from(text);
  let parsed: { value: Value } | undefined;
  try {
    parsed = { value: JSON.parse(text) };
  } catch {
    parsed = undefined;
  }
  const outline = outlineJson(bytes);
  assert.equal(outline !== undefined, parsed !== undefined, text);
  if (!outline || !parsed) return;
  const v = parsed.value;
  const empty =
    v === null ||
    v === '' ||
    v === 0 ||
    v === false ||
    (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);
  assert.equal(outline.empty, empty, text);
  const expected = listsOf(v);
  assert.deepEqual(
    outline.lists.map((l) => l.path),
    expected.map((l) => l.path),
    text,
  );
  outline.lists.forEach((l, n) => {
    const list = expected[n]!.list;
    assert.equal(l.count, list.length, text);
    const objects = list.every(isObject);
    assert.equal(l.objects, objects, text);
    if (!objects) return;
    const first = Object.keys(list[0] ?? {});
    assert.deepEqual(l.keys, first, text);
    const same = list.every((d) => {
      const keys = Object.keys(d as object);
      return keys.length === first.length && keys.every((k) => first.includes(k));
    });
    assert.equal(l.uniform, same, text);
    for (let r = 0; r < l.count; r++)
      assert.deepEqual(JSON.parse(bytes.toString('utf8', l.starts[r], l.ends[r])), list[r], text);
  });
}

test('outline or not, as JSON.parse accepts the text; lists, keys and element places as in the parsed value', () => {
  const fixed = [
    '{"roc": [{"fpr": 0, "tpr": 0.5}, {"fpr": 1e-3, "tpr": -1.5E+2}]}',
    '[{"a": "x\\"y", "b": true}, {"b": null, "a": "\\u00e9"}]',
    '{"1": [{"x": 1}], "b": {"c": [1, 2], "d": [{"y": [1, {"z": 2}]}]}, "0": []}',
    '{"a": [{"x": 1}], "a": [{"y": 2}, {"y": 3}]}',
    '[{"x": 1, "x": 2}, {"x": 3}]',
    '[{"x": 1}, {"y": 1}]',
    '[{"x": 1, "y": 2}, {"x": 1}]',
    '[{}, {}]',
    '[{"x": 1}, {}]',
    '[{"x": 1}, 2]',
    '[{"2": 1, "1": 2, "b": 3}]',
    '  {"é": [{"日本": "😀"}]}  ',
    '0',
    '0.0',
    '-0',
    '""',
    '"a"',
    'false',
    'null',
    '{}',
    '[]',
    '',
    ' ',
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": .5}',
    '{"a": +1}',
    '{"a": 1e}',
    '{"a": "\t"}',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '[1, 2,]',
    '{"a": 1,}',
    '{"a" 1}',
    '[1] x',
    'nul',
    'tru',
    '\uFEFF[]',
    '[NaN]',
    "{'a': 1}",
  ];
  for (const text of fixed) check(text);
  // Random texts from pieces of JSON, most of them broken somewhere.
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pieces = ['{', '}', '[', ']', ',', ':', ' ', '"a"', '"b"', '"1"', '0', '-1.5e3', 'true', 'null', '"\\n"', '"x'];
  for (let t = 0; t < 20000; t++) {
    let text = '';
    for (let i = 1 + Math.floor(next() * 14); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
    check(text);
  }
  // Random valid documents: lists of rows with keys in varying order, nested objects on the way.
  const key = () => ['x', 'y', 'z', '0', '7', 'a\\"b'][Math.floor(next() * 6)]!;
  const scalar = () => ['1', '-0.25', '"s"', 'true', 'null', '"é\\u0041"', '[1,{"k":2}]'][Math.floor(next() * 7)]!;
  for (let t = 0; t < 3000; t++) {
    const rows = Array.from({ length: Math.floor(next() * 4) }, () => {
      const keys = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, key))];
      return `{${keys.map((k) => `"${k}" : ${scalar()}`).join(' ,')}}`;
    });
    const list = `[${rows.join(', ')}]`;
    check(next() < 0.3 ? list : `{"m": {"${key()}": ${list}}, "${key()}": ${next() < 0.5 ? list : scalar()}}`);
  }
});
