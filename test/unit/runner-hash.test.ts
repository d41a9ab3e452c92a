import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hasher, dirListingJson, md5OfFile } from '../../src/core/runner/hash';
import { comparePython } from '../../src/core/pipeline/python-json';
import { HashCache } from '../../src/core/runner/hash-cache';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlops-hash-'));
}

test('file md5 matches the RFC 1321 test vectors, streamed over several chunks', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'abc'), 'abc');
  writeFileSync(join(dir, 'digits'), '1234567890'.repeat(8));
  assert.equal(await md5OfFile(join(dir, 'empty')), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(await md5OfFile(join(dir, 'abc')), '900150983cd24fb0d6963f7d28e17f72');
  assert.equal(await md5OfFile(join(dir, 'digits')), '57edf4a22be3c955ac49da2e2107b67a');
  // 3 MiB + 7 bytes of 'a': crosses chunk boundaries; md5sum is the independent reference.
  const big = join(dir, 'big');
  writeFileSync(big, Buffer.alloc(3 * 1024 * 1024 + 7, 0x61));
  const expected = execFileSync('md5sum', [big], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(await md5OfFile(big), expected);
});

test('a file hash records size and the executable bit; CRLF is hashed as-is (DVC 3)', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'run.sh'), 'echo hi\r\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  const h = await new Hasher().hashPath(join(dir, 'run.sh'));
  assert.deepEqual(h, {
    kind: 'file',
    md5: execFileSync('md5sum', [join(dir, 'run.sh')], { encoding: 'utf8' }).split(' ')[0],
    size: 9,
    isexec: true,
  });
  assert.equal(await new Hasher().hashPath(join(dir, 'missing')), undefined);
});

test('isexec is any of the three execute bits, as dvc_objects is_exec reads the mode (owner, group or others)', async () => {
  const dir = tmp();
  const modes: [number, boolean][] = [
    [0o644, false],
    [0o744, true],
    [0o654, true],
    [0o645, true],
  ];
  for (const [mode, isexec] of modes) {
    const file = join(dir, `m${mode.toString(8)}`);
    writeFileSync(file, 'x');
    chmodSync(file, mode);
    const h = await new Hasher().hashPath(file);
    assert.equal(h?.kind === 'file' && h.isexec, isexec, `mode ${mode.toString(8)}`);
  }
});

test('directory hash equals md5 of Python json.dumps(sorted listing) + ".dir", ignoring .git/.dvc', async () => {
  const dir = tmp();
  const d = join(dir, 'data');
  mkdirSync(join(d, 'sub', 'deeper'), { recursive: true });
  mkdirSync(join(d, '.git'));
  writeFileSync(join(d, '.git', 'HEAD'), 'ignored');
  writeFileSync(join(d, 'b.csv'), 'x,y\n1,2\n');
  writeFileSync(join(d, 'a.txt'), 'hello');
  writeFileSync(join(d, 'sub', 'deeper', 'z.bin'), Buffer.from([0, 1, 2, 255]));
  writeFileSync(join(d, 'sub', 'é "q".txt'), 'unicode name');
  writeFileSync(join(d, 'sub', '😀.txt'), 'astral name');
  writeFileSync(join(d, 'sub', '\uff5e.txt'), 'sorts before astral in Python');
  // Independent reference: Python itself (what dvc_data runs), walking the same tree.
  const py = `
import hashlib, json, os, sys
root = sys.argv[1]
entries = []
for base, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if x not in ('.git', '.hg', '.dvc')]
    for f in files:
        p = os.path.join(base, f)
        entries.append({"md5": hashlib.md5(open(p, 'rb').read()).hexdigest(), "relpath": os.path.relpath(p, root)})
entries.sort(key=lambda e: e["relpath"])
print(hashlib.md5(json.dumps(entries, sort_keys=True).encode()).hexdigest() + ".dir", len(entries), sum(os.path.getsize(os.path.join(root, e["relpath"])) for e in entries))
`;
  const [md5, nfiles, size] = execFileSync('python3', ['-c', py, d], { encoding: 'utf8' }).trim().split(' ');
  const h = await new Hasher().hashPath(d);
  assert.equal(h?.kind, 'dir');
  assert.equal(h?.md5, md5);
  assert.equal(h?.kind === 'dir' && h.nfiles, Number(nfiles));
  assert.equal(h?.size, Number(size));
});

test('an empty directory hashes as the empty listing', async () => {
  const d = join(tmp(), 'empty');
  mkdirSync(d);
  const h = await new Hasher().hashPath(d);
  assert.deepEqual(h && { md5: h.md5, size: h.size }, { md5: 'd751713988987e9331980363e24189ce.dir', size: 0 });
  assert.equal(dirListingJson([]), '[]');
});

