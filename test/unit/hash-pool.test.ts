// The hash pool's workers booted ahead of work (a first status starts them while it discovers pipelines): they hash
// as lazily started ones do, and idle ones never keep a process alive (a CLI that started them and then found
// nothing to hash must still exit). Also the hash cache's `empty`, the signal a first status starts them on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HashPool } from '../../src/core/runner/hash-pool';
import { HashCache } from '../../src/core/runner/hash-cache';

const tmp = () => mkdtempSync(join(tmpdir(), 'mlops-hash-pool-'));
const md5 = (bytes: string | Buffer) => createHash('md5').update(bytes).digest('hex');

test('workers started before any work hash each file of a batch, a missing one getting its error', async () => {
  const dir = tmp();
  const files = ['a', 'b', 'c'].map((n) => join(dir, n));
  for (const f of files) writeFileSync(f, `bytes of ${f}`);
  const pool = new HashPool(2);
  try {
    pool.start();
    const results = await pool.md5Files([...files, join(dir, 'gone')]);
    assert.deepEqual(
      results.slice(0, 3),
      files.map((f) => ({ md5: md5(`bytes of ${f}`), bytes: `bytes of ${f}`.length })),
    );
    assert.ok('error' in (results[3] as object));
  } finally {
    await pool.close();
  }
});

test("several callers' files share the workers' batches and each caller gets its own results, in order", async () => {
  const dir = tmp();
  // More files than one batch holds, callers of every size (none, one, a batch and more), all waiting at once.
  const sizes = [0, 1, 300, 130, 7];
  const requests = sizes.map((n, r) =>
    Array.from({ length: n }, (_, i) => {
      const file = join(dir, `r${r}-${i}`);
      writeFileSync(file, `request ${r} file ${i}`);
      return file;
    }),
  );
  const pool = new HashPool(3);
  try {
    const expected = requests.map((paths) =>
      paths.map((f) => ({ md5: md5(readFileSync(f)), bytes: statSync(f).size })),
    );
    assert.deepEqual(await Promise.all(requests.map((paths) => pool.md5Files(paths))), expected);
    // Closed after its work (as a status stops it before saving), the pool starts new workers when asked again.
    await pool.close();
    assert.deepEqual(await Promise.all(requests.map((paths) => pool.md5Files(paths))), expected);
  } finally {
    await pool.close();
  }
});

test('a process that started the workers and never used them exits on its own', () => {
  const pool = resolve(__dirname, '../../src/core/runner/hash-pool.ts');
  // The pool's idle timer would stop held workers after a while: with it disabled, only unref'd workers let go.
  const script = `const { HashPool } = require(${JSON.stringify(pool)});
    HashPool.prototype.close = () => new Promise(() => {});
    new HashPool(2).start();
    console.log('started');`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, 'the process did not exit by itself within 30 s');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'started');
});

test('a hash cache is empty until a saved pass stored a path in it', () => {
  const dir = tmp();
  assert.equal(HashCache.load(dir).empty, true);
  const file = join(dir, 'x');
  writeFileSync(file, 'x');
  const cache = HashCache.load(dir);
  cache.setPath(file, [`${statSync(file).size}`, md5('x')]);
  cache.save();
  assert.equal(HashCache.load(dir).empty, false);
});
