// The hash cache's per-file entries in their binary file (hash-entries-file.ts): read back exactly as written, and
// any file that is not whole and of this version — cut short at any byte, another header, an earlier version's
// JSON, bytes appended — reads as no entries, so a cache damaged by a power cut costs a re-hash, never a wrong md5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hasher } from '../../src/core/runner/hash';
import { HashCache } from '../../src/core/runner/hash-cache';
import { decodeEntries, encodeEntries, type FileEntry } from '../../src/core/runner/hash-entries-file';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const entries: Record<string, FileEntry> = {
  '/w/data/part_0.bin': [100_000, 1796448804395.25, 2170914, md5('a')],
  // Odd names, a DVC 2 key (path, NUL, hash name), numbers at the edges of what stat reports.
  '/w/q"uote\\back\nline\u2028é😀': [0, 0, 0, md5('b')],
  '/w/data/x\0md5-dos2unix': [Number.MAX_SAFE_INTEGER, 1.5, 2 ** 52 + 1, md5('c')],
  '': [1, -1234.5, 7, md5('')],
};

test('entries read back exactly as written, in their order; a lone surrogate in a key changes that key only', () => {
  const read = decodeEntries(encodeEntries(entries));
  assert.ok(read);
  assert.equal(Object.getPrototypeOf(read), null);
  assert.deepEqual(Object.entries(read), Object.entries(entries));
  assert.deepEqual(Object.entries(decodeEntries(encodeEntries({})) ?? { x: 1 }), []);
  const lone = decodeEntries(encodeEntries({ '/w/\ud800x': [1, 2, 3, md5('l')], ...entries }));
  assert.deepEqual(Object.entries(lone ?? {}), [['/w/\ufffdx', [1, 2, 3, md5('l')]], ...Object.entries(entries)]);
});

test('an entry whose hash is not a lowercase md5, or of another shape (as JSON may hold), is left out', () => {
  const read = decodeEntries(
    encodeEntries({
      ...entries,
      '/w/upper': [1, 2, 3, md5('u').toUpperCase()],
      '/w/short': [1, 2, 3, 'abc'],
      '/w/text': [1, 2, 3, 'not an md5 at all, 32 chars long'],
      ...({
        '/w/object': { 0: 1, 1: 2, 2: 3, 3: md5('o') },
        '/w/number': [1, 2, 3, 5],
        '/w/text-size': ['1', 2, 3, md5('t')],
        '/w/long': [1, 2, 3, md5('l'), 'extra'],
        '/w/null': null,
      } as unknown as Record<string, FileEntry>),
    }),
  );
  assert.deepEqual(read && Object.keys(read), Object.keys(entries));
});

test('a file cut short at any byte, with bytes appended, another header or JSON reads as no entries', () => {
  const whole = encodeEntries(entries);
  for (let n = 0; n < whole.length; n++) assert.equal(decodeEntries(whole.subarray(0, n)), undefined, `cut at ${n}`);
  assert.equal(decodeEntries(Buffer.concat([whole, Buffer.from([0])])), undefined);
  const header = whole.indexOf('\n') + 1;
  const otherVersion = Buffer.from(whole);
  otherVersion.write('3', 'mlops-hashes '.length, 'latin1');
  assert.equal(decodeEntries(otherVersion), undefined);
  const otherOrder = Buffer.from(whole);
  otherOrder.write(whole.toString('latin1', header - 3, header - 1) === 'LE' ? 'BE' : 'LE', header - 3, 'latin1');
  assert.equal(decodeEntries(otherOrder), undefined);
  assert.equal(decodeEntries(Buffer.from(JSON.stringify({ version: 1, entries }))), undefined);
  // Counts that do not fit the file's size: one entry more, one key byte fewer.
  for (const [field, delta] of [
    [0, 1],
    [4, -1],
  ] as const) {
    const wrong = Buffer.from(whole);
    wrong.writeUInt32LE(whole.readUInt32LE(header + field) + delta, header + field);
    assert.equal(decodeEntries(wrong), undefined, `field ${field}`);
  }
  // Key lengths that do not add up to the keys' text.
  const lengths = Buffer.from(whole);
  lengths.writeUInt32LE(lengths.readUInt32LE(header + 8) + 1, header + 8);
  assert.equal(decodeEntries(lengths), undefined);
});

test('a cache whose hashes.bin is cut short hashes the file again, and an earlier JSON cache is not read instead', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-hash-entries-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  for (let i = 0; i < 3; i++) writeFileSync(join(data, `f${i}`), `file ${i}\n`);
  const cacheDir = join(dir, 'cache');
  const first = HashCache.load(cacheDir);
  const right = await new Hasher(first).hashPath(data);
  first.save();
  const bin = readFileSync(join(cacheDir, 'hashes.bin'));
  // Only the per-file entries: without paths.json each file is looked up.
  writeFileSync(join(cacheDir, 'paths.json'), '{}');
  const whole = new Hasher(HashCache.load(cacheDir));
  assert.deepEqual(await whole.hashPath(data), right);
  assert.equal(whole.stats.filesRead, 0);
  // Cut short, beside a JSON cache of an earlier version claiming wrong hashes for the same files as they are.
  writeFileSync(join(cacheDir, 'hashes.bin'), bin.subarray(0, bin.length - 1));
  const wrong = Object.fromEntries(
    [0, 1, 2].map((i) => {
      const st = statSync(join(data, `f${i}`));
      return [join(data, `f${i}`), [st.size, st.mtimeMs, st.ino, md5('wrong')]];
    }),
  );
  writeFileSync(join(cacheDir, 'hashes.json'), JSON.stringify({ version: 1, entries: wrong }));
  const cut = new Hasher(HashCache.load(cacheDir));
  assert.deepEqual(await cut.hashPath(data), right);
  assert.equal(cut.stats.filesRead, 3);
});
