// Real DVC referees how dvc.lock records a stage's cmd: as dvc.yaml wrote it. `cmd: [one command]` is a
// one-item list in the lock, `cmd: one command` a string; the other form in the lock is "changed command".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, dvcStatus } from '../support/runner-workspace';

const PIPELINE = `stages:
  listed:
    cmd: [echo a > a.txt]
    outs: [a.txt]
  plain:
    cmd: echo c > c.txt
    outs: [c.txt]
  several:
    cmd:
      - echo d > d.txt
      - echo e >> d.txt
    outs: [d.txt]
  each:
    foreach: [x, y]
    do:
      cmd:
        - echo \${item} > \${item}.txt
      outs:
        - \${item}.txt
`;

async function ourChanged(root: string): Promise<string[]> {
  const r = await runCli(['status', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const stages = (JSON.parse(r.stdout) as { stages: { name: string; status: string; reasons: string[] }[] }).stages;
  return stages
    .filter((s) => s.status !== 'up-to-date')
    .map((s) => `${s.name}: ${s.reasons.join(', ')}`)
    .sort();
}

test('our dvc.lock holds each cmd in the form DVC writes; dvc status is clean after our run', async () => {
  const ours = dvcRepo({ 'dvc.yaml': PIPELINE });
  const r = await runCli(['run'], ours);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(dvcStatus(ours), {});

  const theirs = dvcRepo({ 'dvc.yaml': PIPELINE });
  dvc(theirs, 'repro');
  const cmds = (root: string) => {
    const lock = parse(readFileSync(join(root, 'dvc.lock'), 'utf8')) as { stages: Record<string, { cmd: unknown }> };
    return Object.fromEntries(Object.entries(lock.stages).map(([k, v]) => [k, v.cmd]));
  };
  assert.deepEqual(cmds(theirs), {
    listed: ['echo a > a.txt'],
    plain: 'echo c > c.txt',
    several: ['echo d > d.txt', 'echo e >> d.txt'],
    'each@x': ['echo x > x.txt'],
    'each@y': ['echo y > y.txt'],
  });
  assert.deepEqual(cmds(ours), cmds(theirs));
  assert.deepEqual(await ourChanged(theirs), []);
});

test('the other form of a cmd in dvc.lock: DVC and mlops status both say the command changed', async () => {
  const root = dvcRepo({ 'dvc.yaml': PIPELINE });
  dvc(root, 'repro');
  const lockFile = join(root, 'dvc.lock');
  const text = readFileSync(lockFile, 'utf8');
  const swapped = text
    .replace('    cmd:\n    - echo a > a.txt\n', '    cmd: echo a > a.txt\n')
    .replace('    cmd: echo c > c.txt\n', '    cmd:\n    - echo c > c.txt\n');
  assert.notEqual(swapped, text);
  writeFileSync(lockFile, swapped);
  assert.deepEqual(dvcStatus(root), { listed: ['changed command'], plain: ['changed command'] });
  assert.deepEqual(await ourChanged(root), ['listed: cmd changed', 'plain: cmd changed']);

  // Our run rewrites each in dvc.yaml's form, which DVC accepts.
  const r = await runCli(['run'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(dvcStatus(root), {});
  assert.deepEqual(parse(readFileSync(lockFile, 'utf8')), parse(text));
});
