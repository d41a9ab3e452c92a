// The .dvcignore matcher and the walk that uses it. Each expectation is what DVC 3.67 did with the same
// patterns and files (see test/referee/runner-dvcignore.test.ts, which checks the walk against real DVC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { InvalidPatternError, compilePattern, pyStrip } from '../../src/core/runner/dvcignore-pattern';
import { DvcIgnoreRules, rebaseRule } from '../../src/core/runner/dvcignore';
import type { DirHash } from '../../src/core/runner/hash';
import { Hasher } from '../../src/core/runner/hash';
import { HashCache } from '../../src/core/runner/hash-cache';
import { ROOT_CASES } from '../support/dvcignore-cases';
import { fileTree } from '../support/file-tree';

const EMPTY_DIR = 'd751713988987e9331980363e24189ce.dir';

function rootRules(text: string): DvcIgnoreRules {
  return DvcIgnoreRules.defaults.withFile('', text, '.dvcignore');
}

test("root .dvcignore patterns (and DVC's defaults) ignore what DVC ignores; the last matching rule decides", () => {
  for (const { lines, path, isDir, ignored } of ROOT_CASES) {
    assert.equal(
      rootRules(lines.join('\n')).ignores(path, isDir),
      ignored,
      `${JSON.stringify(lines)} on ${path}${isDir ? '/' : ''}`,
    );
  }
});

test("the default rules' fast path (by name) agrees with their regexes", () => {
  // A rule for a name never generated turns the fast path off without changing any verdict.
  const slow = rootRules('never-generated\n');
  assert.equal(slow.defaultsOnly, false);
  const name = fc.constantFrom('.git', '.hg', '.dvc', 'a', '.gitx', 'x.git', 'hg', '.dvcignore');
  fc.assert(
    fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), (parts, isDir) => {
      const path = parts.join('/');
      assert.equal(DvcIgnoreRules.defaults.ignores(path, isDir), slow.ignores(path, isDir), path);
    }),
  );
});

test("a nested .dvcignore's rules are re-based onto the root as DVC does it", () => {
  assert.equal(rebaseRule('*.tmp', 'sub'), 'sub/**/*.tmp');
  assert.equal(rebaseRule('logs/', 'a/b'), 'a/b/**/logs/');
  assert.equal(rebaseRule('/x', 'a/b'), 'a/b/x');
  assert.equal(rebaseRule('data/deep', 'a'), 'a/data/deep');
  assert.equal(rebaseRule('**/y', 'a'), 'a/**/y');
  assert.equal(rebaseRule('!k.tmp', 'd1'), '!/d1/**/k.tmp');
  assert.equal(rebaseRule('!/k.tmp', 'd1'), '!/d1/k.tmp');
  // DVC drops a leading backslash when it re-bases: the literal `\*x` becomes the glob `*x`.
  assert.equal(rebaseRule('\\*x', 'd1'), 'd1/**/*x');

  const rules = rootRules('*.tmp\n').withFile('a', 'b.txt\ndata/deep\n!k.tmp\n\\*x\n', 'a/.dvcignore');
  assert.equal(rules.ignores('a/data/b.txt', false), true);
  assert.equal(rules.ignores('b/data/b.txt', false), false, 'only below its folder');
  assert.equal(rules.ignores('a/data/deep/h', false), true);
  assert.equal(rules.ignores('a/deep', true), false, 'anchored to its folder');
  assert.equal(rules.ignores('a/k.tmp', false), false, 'deeper rules win');
  assert.equal(rules.ignores('x/k.tmp', false), true);
  assert.equal(rules.ignores('a/ax', false), true, 'the re-basing quirk');
  assert.equal(rootRules('\\*x\n').ignores('a/ax', false), false);
});

test('.dvcignore lines are stripped as Python strips them; blank and # lines are skipped', () => {
  assert.equal(pyStrip('\t\x1c x \x85\u3000'), 'x');
  assert.equal(pyStrip('\ufeffx'), '\ufeffx', 'a byte order mark is not whitespace to Python');
  const rules = rootRules('\r\n  # note\r\n\r\n  a.tmp \r\n');
  assert.equal(rules.ignores('a.tmp', false), true);
  assert.equal(rootRules('# only comments\n\n').defaultsOnly, true);
  assert.equal(compilePattern('   '), undefined);
});

test('patterns DVC rejects are errors that name the file and line', () => {
  assert.throws(
    () => rootRules('ok\n!\n'),
    (e: Error) => e instanceof InvalidPatternError && /^\.dvcignore:2: invalid pattern '!'/.test(e.message),
  );
  assert.throws(() => rootRules('foo\\\n'), /\.dvcignore:1: invalid pattern 'foo\\'/);
  // Fine in its own folder, but DVC's re-basing drops the escape and leaves a dangling backslash.
  assert.doesNotThrow(() => rootRules('\\\\\n'));
  assert.throws(
    () => DvcIgnoreRules.defaults.withFile('sub', '\\\\\n', 'sub/.dvcignore'),
    /sub\/\.dvcignore:1: invalid pattern/,
  );
});

// ---- the walk (Hasher) ----

/** A folder holding `files` (relative path → text); `.dvc/` makes it a DVC repository root. */
const tree = (files: Record<string, string>): string => fileTree('mlops-dvcignore-', files);

async function dirHash(path: string, cache?: HashCache): Promise<DirHash> {
  const h = await new Hasher(cache).hashPath(path);
  assert.equal(h?.kind, 'dir');
  return h as DirHash;
}

