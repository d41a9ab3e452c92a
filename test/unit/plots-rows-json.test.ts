// `plots --json` writes rows as text straight from a CSV table's cells or from a JSON row's own bytes
// (row-blocks.ts); the charts read each field in place (row-columns.ts). For files that take each way (plain and quoted
// CSV, TSV, short rows, a column named like a field DVC adds, JSON with spacing, escaped and duplicate keys,
// nested and several lists, YAML) and plots that add `step`, inferred y or x from another file, the written
// JSON parses to exactly the row objects, every field read in place equals the object's, and a written piece
// always ends between rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataFile, type DataDocument } from '../../src/core/plots/data-files';
import { readDelimited } from '../../src/core/plots/delimited';
import { flatDatapoints } from '../../src/core/plots/datapoints';
import type { PlotProps } from '../../src/core/plots/definitions';
import { rowAt, rowsJson } from '../../src/core/plots/row-blocks';
import { pieceText } from '../../src/core/plots/json-pieces';
import { cellAt, datapointsOf, rowCount, type RowSource } from '../../src/core/plots/row-source';
import { columnOf } from '../../src/core/plots/row-columns';
import { scrub } from '../../src/core/stream-scrub';

function rowsOf(files: Record<string, string>, props: PlotProps, plotId = Object.keys(files)[0]!) {
  const sources = new Map<string, RowSource>();
  const documents = new Map<string, DataDocument>();
  for (const [file, text] of Object.entries(files)) {
    const parsed = parseDataFile(file, Buffer.from(text), true, true);
    assert.ok(parsed.ok, file);
    sources.set(file, datapointsOf(parsed.content));
    if (parsed.content.kind === 'document') documents.set(file, parsed.content);
  }
  const flat = flatDatapoints(plotId, props, sources, 'workspace', documents);
  assert.ok(flat);
  // Each piece as text, taken before the next is made (its bytes are then reused); the clean ones apart.
  const pieces: string[] = [];
  const clean: string[] = [];
  for (const piece of rowsJson(flat.blocks, 64)) {
    pieces.push(pieceText(piece));
    if ('bytes' in piece && piece.clean) clean.push(pieces.at(-1)!);
  }
  for (const piece of clean) assert.equal(scrub(piece), piece);
  // Each block's rows as objects, and as the charts read them: each field of the rows (and one no row has).
  const objects: Record<string, unknown>[] = [];
  const inPlace: Record<string, unknown>[] = [];
  for (const block of flat.blocks) {
    const rows = Array.from({ length: rowCount(block.rows) }, (_, r) => rowAt(block, r));
    const fields = [...new Set(rows.flatMap((row) => Object.keys(row))), 'absent', 'toString'];
    const columns = fields.map((f) => [f, columnOf(block, f)] as const);
    rows.forEach((_, r) => {
      const row: Record<string, unknown> = {};
      for (const [f, column] of columns) if (column(r) !== undefined) row[f] = column(r);
      inPlace.push(row);
    });
    objects.push(...rows);
  }
  return { written: pieces, objects, inPlace, clean };
}

function assertSame(files: Record<string, string>, props: PlotProps, plotId?: string): string[] {
  const { written, objects, inPlace, clean } = rowsOf(files, props, plotId);
  assert.ok(objects.length > 0);
  assert.deepEqual(JSON.parse(`[${written.join('')}]`), objects);
  assert.deepEqual(inPlace, objects);
  // Each piece is whole rows: it parses alone (a leading comma joins it to the previous piece).
  for (const piece of written) JSON.parse(`[${piece.replace(/^,/, '')}]`);
  return clean;
}

test('CSV and TSV: plain, quoted, escaped, short rows, a column named rev', () => {
  assertSame({ 'a.csv': 'step,loss\n0,1.5\n1,0.5\n\n2,0.25\n' }, { x: 'step', y: 'loss' });
  assertSame({ 'a.csv': 'x,y\r\n0,"1,5"\r\n1,"say ""hi"""\r\n2,back\\slash\n' }, { x: 'x', y: 'y' });
  assertSame({ 'a.tsv': 'x\ty\tz\n0\t1\n1\t2\t3\n' }, { x: 'x', y: 'y' });
  assertSame({ 'a.csv': 'x,y\n0,a\tb\n' }, { x: 'x', y: 'y' });
  assertSame({ 'a.csv': 'rev,y\nv1,1\nv2,2\n' }, { y: 'y' });
  assertSame({ 'a.csv': 'y,y\n1,2\n' }, { y: 'y' });
  // Characters of two, three and four UTF-8 bytes, written as bytes and read back whole at every piece's end.
  assertSame(
    { 'a.csv': `x,y\n${Array.from({ length: 40 }, (_, i) => `${i},é${'日本'.repeat(i % 3)}😀`).join('\n')}\n` },
    { x: 'x', y: 'y' },
  );
});

