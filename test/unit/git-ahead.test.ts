// A revision read ahead (core/revisions/git-ahead.ts) answers as revisionTree does, on a real git repository: every
// file's bytes (read ahead or not, a name with spaces, a file the revision lacks), listings and sizes; a file read
// ahead from one commit is not used when the listing is of another (a commit landed in between); an unknown
// revision is the same RevisionError; status and rev-parse give headState's and hasCommits' answers.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCommitsAhead, headStateAhead, revisionAhead } from '../../src/core/revisions/git-ahead';
import { batchBlobs, headState, listedTree, lsTreeArgs, revisionTree } from '../../src/core/revisions/git-tree';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function repo(files: Record<string, string>): string {
  const root = tempDir('mlops-git-ahead-');
  git(root, 'init', '-q');
  write(root, files);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

function commit(root: string): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'c');
}

const FILES = {
  'dvc.yaml': 'plots:\n  - roc.json\n',
  'roc.json': JSON.stringify({ roc: [{ x: 1 }] }),
  'sub dir/with space.csv': 'a,b\n1,2\n',
  'big.csv': `x\n${'1\n'.repeat(200_000)}`,
};

test('a revision read ahead gives every file, listing and size revisionTree gives', async () => {
  const root = repo(FILES);
  commit(root);
  write(root, { 'roc.json': '{"roc":[]}' });
  const ahead = revisionAhead(root, 'HEAD');
  ahead.prefetch(['roc.json', 'sub dir/with space.csv', 'big.csv', 'not-there.json'].map((p) => join(root, p)));
  const early = await ahead.tree();
  const plain = revisionTree(root, 'HEAD');
  for (const p of [...Object.keys(FILES), 'not-there.json', 'sub dir', 'sub dir/nothing']) {
    assert.deepEqual(early.readBytes(join(root, p)), plain.readBytes(join(root, p)), p);
    assert.deepEqual(early.stat(join(root, p)), plain.stat(join(root, p)), p);
  }
  assert.equal(early.readText(join(root, 'roc.json')), FILES['roc.json']);
  assert.deepEqual(early.list(join(root, 'sub dir')), plain.list(join(root, 'sub dir')));
  assert.deepEqual(early.list(root)?.sort(), plain.list(root)?.sort());
});

test('a file read ahead from another commit is not used: the listing decides', () => {
  const root = repo(FILES);
  commit(root);
  const old = batchBlobs(execFileSync('git', ['cat-file', '--batch'], { cwd: root, input: 'HEAD:roc.json\n' }));
  assert.equal(old.size, 1);
  write(root, { 'roc.json': '{"roc":[{"x":2}]}' });
  commit(root);
  const listing = execFileSync('git', lsTreeArgs('HEAD'), { cwd: root }).toString('utf8');
  // The blob of the first commit, offered as read ahead, under the id git gave it.
  const tree = listedTree(root, 'HEAD', listing, old);
  assert.equal(tree.readText(join(root, 'roc.json')), '{"roc":[{"x":2}]}');
  // A blob offered under the id the listing names is used as it is (no process asks git again).
  const [id] = [
    ...batchBlobs(execFileSync('git', ['cat-file', '--batch'], { cwd: root, input: 'HEAD:roc.json\n' })).keys(),
  ];
  const offered = listedTree(root, 'HEAD', listing, new Map([[id!, Buffer.from('as read ahead')]]));
  assert.equal(offered.readText(join(root, 'roc.json')), 'as read ahead');
});

test('cat-file output: a missing name (spaces in it) has no bytes; blobs keep theirs', () => {
  const root = repo(FILES);
  commit(root);
  const out = execFileSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: 'HEAD:no such file.csv\nHEAD:sub dir/with space.csv\nHEAD:missing 5 blob\nHEAD:dvc.yaml\n',
  });
  assert.deepEqual(
    [...batchBlobs(out).values()].map((b) => b.toString()),
    [FILES['sub dir/with space.csv'], FILES['dvc.yaml']],
  );
});

test('an unknown revision, a folder outside git: the RevisionError revisionTree throws', async () => {
  const root = repo(FILES);
  commit(root);
  for (const [dir, rev] of [
    [root, 'no-such-branch'],
    [root, '--output=x'],
    [tempDir('mlops-no-git-'), 'HEAD'],
  ] as const) {
    const ahead = revisionAhead(dir, rev);
    ahead.prefetch([join(dir, 'dvc.yaml')]);
    const expected = (() => {
      try {
        revisionTree(dir, rev);
        return undefined;
      } catch (err) {
        return err as Error;
      }
    })();
    assert.ok(expected, rev);
    await assert.rejects(
      ahead.tree(),
      (err: Error) => err.constructor === expected.constructor && err.message === expected.message,
    );
  }
});

test('status and rev-parse asked ahead answer as headState and hasCommits', async () => {
  const root = repo(FILES);
  assert.equal(await headStateAhead(root), 'no commits');
  assert.equal(await hasCommitsAhead(root), false);
  commit(root);
  assert.equal(await headStateAhead(root), 'clean');
  write(root, { 'untracked.txt': 'x' });
  assert.equal(await headStateAhead(root), headState(root));
  write(root, { 'roc.json': '{}' });
  assert.equal(await headStateAhead(root), 'changed');
  assert.equal(await hasCommitsAhead(root), true);
});
