// The hasher's edges that mutation testing found untested: the listing's order across nested folders, DVC 2's
// line-ending hash kept apart from DVC 3's (on this thread, on the pool and in the cache), what the cache's
// signatures and entries must match before a stored md5 is believed, and paths that are not there or not files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparePython } from '../../src/core/pipeline/python-json';
import { Hasher } from '../../src/core/runner/hash';
import { HashCache } from '../../src/core/runner/hash-cache';
import { decodeEntries } from '../../src/core/runner/hash-entries-file';

const tmp = () => mkdtempSync(join(tmpdir(), 'mlops-hash-edges-'));
const md5 = (bytes: string | Buffer) => createHash('md5').update(bytes).digest('hex');

async function listing(dir: string): Promise<string[]> {
  const h = await new Hasher().hashWithListing(dir);
  assert.equal(h?.kind, 'dir');
  return h.kind === 'dir' ? h.entries.map((e) => e.relpath) : [];
}

test('a listing is sorted by whole relative path, not folder by folder: "a-c" before "a/b" as in Python', async () => {
  // The walk lists each folder in name order, so a/b comes out before a-c; '-' (0x2d) sorts before '/' (0x2f).
  const plain = join(tmp(), 'plain');
  mkdirSync(join(plain, 'a'), { recursive: true });
  writeFileSync(join(plain, 'a', 'b'), 'b');
  writeFileSync(join(plain, 'a-c'), 'c');
  assert.deepEqual(await listing(plain), ['a-c', 'a/b']);
  // With a name above U+FFFF the comparison goes by code point: the same rule holds.
  const astral = join(tmp(), 'astral');
  mkdirSync(join(astral, 'a'), { recursive: true });
  for (const p of ['a/x', 'a-b', '\u{1f600}']) writeFileSync(join(astral, p), p);
  assert.deepEqual(await listing(astral), ['a-b', 'a/x', '\u{1f600}']);
});

test('code point comparison: a prefix sorts first, a shared astral prefix goes on to the next character', () => {
  assert.ok(comparePython('a\u{1f600}', 'a\u{1f600}b') < 0);
  assert.ok(comparePython('a\u{1f600}b', 'a\u{1f600}') > 0);
  assert.ok(comparePython('\u{1f600}x', '\u{1f600}y') < 0);
  assert.ok(comparePython('\u{1f600}y', '\u{1f600}x') > 0);
  assert.equal(comparePython('\u{1f600}', '\u{1f600}'), 0);
});

test("DVC 2's hash (CRLF read as LF) and DVC 3's stay apart: per file, on the worker pool, and in one cache", async () => {
  const dir = tmp();
  const f = join(dir, 'crlf.txt');
  writeFileSync(f, 'one\r\ntwo\r\n');
  const cache = HashCache.load(join(dir, 'cache'));
  const hasher = new Hasher(cache);
  assert.equal((await hasher.hashPath(f))?.md5, md5('one\r\ntwo\r\n'));
  assert.equal((await hasher.hashPath(f, 'md5-dos2unix'))?.md5, md5('one\ntwo\n'));
  assert.equal((await new Hasher().hashWithListing(f))?.md5, md5('one\r\ntwo\r\n'), "hashWithListing is DVC 3's md5");
  // Over a megabyte to read: DVC 3's md5 goes to the pool, DVC 2's must not lose its line-ending rule there.
  const big = join(dir, 'big');
  mkdirSync(big);
  const text = 'a line of text\r\n'.repeat(30_000);
  for (const n of ['x.txt', 'y.txt', 'z.txt']) writeFileSync(join(big, n), text);
  const h = await new Hasher().hashWithListing(big, 'md5-dos2unix');
  assert.deepEqual(h?.kind === 'dir' && h.entries.map((e) => e.md5), Array(3).fill(md5(text.replaceAll('\r\n', '\n'))));
});

test('hashing counts what it read on this thread; a missing path or a FIFO is no hash', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'f'), '0123456789');
  const hasher = new Hasher();
  await hasher.hashPath(join(dir, 'f'));
  assert.deepEqual(hasher.stats, { filesRead: 1, bytesRead: 10 });
  assert.equal(await hasher.hashPath(join(dir, 'missing')), undefined);
  execFileSync('mkfifo', [join(dir, 'pipe')], { timeout: 10_000 });
  assert.equal(await hasher.hashPath(join(dir, 'pipe')), undefined);
});

test("a file's cached hash is believed only under its size, mtime and inode", async () => {
  const dir = tmp();
  const f = join(dir, 'f');
  writeFileSync(f, 'first');
  const cache = HashCache.load(join(dir, 'cache'));
  await new Hasher(cache).hashPath(f);
  cache.save();
  writeFileSync(f, 'other content');
  const later = new Date(Date.now() + 10_000);
  utimesSync(f, later, later);
  const again = new Hasher(HashCache.load(join(dir, 'cache')));
  assert.equal((await again.hashPath(f))?.md5, md5('other content'));
});

