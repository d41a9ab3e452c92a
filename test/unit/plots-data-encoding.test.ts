// Plot data files are checked as UTF-8 on their bytes (data-files.ts): bytes that are not UTF-8 are an
// EncodingError for CSV, TSV, JSON (outlined for --json or parsed) and YAML, while a U+FFFD written in the file is
// text like any other; an outlined JSON file gives its values when asked although it was never decoded up front.
// A CSV line ended by a lone carriage return is a line, as Python's csv module reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataFile } from '../../src/core/plots/data-files';
import { readDelimited } from '../../src/core/plots/delimited';
import { cellAt } from '../../src/core/plots/row-source';

const INVALID = Buffer.from([0x66, 0x80, 0xff, 0x61]);
const REPLACEMENT = Buffer.from('\uFFFD');

function withBytes(text: string, inside: Buffer): Buffer {
  const [before, after] = text.split('@');
  return Buffer.concat([Buffer.from(before!), inside, Buffer.from(after!)]);
}

test('bytes that are not UTF-8 are an EncodingError in every text format', () => {
  const files: [string, string][] = [
    ['a.csv', 'x,y\n1,@\n'],
    ['a.tsv', 'x\ty\n1\t@\n'],
    ['a.json', '{"r":[{"x":"@"}]}'],
    ['a.yaml', 'r:\n  - x: "@"\n'],
  ];
  for (const [file, text] of files)
    for (const outline of [true, false]) {
      const parsed = parseDataFile(file, withBytes(text, INVALID), true, outline);
      assert.ok(!parsed.ok, file);
      assert.equal(parsed.error.type, 'EncodingError', file);
      assert.match(parsed.error.message, /is not valid UTF-8/);
    }
});

test('a U+FFFD written in the file is read as text, beside invalid bytes too', () => {
  for (const inside of [REPLACEMENT, Buffer.concat([REPLACEMENT, INVALID])]) {
    const csv = parseDataFile('a.csv', withBytes('x,y\n1,@\n', inside));
    assert.ok(csv.ok && csv.content.kind === 'table');
    assert.equal(cellAt(csv.content, 1), inside.toString('utf8'));
    for (const outline of [true, false]) {
      const json = parseDataFile('a.json', withBytes('{"r":[{"x":"@"}]}', inside), true, outline);
      assert.ok(json.ok && json.content.kind === 'document');
      assert.equal(Boolean(json.content.outline), outline);
      assert.deepEqual(json.content.value(), { r: [{ x: inside.toString('utf8') }] });
    }
  }
});

test('an outlined JSON file gives the values JSON.parse gives', () => {
  const text = '{"roc": [{"fpr": 0, "tpr": "é"}, {"fpr": 1e-3, "tpr": "\\u00e9"}]}';
  const parsed = parseDataFile('roc.json', Buffer.from(text), true, true);
  assert.ok(parsed.ok && parsed.content.kind === 'document' && parsed.content.outline);
  assert.deepEqual(parsed.content.value(), JSON.parse(text));
});

test('a lone carriage return ends a CSV line; one before a line feed is dropped', () => {
  for (const [text, rows] of [
    [
      'x,y\r0,1\r1,2',
      [
        ['0', '1'],
        ['1', '2'],
      ],
    ],
    ['x,y\r\n0,1\r\n', [['0', '1']]],
    ['x,y\n0,1\r', [['0', '1']]],
    [
      'x,y\n0,a\rb\n',
      [
        ['0', 'a'],
        ['b', null],
      ],
    ],
  ] as const) {
    const table = readDelimited(text, ',', true);
    assert.deepEqual(table.columns, ['x', 'y'], JSON.stringify(text));
    const cells = Array.from(table.starts, (_, i) => cellAt(table, i));
    assert.deepEqual(cells, rows.flat(), JSON.stringify(text));
  }
});
