// Experiment commits get an author even where git has none configured (a fresh CI machine), as DVC's own git
// backend does; a configured user.name / user.email is kept, each on its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { commitTree } from '../../src/core/git';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// No global or system configuration for this process's git: only what each repository sets.
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';
for (const v of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'])
  delete process.env[v];

function repo(config: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'mlops-git-identity-'));
  dirs.push(d);
  const run = (...args: string[]) => execFileSync('git', args, { cwd: d, encoding: 'utf8' }).trim();
  run('init', '-q');
  for (const [k, v] of Object.entries(config)) run('config', k, v);
  return d;
}

async function author(config: Record<string, string>): Promise<string> {
  const d = repo(config);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=p', '-c', 'user.email=p@p', ...args], { cwd: d, encoding: 'utf8' }).trim();
  const tree = git('mktree');
  const parent = git('commit-tree', tree, '-m', 'parent');
  const commit = await commitTree(d, tree, parent, 'experiment');
  return git('log', '-1', '--format=%an <%ae> / %cn <%ce>', commit);
}

test('the configured identity is used; what is missing falls back to mlops <mlops@localhost>', async () => {
  assert.equal(
    await author({ 'user.name': 'Ada', 'user.email': 'ada@example.com' }),
    'Ada <ada@example.com> / Ada <ada@example.com>',
  );
  assert.equal(await author({}), 'mlops <mlops@localhost> / mlops <mlops@localhost>');
  assert.equal(await author({ 'user.name': 'Ada' }), 'Ada <mlops@localhost> / Ada <mlops@localhost>');
});
