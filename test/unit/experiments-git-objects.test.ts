// RevisionFiles reads files at commits by walking trees itself (to read each object once); git is the
// referee: for every path asked, the text must be what `git show <rev>:<path>` prints for a regular file,
// and nothing where git has no regular file there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { after, test } from 'node:test';
import { RevisionFiles } from '../../src/core/experiments/git-objects';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function repo(objectFormat: 'sha1' | 'sha256' = 'sha1'): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-git-objects-'));
  roots.push(root);
  git(root, 'init', '-q', `--object-format=${objectFormat}`);
  return root;
}

function commit(root: string, files: Record<string, string>, message: string): string {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** What git says is a regular file's text at rev:path, or undefined. */
function gitSays(root: string, rev: string, path: string): string | undefined {
  try {
    const type = git(root, 'cat-file', '-t', `${rev}:${path}`).trim();
    const mode = git(root, 'ls-tree', rev, '--', path).split(' ')[0];
    if (type !== 'blob' || !mode?.startsWith('100')) return undefined;
    return git(root, 'cat-file', 'blob', `${rev}:${path}`);
  } catch {
    return undefined;
  }
}

const PATHS = [
  'params.yaml',
  'sub/dvc.yaml',
  'sub/deep/metrics.json',
  'sub/deep',
  'params.yaml/x',
  'missing.json',
  'sub/missing/x.json',
  'sub/../params.yaml',
  './params.yaml',
  '../outside.yaml',
  'link.yaml',
  'unchanged/a.txt',
  'ünï code.yaml',
];

for (const format of ['sha1', 'sha256'] as const) {
  test(`each file at each commit is what git shows for it (${format})`, async () => {
    const root = repo(format);
    const first = commit(
      root,
      {
        'params.yaml': 'lr: 0.1\n',
        'sub/dvc.yaml': 'stages: {}\n',
        'sub/deep/metrics.json': '{"acc": 1}',
        'unchanged/a.txt': 'same in both\n',
        'ünï code.yaml': 'x: 1\n',
      },
      'one',
    );
    symlinkSync('params.yaml', join(root, 'link.yaml'));
    const second = commit(root, { 'params.yaml': 'lr: 0.2\n', 'sub/deep/metrics.json': '{"acc": 2}' }, 'two');
    const reader = new RevisionFiles(root);
    try {
      const asked = [first, second].flatMap((rev) => PATHS.map((path) => ({ rev, path })));
      const got = await reader.read(asked);
      asked.forEach(({ rev, path }, i) => {
        // Paths are a pipeline's (`../params.yaml` from sub/), so they are normalised first; git does not do that.
        const norm = posix.normalize(path);
        const expected = norm.startsWith('../') ? undefined : gitSays(root, rev, norm);
        assert.equal(got[i], expected, `${rev.slice(0, 7)}:${path}`);
      });
      assert.equal(got[PATHS.indexOf('params.yaml')], 'lr: 0.1\n');
      assert.equal(got[PATHS.length + PATHS.indexOf('params.yaml')], 'lr: 0.2\n');
      assert.equal(got[PATHS.length + PATHS.indexOf('link.yaml')], undefined, 'a link is not a file DVC reads');
    } finally {
      reader.close();
    }
  });
}

test('a batch large enough to be split over two processes keeps every file in its place', async () => {
  const root = repo();
  const revs: string[] = [];
  for (let i = 0; i < 40; i++)
    revs.push(commit(root, { 'params.yaml': `i: ${i}\n`, 'm.json': `{"i": ${i}}` }, `c${i}`));
  const reader = new RevisionFiles(root);
  try {
    const got = await reader.read(
      revs.flatMap((rev) => [
        { rev, path: 'params.yaml' },
        { rev, path: 'm.json' },
      ]),
    );
    assert.equal(got.length, 80);
    revs.forEach((_, i) => {
      assert.equal(got[2 * i], `i: ${i}\n`);
      assert.equal(got[2 * i + 1], `{"i": ${i}}`);
    });
    // A second round on the same reader (the dvc.yaml files, then the files they name) still answers in order.
    const again = await reader.read([{ rev: revs[3] as string, path: 'm.json' }]);
    assert.deepEqual(again, ['{"i": 3}']);
  } finally {
    reader.close();
  }
});

test('an unknown revision reads as nothing, not as an error', async () => {
  const root = repo();
  const rev = commit(root, { 'params.yaml': 'a: 1\n' }, 'one');
  const reader = new RevisionFiles(root);
  try {
    const got = await reader.read([
      { rev: 'f'.repeat(40), path: 'params.yaml' },
      { rev: 'no-such-branch', path: 'params.yaml' },
      { rev, path: 'params.yaml' },
    ]);
    assert.deepEqual(got, [undefined, undefined, 'a: 1\n']);
  } finally {
    reader.close();
  }
});