test('JSON: spacing, escaped and duplicate keys, nested lists, several lists merged, YAML', () => {
  // The rows of a JSON list are written from their bytes (the way under test), not printed again.
  const roc = parseDataFile('r.json', Buffer.from('{"roc": [{"x": 1}, {"x": 2}]}'), true, true);
  assert.ok(roc.ok);
  const source = datapointsOf(roc.content);
  assert.deepEqual(source.kind === 'objects' && source.spans && [...source.spans.starts], [9, 19]);
  assertSame(
    { 'r.json': '{ "roc" : [ {"fpr": 0.0, "tpr" :1e-3 } ,\n {"fpr": 1.0, "tpr": 1} ] }' },
    { x: 'fpr', y: 'tpr' },
  );
  assertSame({ 'r.json': '{"a\\"b": [{"x": 1, "y": 2}], "a\\"b": [{"x": 3, "y": 4}]}' }, { x: 'x', y: 'y' });
  assertSame({ 'r.json': '{"m": {"n": [{"x": 1, "y": "t\\u00e9"}]}, "labels": ["a"]}' }, { x: 'x', y: 'y' });
  assertSame({ 'r.json': '{"1": [{"x": 1, "y": 2}], "0": 5}' }, { x: 'x', y: 'y' });
  assertSame({ 'r.json': '{"a": [{"x": 1}, {"x": 2}], "b": [{"y": 3}]}' }, { x: 'x', y: 'y' });
  assertSame({ 'r.json': '[{"y": 1}, {"y": 2}]' }, {});
  assertSame({ 'r.yaml': 'rows:\n  - {x: 1, y: 2}\n  - {x: 2, y: 3}\n' }, { x: 'x', y: 'y' });
});

test('fields DVC adds: step, inferred y for several y fields, x from another file', () => {
  assertSame({ 'a.csv': 'loss,acc\n1,2\n3,4\n' }, { y: ['loss', 'acc'] });
  // `step` counts 0 to 1099: numbers of one to four digits.
  assertSame({ 'a.csv': `loss\n${Array.from({ length: 1100 }, (_, i) => i / 7).join('\n')}\n` }, { y: 'loss' });
  assertSame({ 'r.json': JSON.stringify({ r: Array.from({ length: 1100 }, (_, i) => ({ loss: i })) }) }, {});
  assertSame(
    { 'x.json': '{"t": [{"time": 1}, {"time": 2}]}', 'y.csv': 'loss\n0.5\n0.25\n' },
    { x: { 'x.json': 'time' }, y: { 'y.csv': 'loss' } },
    'x.json',
  );
});

test('a CSV/TSV without quotes, cut in one pass, reads as DictReader reads it line by line (random files)', () => {
  // DictReader on quote-free text: lines split at \n (one \r before it dropped), blank lines skipped, the
  // header's names, short rows padded with null, fields past the header dropped.
  const oracle = (text: string, delimiter: string, header: boolean) => {
    const records: string[][] = [];
    const lines: number[] = [];
    text.split('\n').forEach((raw, l) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') return;
      records.push(line.split(delimiter));
      lines.push(l + 1);
    });
    const names = header ? (records.shift() ?? []) : (records[0] ?? []).map((_, k) => String(k));
    if (header) lines.shift();
    const cells = records.flatMap((r) => names.map((_, k) => r[k] ?? null));
    return { columns: names, cells, count: records.length, lines };
  };
  let seed = 3;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pieces = ['a', 'bc', ',', '\t', '\n', '\r\n', '', 'é', '17', ' ', '\n\n'];
  for (let t = 0; t < 5000; t++) {
    let text = '';
    for (let i = Math.floor(next() * 40); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
    for (const delimiter of [',', '\t'])
      for (const header of [true, false]) {
        const table = readDelimited(text, delimiter, header);
        const read = {
          columns: table.columns,
          cells: Array.from(table.starts, (_, i) => cellAt(table, i)),
          count: table.count,
          lines: [...table.lines],
        };
        assert.deepEqual(read, oracle(text, delimiter, header), JSON.stringify({ text, delimiter, header }));
      }
  }
});

test('rows go out as bytes, unscanned, only when nothing in them is a secret or a terminal code', () => {
  // Numbers only: every piece is bytes.
  const numbers = { 'a.csv': `x,y\n${Array.from({ length: 50 }, (_, i) => `${i},${i / 3}`).join('\n')}\n` };
  assert.ok(assertSame(numbers, { x: 'x', y: 'y' }).length > 0);
  const roc = { 'r.json': JSON.stringify({ roc: Array.from({ length: 50 }, (_, i) => ({ fpr: i, tpr: i / 7 })) }) };
  assert.ok(assertSame(roc, { x: 'fpr', y: 'tpr' }).length > 0);
  // Each of these holds something the scrub rewrites: no piece of it goes out as bytes.
  const hostile: [Record<string, string>, PlotProps][] = [
    [{ 'a.csv': 'x,y\n0,1\n1,https://alice:hunter2@host/x\n' }, { x: 'x', y: 'y' }],
    [{ 'a.csv': 'x,y\n0,1\n1,AWS_SECRET_ACCESS_KEY=abc\n' }, { x: 'x', y: 'y' }],
    [{ 'a.csv': 'x,y\n0,1\n1,\u001b]0;owned\u0007\n' }, { x: 'x', y: 'y' }],
    [{ 'a.tsv': 'x\ty\n0\tevil\u202e\n' }, { x: 'x', y: 'y' }],
    [{ 'r.json': '{"r": [{"x": 1, "y": "Bearer abcdefghijklmnop"}]}' }, { x: 'x', y: 'y' }],
    [{ 'r.json': '{"r": [{"x": 1, "y": 2}, {"x": 2, "y": "http://u:p@h"}]}' }, { x: 'x', y: 'y' }],
    [{ 'r.json': '{"r": [{"x": 1, "token": 2}]}' }, { x: 'x', y: 'token' }],
    [{ 'r.json': '{"r": [{"x": 1, "y": 2}, {"x": 2, "y": "\u009b"}]}' }, { x: 'x', y: 'y' }],
  ];
  for (const [files, props] of hostile) assert.deepEqual(assertSame(files, props), [], JSON.stringify(files));
});
