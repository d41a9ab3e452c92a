// gitInfo against real git: the commit, branch and dirty flag a run is recorded with, from one status call.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gitInfo } from '../../src/core/runner/git-info';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlops-git-info-'));
  dirs.push(d);
  return d;
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

test('commit, branch and dirty flag as git reports them; null outside a repository or before the first commit', async () => {
  const outside = folder();
  assert.equal(await gitInfo(outside), null);
  const repo = folder();
  git(repo, 'init', '-q', '-b', 'trunk');
  assert.equal(await gitInfo(repo), null, 'no commit yet');
  writeFileSync(join(repo, 'a.txt'), 'a\n');
  git(repo, 'add', 'a.txt');
  git(repo, 'commit', '-qm', 'one');
  const head = git(repo, 'rev-parse', 'HEAD');
  assert.deepEqual(await gitInfo(repo), { commit: head, branch: 'trunk', dirty: false });
  writeFileSync(join(repo, 'new.txt'), 'untracked\n');
  assert.deepEqual(await gitInfo(repo), { commit: head, branch: 'trunk', dirty: true }, 'an untracked file');
  rmSync(join(repo, 'new.txt'));
  writeFileSync(join(repo, 'a.txt'), 'changed\n');
  assert.equal((await gitInfo(repo))?.dirty, true, 'a modified file');
  git(repo, 'checkout', '-q', '--', 'a.txt');
  git(repo, 'checkout', '-q', '--detach');
  assert.deepEqual(await gitInfo(repo), { commit: head, branch: null, dirty: false }, 'detached');
});