/** The hash of a copy of `folder` with only `keep` (relative paths), outside any repository: the expected hash. */
async function hashOfOnly(folder: string, keep: string[]): Promise<DirHash> {
  const copy = mkdtempSync(join(tmpdir(), 'mlops-dvcignore-expect-'));
  for (const p of keep) cpSync(join(folder, p), join(copy, p));
  return dirHash(copy);
}

test('a tracked folder leaves out what the root, ancestor and nested .dvcignore files ignore', async () => {
  const root = tree({
    '.dvc/': '',
    '.dvcignore': '# comments\n*.tmp\nlogs/\n!keep.tmp\n/a/data/x\n**/y\n.DS_Store\n',
    'a/.dvcignore': 'b.txt\n',
    'a/data/a.txt': 'a',
    'a/data/b.txt': 'b',
    'a/data/c.tmp': 'c',
    'a/data/keep.tmp': 'k',
    'a/data/x': 'x',
    'a/data/.DS_Store': 'ds',
    'a/data/logs/l.txt': 'l',
    'a/data/y/z.txt': 'z',
    'a/data/sub/.dvcignore': '.dvcignore\n/deep\n',
    'a/data/sub/s.txt': 's',
    'a/data/sub/deep/d.txt': 'd',
    'a/data/sub/x': 'sx',
    'a/data/repo/.dvc/config': '',
    'a/data/repo/r.txt': 'sub-repository',
    'a/data/.hg': 'a file, not a folder',
  });
  const data = join(root, 'a/data');
  assert.deepEqual(await dirHash(data), await hashOfOnly(data, ['a.txt', 'keep.tmp', 'sub/s.txt', 'sub/x', '.hg']));
});

test('.dvcignore files above the repository root do not count; without a repository only the defaults do', async () => {
  const outer = tree({
    '.dvcignore': 'a.txt\n',
    'repo/.dvc/': '',
    'repo/data/a.txt': 'a',
    'plain/data/a.txt': 'a',
    'plain/.dvcignore': 'a.txt\n',
  });
  assert.equal((await dirHash(join(outer, 'repo/data'))).nfiles, 1);
  assert.equal((await dirHash(join(outer, 'plain/data'))).nfiles, 1);
});

test('a tracked folder that is itself ignored, or a sub-repository in the root, hashes as empty', async () => {
  const root = tree({
    '.dvc/': '',
    '.dvcignore': 'data\n',
    'data/f': '1',
    'data/s/g': '2',
    'sub/.dvc': '',
    'sub/f': '3',
    'ok/f': '4',
  });
  assert.deepEqual(await dirHash(join(root, 'data')), { kind: 'dir', md5: EMPTY_DIR, size: 0, nfiles: 0 });
  assert.equal((await dirHash(join(root, 'data/s'))).md5, EMPTY_DIR);
  assert.equal((await dirHash(join(root, 'sub'))).md5, EMPTY_DIR);
  assert.equal((await dirHash(join(root, 'ok'))).nfiles, 1);
  // A file dependency is hashed whatever .dvcignore says.
  assert.equal((await new Hasher().hashPath(join(root, 'data/f')))?.kind, 'file');
});

test('a .dvcignore inside a tracked folder is an error unless it ignores itself', async () => {
  const root = tree({ '.dvc/': '', 'data/sub/.dvcignore': 'x\n', 'data/sub/x': 'x', 'data/sub/s': 's' });
  await assert.rejects(
    new Hasher().hashPath(join(root, 'data')),
    /data\/sub\/\.dvcignore: DVC refuses to hash a tracked folder/,
  );
  await assert.rejects(new Hasher().hashPath(join(root, 'data/sub')), /DVC refuses/);
  writeFileSync(join(root, 'data/sub/.dvcignore'), '.dvcignore\nx\n');
  assert.equal((await dirHash(join(root, 'data'))).nfiles, 1);
  // A root rule that ignores .dvcignore files hides them, and they are then not read.
  writeFileSync(join(root, '.dvcignore'), '.dvcignore\n');
  writeFileSync(join(root, 'data/sub/.dvcignore'), 'x\n');
  assert.equal((await dirHash(join(root, 'data'))).nfiles, 2);
});

test('with a warm hash cache, editing .dvcignore re-lists the folder; changing an ignored file does not', async () => {
  const root = tree({
    '.dvc/': '',
    '.dvcignore': '# none\n',
    'data/a.txt': 'a',
    'data/b.tmp': 'b',
    'data/logs/l': 'l',
  });
  const data = join(root, 'data');
  const cacheDir = join(root, '.mlops-cache');
  const warm = async (): Promise<{ h: DirHash; read: number }> => {
    const cache = HashCache.load(cacheDir);
    const hasher = new Hasher(cache);
    const h = (await hasher.hashPath(data)) as DirHash;
    cache.save();
    return { h, read: hasher.stats.filesRead };
  };
  const all = (await warm()).h;
  assert.equal(all.nfiles, 3);
  assert.equal((await warm()).read, 0);

  writeFileSync(join(root, '.dvcignore'), '*.tmp\nlogs/\n');
  const some = await warm();
  assert.deepEqual(some.h, await hashOfOnly(data, ['a.txt']));
  assert.equal(some.read, 0, 'every included file was already known');

  writeFileSync(join(data, 'b.tmp'), 'changed, but ignored');
  rmSync(join(data, 'logs'), { recursive: true });
  const again = await warm();
  assert.deepEqual(again.h, some.h);
  assert.equal(again.read, 0);

  writeFileSync(join(root, '.dvcignore'), '# none again\n');
  const back = await warm();
  assert.deepEqual(back.h, await hashOfOnly(data, ['a.txt', 'b.tmp']));
  assert.equal(back.read, 1, 'only the file that came back in and changed');
});
