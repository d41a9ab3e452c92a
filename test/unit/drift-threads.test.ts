// Data files read on threads of their own (core/drift/read-threads.ts) give the very table readTable gives
// in-process, and a bad file's message arrives as the same DataFileError; a column builder told how many
// values to expect (too few, too many, after blocks have filled) still holds exactly what it was given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DataFileError, readTable } from '../../src/core/drift';
import { ColumnBuilder } from '../../src/core/drift/columns';
import { readTableOnThread } from '../../src/core/drift/read-threads';
import { fileTree } from '../support/file-tree';

test('a table read on a thread equals the one read in-process: numbers, categories, missing values, rows', async () => {
  const rows = ['x,plan,code,empty'];
  for (let i = 0; i < 30_000; i++) {
    rows.push(`${i % 11 === 0 ? 'NA' : ((i * 7919) % 1000) / 7},${['free', 'pro', 'team'][i % 3]},${i % 5},`);
  }
  const dir = fileTree('mlops-drift-thread-', { 'a.csv': `${rows.join('\n')}\n`, 'b.jsonl': '{"a": 1}\n{"a": "x"}\n' });
  for (const file of ['a.csv', 'b.jsonl']) {
    const inProcess = await readTable(join(dir, file));
    const onThread = await readTableOnThread(join(dir, file));
    assert.deepEqual(onThread, inProcess, file);
  }
  const only = await readTableOnThread(join(dir, 'a.csv'), new Set(['plan']));
  assert.deepEqual(
    only.columns.map((c) => c.name),
    ['plan'],
  );
});

test("a bad file's message comes back from the thread as a DataFileError", async () => {
  const dir = fileTree('mlops-drift-thread-bad-', { 'a.csv': 'a,b\n1,2,3\n' });
  await assert.rejects(
    readTableOnThread(join(dir, 'a.csv')),
    (err: unknown) =>
      err instanceof DataFileError && /data row 1 has 3 fields but the header names 2/.test(err.message),
  );
  await assert.rejects(
    readTableOnThread(join(dir, 'missing.csv')),
    (err: unknown) => err instanceof DataFileError && /missing\.csv: no such file/.test(err.message),
  );
});

test('a builder told to expect fewer or more values than come, early or late, holds exactly the values given', () => {
  for (const [expected, when] of [
    [10, 0],
    [500_000, 0],
    [200_000, 150_000],
    [150_000, 100_000],
  ] as const) {
    const builder = new ColumnBuilder('x');
    const given: number[] = [];
    for (let i = 0; i < 180_000; i++) {
      if (i === when) builder.expect(expected);
      const value = ((i * 2654435761) % 1000) - 500;
      builder.addNumber(value);
      given.push(value);
    }
    const column = builder.build();
    assert.equal(column.kind, 'numeric');
    if (column.kind !== 'numeric') return;
    assert.deepEqual(
      [...column.values],
      given.sort((a, b) => a - b),
      `expect(${expected}) at ${when}`,
    );
  }
  const turned = new ColumnBuilder('y');
  turned.expect(100);
  turned.addNumber(1);
  turned.addNumber(1);
  turned.addCategory('b');
  turned.expect(1000);
  turned.addNumber(2);
  assert.deepEqual(turned.build(), {
    kind: 'categorical',
    name: 'y',
    counts: new Map([
      ['1', 2],
      ['b', 1],
      ['2', 1],
    ]),
    missing: 0,
  });
});
