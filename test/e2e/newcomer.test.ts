// The README's first command on a fresh clone, as a newcomer runs it: `npm start` with no `npm install` before it.
// The repository is cloned (its committed state) into a temporary folder with nothing but the code-server install
// shared from this checkout (.cache/code-server and -latest, as on a machine where they were installed once); the test waits until
// the URL it prints answers, then stops it with Ctrl-C (SIGINT to its process group) and checks nothing it started is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from '../../scripts/code-server';

test('npm start on a fresh clone installs what it needs and serves VS Code on the example', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-newcomer-'));
  const repo = join(dir, 'repo');
  execFileSync('git', ['clone', '-q', ROOT, repo]);
  assert.equal(existsSync(join(repo, 'node_modules')), false, 'a fresh clone has no node_modules');
  mkdirSync(join(repo, '.cache'));
  // Both installs, so the clone finds the one this run uses (MLOPS_CODE_SERVER=latest is passed on to npm start).
  for (const name of ['code-server', 'code-server-latest']) {
    const shared = join(ROOT, '.cache', name);
    if (!existsSync(shared) && !isLink(shared)) continue;
    symlinkSync(existsSync(shared) ? realpathSync(shared) : resolve(readlinkSync(shared)), join(repo, '.cache', name));
  }

  const child = spawn('npm', ['start', '--', '--port', '0'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal's foreground job: Ctrl-C goes to the group.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    const url = await new Promise<string>((done, fail) => {
      const look = (): void => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(stdout);
        if (m) done(m[1]!);
      };
      child.stdout.on('data', look);
      void exited.then((code) => fail(new Error(`npm start exited (${code}) before serving:\n${stderr.slice(-3000)}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200, `${url} answers`);
    assert.match(await page.text(), /<html/i);
    assert.ok(existsSync(join(repo, 'node_modules/tsx')), 'the dependencies were installed by npm start itself');
  } finally {
    process.kill(-child.pid!, 'SIGINT');
  }
  await exited;
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(repo));
  assert.deepEqual(left, [], 'nothing npm start started is left running');
});

function isLink(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}
