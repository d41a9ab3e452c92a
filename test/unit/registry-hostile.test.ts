// Model names and paths from the command line never reach git as options or point outside the workspace:
// `-- '--local-user:clf'` reached `git tag` as an option, `--path ../../../../etc/passwd` recorded that file's md5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileTree } from '../support/file-tree';
import { runCli } from '../support/cli';

function repo(): string {
  const dir = fileTree('mlops-registry-hostile-', { 'model.json': '{}\n' });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
  return dir;
}

const tags = (dir: string) => execFileSync('git', ['tag', '--list'], { cwd: dir, encoding: 'utf8' }).trim();

test('a model name whose folder part starts with - is refused; no tag is made', async () => {
  const dir = repo();
  const r = await runCli(
    ['models', 'register', '--version', 'v1.0.1', '--path', 'model.json', '--', '--local-user:clf'],
    dir,
  );
  assert.notEqual(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /'--local-user:clf' is not a valid model name/);
  assert.equal(tags(dir), '');
});

test('--path outside the workspace is refused, inside it is registered', async () => {
  const dir = repo();
  const r = await runCli(['models', 'register', 'clf', '--version', 'v1.0.0', '--path', '../../../../etc/passwd'], dir);
  assert.notEqual(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /--path '.*etc\/passwd' resolves to \/etc\/passwd, outside the project/);
  assert.equal(tags(dir), '');
  writeFileSync(join(dir, 'model.json'), '{"w": 1}\n');
  const ok = await runCli(['models', 'register', 'clf', '--version', 'v1.0.0', '--path', 'model.json'], dir, {
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(tags(dir), 'clf@v1.0.0');
});