test('listing JSON escapes like Python ensure_ascii and sorts by code point', () => {
  assert.equal(
    dirListingJson([{ md5: 'm', relpath: 'a"\u00e9\u007f' }]),
    '[{"md5": "m", "relpath": "a\\"\\u00e9\\u007f"}]',
  );
  assert.ok(comparePython('\uff5e', '\u{1f600}') < 0, 'U+FF5E sorts before U+1F600 by code point');
  assert.ok('\uff5e' > '\u{1f600}', 'while UTF-16 order says the opposite');
});

test('the hash cache makes a second pass over unchanged files read no content, across processes', async () => {
  const dir = tmp();
  const d = join(dir, 'data');
  mkdirSync(d);
  for (let i = 0; i < 20; i++) writeFileSync(join(d, `f${i}.txt`), `file ${i}\n`);
  const cacheDir = join(dir, '.mlops', 'cache');
  const cache = HashCache.load(cacheDir);
  const first = new Hasher(cache);
  const h1 = await first.hashPath(d);
  assert.equal(first.stats.filesRead, 20);
  cache.save();

  const second = new Hasher(HashCache.load(cacheDir));
  const h2 = await second.hashPath(d);
  assert.deepEqual(h2, h1);
  assert.deepEqual(second.stats, { filesRead: 0, bytesRead: 0 });

  // A file touched (new mtime, same bytes): the directory's signature changes, only that file is read again.
  const later = new Date(Date.now() + 5000);
  utimesSync(join(d, 'f7.txt'), later, later);
  const touchedCache = HashCache.load(cacheDir);
  const touched = new Hasher(touchedCache);
  assert.deepEqual(await touched.hashPath(d), h1);
  assert.equal(touched.stats.filesRead, 1);
  touchedCache.save();

  writeFileSync(join(d, 'f3.txt'), 'changed, longer content\n');
  const third = new Hasher(HashCache.load(cacheDir));
  const h3 = await third.hashPath(d);
  assert.equal(third.stats.filesRead, 1);
  assert.notEqual(h3?.md5, h1?.md5);
});

test('a corrupt or foreign hash cache is a miss, never a wrong hash', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'f'), 'abc');
  const f = join(dir, 'f');
  const caches: [string, string][] = [
    ['{"version": 1, "entries": {"x": [1,2', '{"version": 1, "paths": {"'],
    ['[1]', '[2]'],
    [JSON.stringify({ version: 2, entries: { [f]: [3, 0, 0, 'wrong'] } }), JSON.stringify({ version: 2, paths: {} })],
    [JSON.stringify({ version: 1, entries: [] }), JSON.stringify({ version: 1, paths: [] })],
    // Entries of the wrong shape for this very file: a stale size, an md5 that is not a string, a short path entry.
    [
      JSON.stringify({ version: 1, entries: { [f]: [4, 0, 0, 'stale'] } }),
      JSON.stringify({ version: 1, paths: { [f]: ['sig', 5] } }),
    ],
  ];
  for (const [hashes, paths] of caches) {
    writeFileSync(join(dir, 'hashes.json'), hashes);
    writeFileSync(join(dir, 'paths.json'), paths);
    const h = new Hasher(HashCache.load(dir));
    assert.equal((await h.hashPath(f))?.md5, '900150983cd24fb0d6963f7d28e17f72', hashes);
    assert.equal(h.stats.filesRead, 1, hashes);
  }
});

test('each cache layer alone spares the reads: per-path signatures, or per-file md5s', async () => {
  const dir = tmp();
  const d = join(dir, 'data');
  mkdirSync(d);
  for (let i = 0; i < 5; i++) writeFileSync(join(d, `f${i}.txt`), `file ${i}\n`);
  const file = join(dir, 'one.txt');
  writeFileSync(file, 'one\n');
  const cacheDir = join(dir, 'cache');
  const cache = HashCache.load(cacheDir);
  const first = new Hasher(cache);
  const [dh, fh] = [await first.hashPath(d), await first.hashPath(file)];
  cache.save();
  const saved = (name: string) => readFileSync(join(cacheDir, name), 'utf8');
  const [hashes, paths] = [readFileSync(join(cacheDir, 'hashes.bin')), saved('paths.json')];
  for (const [keep, drop] of [
    ['paths.json', 'hashes.bin'],
    ['hashes.bin', 'paths.json'],
  ] as const) {
    writeFileSync(join(cacheDir, keep), keep === 'paths.json' ? paths : hashes);
    rmSync(join(cacheDir, drop));
    const again = new Hasher(HashCache.load(cacheDir));
    assert.deepEqual([await again.hashPath(d), await again.hashPath(file)], [dh, fh], `only ${keep}`);
    assert.deepEqual(again.stats, { filesRead: 0, bytesRead: 0 }, `only ${keep}`);
  }
  // Saving what did not change writes nothing; entries of files that are gone are dropped.
  const untouched = HashCache.load(join(dir, 'never'));
  untouched.save();
  assert.equal(existsSync(join(dir, 'never')), false);
  rmSync(file);
  const pruning = HashCache.load(cacheDir);
  await new Hasher(pruning).hashPath(join(d, 'f0.txt'));
  writeFileSync(join(d, 'f0.txt'), 'new content\n');
  await new Hasher(pruning).hashPath(join(d, 'f0.txt'));
  pruning.save();
  assert.doesNotMatch(saved('paths.json'), /one\.txt/);
  assert.match(saved('paths.json'), /f0\.txt/);
});

