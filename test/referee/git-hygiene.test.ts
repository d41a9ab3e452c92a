// A fresh clone of a DVC project, pulled with real DVC, then every `mlops` verb run in it as a new user would:
// afterwards `git status --porcelain` is empty — nothing the CLI creates (the `.mlops/` caches, run lock, daemon
// socket, local tracking store) shows up as untracked, and an up-to-date pipeline's files are left as they were.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { venvEnv } from '../support/python';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');
let started: string | undefined;

after(() => {
  if (started) spawnSync(process.execPath, [CLI, 'daemon', 'stop'], { cwd: started });
});

test('every CLI verb in a fresh clone leaves `git status --porcelain` empty', () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  const env = venvEnv();
  const top = mkdtempSync(join(tmpdir(), 'mlops-hygiene-'));
  const origin = join(top, 'origin');
  mkdirSync(origin);
  const sh = (cwd: string, cmd: string, ...args: string[]) =>
    execFileSync(cmd, args, { cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  sh(origin, 'git', 'init', '-q', '-b', 'main');
  sh(origin, 'git', 'config', 'user.name', 'Test');
  sh(origin, 'git', 'config', 'user.email', 'test@example.com');
  sh(origin, 'dvc', 'init', '-q');
  sh(origin, 'dvc', 'remote', 'add', '-d', 'store', join(top, 'remote'));
  mkdirSync(join(origin, 'data'));
  writeFileSync(join(origin, 'data', 'raw.csv'), 'x,y\n1,2\n3,4\n');
  writeFileSync(join(origin, 'params.yaml'), 'train:\n  epochs: 2\n');
  writeFileSync(
    join(origin, 'dvc.yaml'),
    [
      'stages:',
      '  prepare:',
      '    cmd: tr , ";" < data/raw.csv > data/prepared.csv',
      '    deps: [data/raw.csv]',
      '    outs: [data/prepared.csv]',
      '  train:',
      `    cmd: 'wc -l data/prepared.csv > model.txt && printf "{\\"loss\\": 0.5}" > metrics.json'`,
      '    deps: [data/prepared.csv]',
      '    params: [train.epochs]',
      '    outs: [model.txt]',
      '    metrics: [{metrics.json: {cache: false}}]',
      'artifacts:',
      '  clf:',
      '    path: model.txt',
      '    type: model',
      '',
    ].join('\n'),
  );
  sh(origin, 'dvc', 'repro', '-q');
  sh(origin, 'dvc', 'push', '-q');
  sh(origin, 'git', 'add', '-A');
  sh(origin, 'git', 'commit', '-q', '-m', 'pipeline');

  const clone = join(top, 'clone');
  started = clone;
  sh(top, 'git', 'clone', '-q', origin, clone);
  sh(clone, 'git', 'config', 'user.name', 'Test');
  sh(clone, 'git', 'config', 'user.email', 'test@example.com');
  sh(clone, 'dvc', 'pull', '-q');
  assert.equal(sh(clone, 'git', 'status', '--porcelain'), '', 'the clone starts clean');

  const verbs: string[][] = [
    ['validate'],
    ['validate', '--format', 'sarif'],
    ['schema'],
    ['dag'],
    ['dag', '--format', 'mermaid'],
    ['dag', '--format', 'json'],
    ['status'],
    ['status', '--json', '--no-daemon'],
    ['run', '--json'],
    ['runs', 'list'],
    ['models', 'list'],
    ['models', 'register', 'clf', '--version', 'v1.0.0', '--path', 'model.txt'],
    ['models', 'promote', 'clf', 'v1.0.0', '--stage', 'prod'],
    ['daemon', 'start'],
    ['status'],
    ['daemon', 'status'],
    ['daemon', 'stop'],
  ];
  for (const argv of verbs) {
    const r = spawnSync(process.execPath, [CLI, ...argv], { cwd: clone, encoding: 'utf8', env });
    assert.equal(r.status, 0, `mlops ${argv.join(' ')}: ${r.stderr}`);
    if (argv[0] === 'run') {
      const run = JSON.parse(r.stdout) as { runId: string };
      const show = spawnSync(process.execPath, [CLI, 'runs', 'show', run.runId], { cwd: clone, encoding: 'utf8', env });
      assert.equal(show.status, 0, show.stderr);
    }
    assert.equal(sh(clone, 'git', 'status', '--porcelain'), '', `after mlops ${argv.join(' ')}`);
  }
});
