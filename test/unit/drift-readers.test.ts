// The data readers of `mlops drift`: CSV/TSV quoting, line breaks, chunk boundaries, missing values and
// type inference; JSON lines; each malformed input rejected with a message naming where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Column, DataFileError, readTable } from '../../src/core/drift';
import { fileTree } from '../support/file-tree';

const byName = (columns: Column[]): Map<string, Column> => new Map(columns.map((c) => [c.name, c]));
const numbers = (c: Column | undefined): number[] =>
  c?.kind === 'numeric' ? [...c.values] : assert.fail('not numeric');
const counts = (c: Column | undefined): Record<string, number> =>
  c?.kind === 'categorical' ? Object.fromEntries(c.counts) : assert.fail('not categorical');

test('CSV: quoted fields with delimiters, doubled quotes, line breaks, CRLF rows and a byte order mark', async () => {
  const dir = fileTree('mlops-drift-csv-', {
    'a.csv': '\uFEFFx,note,y\r\n1.5,"a, b",2\r\n"2.5","say ""hi""",3\r\n3.5,"two\nlines",4\r\n',
  });
  const table = await readTable(join(dir, 'a.csv'));
  assert.equal(table.rows, 3);
  const cols = byName(table.columns);
  assert.deepEqual([...cols.keys()], ['x', 'note', 'y']);
  assert.deepEqual(numbers(cols.get('x')), [1.5, 2.5, 3.5]);
  assert.deepEqual(counts(cols.get('note')), { 'a, b': 1, 'say "hi"': 1, 'two\nlines': 1 });
  assert.deepEqual(numbers(cols.get('y')), [2, 3, 4]);
});

test("CSV: pandas' NA spellings, empty fields, short rows and infinities are missing; blank lines are skipped", async () => {
  const dir = fileTree('mlops-drift-na-', { 'a.csv': 'x,y\n1,NA\n\nnan,\n2\ninf,-Infinity\nnull,5\n' });
  const table = await readTable(join(dir, 'a.csv'));
  assert.equal(table.rows, 5);
  const [x, y] = table.columns;
  assert.deepEqual(numbers(x), [1, 2]);
  assert.equal(x!.missing, 3);
  assert.deepEqual(numbers(y), [5]);
  assert.equal(y!.missing, 4);
});

test('CSV: numbers parse to the same doubles as JavaScript (and Python) parse them, beyond the fast path too', async () => {
  const values = ['0.1', '-2.5e-3', '123456789012345678', '1e300', '4.9e-324', '.5', '+7', '0.30000000000000004'];
  const dir = fileTree('mlops-drift-num-', { 'a.csv': `x\n${values.join('\n')}\n` });
  const [x] = (await readTable(join(dir, 'a.csv'))).columns;
  // Columns hold their numbers ascending.
  assert.deepEqual(
    numbers(x),
    values.map(Number).sort((a, b) => a - b),
  );
});

test('CSV: a column with any text is categorical, its numbers counted as categories', async () => {
  const dir = fileTree('mlops-drift-cat-', { 'a.csv': 'code\n1\n2\nB7\n1\n' });
  const [code] = (await readTable(join(dir, 'a.csv'))).columns;
  assert.deepEqual(counts(code), { '1': 2, '2': 1, B7: 1 });
});

test('CSV: rows across the 4 MB read chunks, quoted line breaks among them, are all read whole', async () => {
  const rows: string[] = [];
  let total = 0;
  for (let i = 0; i < 120_000; i++) {
    rows.push(`${i},"row ${i % 7}\nsecond line, with comma",${i * 0.5}`);
    total += i;
  }
  const dir = fileTree('mlops-drift-big-', { 'a.csv': `id,text,half\n${rows.join('\n')}\n` });
  const table = await readTable(join(dir, 'a.csv'));
  assert.equal(table.rows, 120_000);
  const cols = byName(table.columns);
  assert.equal(
    numbers(cols.get('id')).reduce((a, b) => a + b, 0),
    total,
  );
  assert.deepEqual(Object.keys(counts(cols.get('text'))).length, 7);
  assert.equal(numbers(cols.get('half'))[119_999], 119_999 * 0.5);
});