test('a cache entry of the wrong shape for the file as it is now is a miss, never a wrong hash', async () => {
  const dir = tmp();
  const f = join(dir, 'f');
  writeFileSync(f, 'abc');
  const st = statSync(f);
  const sig = `${st.size}:${st.mtimeMs}:${st.ino}`;
  const fileEntries: unknown[] = [
    { 0: st.size, 1: st.mtimeMs, 2: st.ino, 3: 'bogus' }, // an object, not a list
    [st.size, st.mtimeMs, st.ino, 5], // an md5 that is not a string
    [st.size + 1, st.mtimeMs, st.ino, 'bogus'],
    [st.size, st.mtimeMs + 1, st.ino, 'bogus'],
    [st.size, st.mtimeMs, st.ino + 1, 'bogus'],
  ];
  const pathEntries: unknown[] = [
    { 0: sig, 1: 'bogus', length: 2 },
    [sig, 5],
    [sig, 'bogus', 1],
    [sig, 'bogus', '1', 2],
    [sig, 'bogus', 1, '2'],
  ];
  for (const [i, entry] of fileEntries.entries()) {
    const at = join(dir, `c${i}`);
    mkdirSync(at);
    writeFileSync(join(at, 'hashes.json'), JSON.stringify({ version: 1, entries: { [f]: entry } }));
    writeFileSync(join(at, 'paths.json'), JSON.stringify({ version: 1, paths: { [f]: pathEntries[i] } }));
    const h = new Hasher(HashCache.load(at));
    assert.equal((await h.hashPath(f))?.md5, md5('abc'), JSON.stringify([entry, pathEntries[i]]));
    assert.equal(h.stats.filesRead, 1, JSON.stringify([entry, pathEntries[i]]));
  }
  // A folder's entry under its true signature, with a size or file count that is not a number, or either missing.
  const d = join(dir, 'data');
  mkdirSync(d);
  writeFileSync(join(d, 'x'), 'x');
  const truth = HashCache.load(join(dir, 'truth'));
  const right = await new Hasher(truth).hashPath(d);
  truth.save();
  const [dirSig] = (
    JSON.parse(readFileSync(join(dir, 'truth', 'paths.json'), 'utf8')) as { paths: Record<string, [string]> }
  ).paths[d] ?? [''];
  for (const entry of [
    [dirSig, 'bogus.dir', '1', 1],
    [dirSig, 'bogus.dir', 1, '1'],
    [dirSig, 'bogus.dir', 1],
  ]) {
    const at = mkdtempSync(join(dir, 'dir-cache-'));
    writeFileSync(join(at, 'paths.json'), JSON.stringify({ version: 1, paths: { [d]: entry } }));
    assert.deepEqual(await new Hasher(HashCache.load(at)).hashPath(d), right, JSON.stringify(entry));
  }
});

test('a .dvcignore pattern for folders only (`keep/`) leaves a file of that name in', async () => {
  const root = tmp();
  mkdirSync(join(root, '.dvc'));
  writeFileSync(join(root, '.dvcignore'), 'keep/\n');
  mkdirSync(join(root, 'data', 'x', 'keep'), { recursive: true });
  writeFileSync(join(root, 'data', 'keep'), 'file');
  writeFileSync(join(root, 'data', 'x', 'keep', 'f'), 'in an ignored folder');
  writeFileSync(join(root, 'data', 'x', 'g'), 'g');
  assert.deepEqual(await listing(join(root, 'data')), ['keep', 'x/g']);
});

test("the per-file entries hold those read (an earlier version's hashes.json), set again or new, without those whose file is gone", () => {
  const dir = tmp();
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return { p, st: statSync(p) };
  };
  const kept = file('kept', 'k');
  const again = file('again', 'a');
  const gone = join(dir, 'gone');
  // Names JSON must escape, and a DVC 2 hash's key (the path, NUL, the hash's name).
  const odd = file('q"uote\\back\nline\u2028é😀', 'odd');
  const legacy = `${kept.p}\0md5-dos2unix`;
  const read = {
    [kept.p]: [kept.st.size, kept.st.mtimeMs, kept.st.ino, md5('kept')],
    [again.p]: [again.st.size, again.st.mtimeMs, again.st.ino, md5('old')],
    [gone]: [1, 2, 3, md5('gone')],
    [legacy]: [kept.st.size, kept.st.mtimeMs, kept.st.ino, md5('legacy')],
  };
  const at = join(dir, 'cache');
  mkdirSync(at);
  writeFileSync(join(at, 'hashes.json'), JSON.stringify({ version: 1, entries: read }));
  const cache = HashCache.load(at);
  cache.set(again.p, again.st, md5('new'));
  cache.set(odd.p, odd.st, md5('odd'));
  cache.save();
  // Saved in the binary layout; the JSON of the earlier version is gone, read once.
  assert.equal(existsSync(join(at, 'hashes.json')), false);
  const saved = decodeEntries(readFileSync(join(at, 'hashes.bin')));
  assert.deepEqual(saved && { ...saved }, {
    [kept.p]: read[kept.p],
    [again.p]: [again.st.size, again.st.mtimeMs, again.st.ino, md5('new')],
    [legacy]: read[legacy],
    [odd.p]: [odd.st.size, odd.st.mtimeMs, odd.st.ino, md5('odd')],
  });
  const loaded = HashCache.load(at);
  assert.equal(loaded.get(odd.p, odd.st), md5('odd'));
  assert.equal(loaded.get(again.p, again.st), md5('new'));
  assert.equal(loaded.get(kept.p, kept.st), md5('kept'));
});
