// Parquet as pandas and pyarrow write it (several row groups, small pages, nullable columns, snappy, gzip,
// zstd, uncompressed, dictionary encoding on and off, data pages v1 and v2), read by `mlops drift`'s reader:
// every column holds what pandas reads from the same file — the same numbers (missing left out), the same
// category counts, the same number of missing values.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/core/drift';
import { venvBin } from '../support/python';

type Expected =
  | { kind: 'numeric'; values: number[]; missing: number }
  | { kind: 'categorical'; counts: Record<string, number>; missing: number };

let files: Record<string, { path: string; rows: number; columns: Record<string, Expected> }>;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-drift-parquet-'));
  const out = execFileSync(join(venvBin(), 'python'), [join(__dirname, 'drift_parquet.py'), dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  files = (JSON.parse(out) as { files: typeof files }).files;
});

for (const name of ['snappy', 'gzip', 'zstd', 'none', 'plain', 'v2']) {
  test(`'${name}': every column as pandas reads it`, async () => {
    const file = files[name]!;
    const table = await readTable(file.path);
    assert.equal(table.rows, file.rows);
    assert.deepEqual(
      table.columns.map((c) => c.name),
      Object.keys(file.columns),
    );
    for (const column of table.columns) {
      const want = file.columns[column.name]!;
      assert.equal(column.kind, want.kind, `${name}/${column.name}: kind`);
      assert.equal(column.missing, want.missing, `${name}/${column.name}: missing`);
      if (column.kind === 'numeric' && want.kind === 'numeric') {
        assert.deepEqual([...column.values], want.values, `${name}/${column.name}: values`);
      } else if (column.kind === 'categorical' && want.kind === 'categorical') {
        assert.deepEqual(Object.fromEntries(column.counts), want.counts, `${name}/${column.name}: counts`);
      }
    }
  });
}