test('TSV: tabs separate, commas are data', async () => {
  const dir = fileTree('mlops-drift-tsv-', { 'a.tsv': 'a\tb\n1,5\t2\n' });
  const cols = byName((await readTable(join(dir, 'a.tsv'))).columns);
  assert.deepEqual(counts(cols.get('a')), { '1,5': 1 });
  assert.deepEqual(numbers(cols.get('b')), [2]);
});

test('only the wanted columns are read', async () => {
  const dir = fileTree('mlops-drift-wanted-', { 'a.csv': 'a,b,c\n1,2,3\n' });
  const table = await readTable(join(dir, 'a.csv'), new Set(['c']));
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['c'],
  );
});

test('JSON lines: keys are columns (union, first-seen order); null and absent keys are missing', async () => {
  const dir = fileTree('mlops-drift-jsonl-', {
    'a.jsonl': '{"x": 1, "plan": "pro"}\n\n{"x": null, "flag": true}\n{"x": "2.5", "plan": "NA", "nested": {"k": 1}}\n',
  });
  const table = await readTable(join(dir, 'a.jsonl'));
  assert.equal(table.rows, 3);
  const cols = byName(table.columns);
  assert.deepEqual([...cols.keys()], ['x', 'plan', 'flag', 'nested']);
  assert.deepEqual(numbers(cols.get('x')), [1, 2.5]);
  assert.equal(cols.get('x')!.missing, 1);
  assert.deepEqual(counts(cols.get('plan')), { pro: 1 });
  assert.equal(cols.get('plan')!.missing, 2);
  assert.deepEqual(counts(cols.get('flag')), { true: 1 });
  assert.equal(cols.get('flag')!.missing, 2);
  assert.deepEqual(counts(cols.get('nested')), { '{"k":1}': 1 });
});

const rejects = async (files: Record<string, string>, file: string, pattern: RegExp): Promise<void> => {
  const dir = fileTree('mlops-drift-bad-', files);
  await assert.rejects(
    readTable(join(dir, file)),
    (err: unknown) => err instanceof DataFileError && pattern.test(err.message),
  );
};

test('malformed inputs are rejected with what and where', async () => {
  await rejects({ 'a.csv': 'a,b\n1,2,3\n' }, 'a.csv', /data row 1 has 3 fields but the header names 2/);
  await rejects({ 'a.csv': 'a\n"open\n' }, 'a.csv', /quoted field opened in data row 1 is never closed/);
  await rejects({ 'a.csv': 'a\n"x"y\n' }, 'a.csv', /data row 1, field 1: text after a closing quote/);
  await rejects({ 'a.csv': '' }, 'a.csv', /the file is empty/);
  await rejects({ 'a.jsonl': '{"a": 1}\n[1]\n' }, 'a.jsonl', /a\.jsonl:2: expected a JSON object/);
  await rejects({ 'a.jsonl': '{"a": \n' }, 'a.jsonl', /a\.jsonl:1: not valid JSON/);
  await rejects({ 'a.xlsx': 'x' }, 'a.xlsx', /unknown data format; use one of \.csv/);
  await rejects({ 'a.parquet': 'not parquet at all' }, 'a.parquet', /not a readable Parquet file/);
  await rejects({}, 'missing.csv', /no such file/);
});

test('JSON lines across the 4 MB read chunks, with multi-byte characters at the seams, are read whole', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 60_000; i++)
    lines.push(JSON.stringify({ i, city: i % 3 === 0 ? 'Zürich' : 'Kraków', pad: 'é'.repeat(i % 50) }));
  const dir = fileTree('mlops-drift-jsonl-big-', { 'a.jsonl': `${lines.join('\n')}\n` });
  const table = await readTable(join(dir, 'a.jsonl'), new Set(['i', 'city']));
  assert.equal(table.rows, 60_000);
  const cols = byName(table.columns);
  assert.equal(
    numbers(cols.get('i')).reduce((a, b) => a + b, 0),
    (59_999 * 60_000) / 2,
  );
  assert.deepEqual(counts(cols.get('city')), { Zürich: 20_000, Kraków: 40_000 });
});