test('a listing of plain names is sorted by code point whatever order the folder lists them in', async () => {
  const d = join(tmp(), 'names');
  mkdirSync(d);
  const names = Array.from({ length: 120 }, (_, i) => `${String.fromCharCode(65 + ((i * 7) % 58))}${(i * 37) % 101}`);
  for (const n of names) writeFileSync(join(d, n), n);
  const h = await new Hasher().hashWithListing(d);
  const listed = h?.kind === 'dir' ? h.entries.map((e) => e.relpath) : [];
  assert.deepEqual(listed, [...new Set(names)].sort());
});

test('links in a tracked folder: a link to a file counts, one to a folder is not walked, a broken one stops', async () => {
  const dir = tmp();
  const d = join(dir, 'data');
  mkdirSync(join(d, 'sub'), { recursive: true });
  writeFileSync(join(d, 'a.txt'), 'a');
  writeFileSync(join(d, 'sub', 's.txt'), 's');
  symlinkSync('a.txt', join(d, 'b.txt'));
  symlinkSync('sub', join(d, 'again'));
  symlinkSync('..', join(d, 'sub', 'up'));
  const h = await new Hasher().hashWithListing(d);
  assert.deepEqual(h?.kind === 'dir' ? h.entries.map((e) => [e.relpath, e.size]) : [], [
    ['a.txt', 1],
    ['b.txt', 1],
    ['sub/s.txt', 1],
  ]);
  symlinkSync('nowhere', join(d, 'gone'));
  await assert.rejects(new Hasher().hashPath(d), /data\/gone: a symbolic link whose target does not exist; DVC stops/);
  rmSync(join(d, 'gone'));
  symlinkSync('loop', join(d, 'loop'));
  await assert.rejects(new Hasher().hashPath(d), /data\/loop: a loop of symbolic links; DVC stops/);
});

test('large files are hashed on worker threads with the same result as md5sum', async () => {
  const d = join(tmp(), 'big');
  mkdirSync(d);
  const sizes = [64 * 1024, 100_000, 1_500_000, 3 * 1024 * 1024 + 1];
  sizes.forEach((size, i) => writeFileSync(join(d, `f${i}.bin`), Buffer.alloc(size, i + 1)));
  const hasher = new Hasher();
  const h = await hasher.hashWithListing(d);
  assert.equal(h?.kind, 'dir');
  const expected = execFileSync(
    'md5sum',
    sizes.map((_, i) => `f${i}.bin`),
    { cwd: d, encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(h?.kind === 'dir' && h.entries.map((e) => e.md5), expected);
  assert.deepEqual(hasher.stats, { filesRead: 4, bytesRead: sizes.reduce((a, b) => a + b, 0) });
});

test('a placed path is taken by its hash without reading it, until forgetPlaced (a stage may have written it)', async () => {
  const dir = tmp();
  const file = join(dir, 'data.txt');
  writeFileSync(file, 'abc');
  const real = await new Hasher().hashPath(file);
  const placed = new Map([[file, { kind: 'file' as const, md5: 'placed-md5', size: 3, isexec: false }]]);
  const hasher = new Hasher(HashCache.inMemory(), undefined, undefined, placed);
  assert.equal((await hasher.hashPath(file))?.md5, 'placed-md5');
  assert.equal(hasher.stats.filesRead, 0);
  // A listing (to save into the cache) and DVC 2's hash are always computed.
  assert.equal((await hasher.hashWithListing(file))?.md5, real?.md5);
  hasher.forgetPlaced();
  assert.deepEqual(await hasher.hashPath(file), real);
});

test("forgetPlaced(paths) drops what lies at, under or above a stage's outputs and keeps the rest as placed", async () => {
  const dir = tmp();
  const placedHash = (md5: string) => ({ kind: 'file' as const, md5, size: 3, isexec: false });
  const files = ['data/a.txt', 'data/b.txt', 'out.txt', 'other.txt'].map((p) => join(dir, p));
  mkdirSync(join(dir, 'data'));
  for (const f of files) writeFileSync(f, 'abc');
  const hasher = new Hasher(
    HashCache.inMemory(),
    undefined,
    undefined,
    new Map(files.map((f, i) => [f, placedHash(`placed-${i}`)])),
  );
  // The outputs: a folder above two placed files, and a file placed itself.
  hasher.forgetPlaced([join(dir, 'data'), join(dir, 'out.txt')]);
  const real = (await new Hasher().hashPath(files[0] as string))?.md5;
  const now = await Promise.all(files.map(async (f) => (await hasher.hashPath(f))?.md5));
  assert.deepEqual(now, [real, real, real, 'placed-3']);
  hasher.forgetPlaced();
  assert.equal((await hasher.hashPath(files[3] as string))?.md5, real);
});
