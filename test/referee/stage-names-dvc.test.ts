// Stage names against real DVC: a name DVC loads and addresses (`page/movielens/index`, `v1.2`, a foreach group
// `g@h`) gets no warning from `mlops validate` (a hint at most); a name DVC loads but cannot address (`data:prep`)
// keeps its warning; a plain stage with `@`, which DVC cannot find, stays an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvEnv } from '../support/python';

test('stage names: no warning where DVC runs and addresses the stage', async () => {
  const env = venvEnv();
  const repo = mkdtempSync(join(tmpdir(), 'mlops-names-'));
  const run = (cmd: string, ...args: string[]) =>
    spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  run('git', 'init', '-q');
  run('dvc', 'init', '-q');
  writeFileSync(
    join(repo, 'dvc.yaml'),
    [
      'stages:',
      '  page/movielens/index:',
      '    cmd: echo a',
      '  v1.2:',
      '    cmd: echo b',
      '  g@h:',
      '    foreach: [x]',
      '    do: {cmd: echo c}',
      '  "data:prep":',
      '    cmd: echo d',
      '',
    ].join('\n'),
  );
  const verdicts = JSON.parse((await runCli(['validate', '--format', 'json'], repo)).stdout) as {
    files: { diagnostics: { severity: string; message: string }[] }[];
  };
  const severityOf = (name: string) =>
    verdicts.files[0]?.diagnostics.find((d) => d.message.includes(`\`${name}\``))?.severity ?? 'none';

  for (const name of ['page/movielens/index', 'v1.2', 'g@h']) {
    const target = name === 'g@h' ? 'g@h@x' : name;
    const dvc = run('dvc', 'status', target);
    assert.equal(dvc.status, 0, `dvc addresses ${target}: ${dvc.stderr}`);
    assert.doesNotMatch(dvc.stdout + dvc.stderr, /WARNING|ERROR/);
    assert.ok(['none', 'hint'].includes(severityOf(name)), `${name}: ${severityOf(name)}`);
  }
  const unaddressable = run('dvc', 'status', 'data:prep');
  assert.notEqual(unaddressable.status, 0, 'DVC reads `data:prep` as a path and a stage');
  assert.equal(severityOf('data:prep'), 'warning');
});
