// The order `mlops status` lists stages in is the order `dvc status` lists them: DVC walks the repository in the file
// system's own readdir order (not sorted, not dvc.yaml first), a folder's files before its subfolders, each file's
// stages as written. A repository of stages and `.dvc` files in several folders, created out of alphabetical order,
// every stage changed so that DVC names them all; compared from the root and from a subfolder, for the text lines
// and the JSON, with no target, with `-R`, and with several targets (listed target by target, as DVC does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const pipeline = (...names: string[]): string =>
  `stages:\n${names.map((n) => `  ${n}:\n    cmd: echo ${n} > ${n}.out\n    outs: [${n}.out]\n`).join('')}`;

function repo(): string {
  const root = dvcRepo({ 'dvc.yaml': pipeline('zeta', 'alpha') });
  // Out of alphabetical order, so that a sorted listing and the file system's differ on most file systems.
  for (const dir of ['t', 'c', 'q/r', 'b', 'q/a']) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const f of ['m.csv', 'x.csv', 'd.csv']) writeFileSync(join(root, dir, f), `${dir}/${f}\n`);
    writeFileSync(join(root, dir, 'dvc.yaml'), pipeline('s2', 's1'));
  }
  for (const f of ['w.csv', 'e.csv']) writeFileSync(join(root, f), `${f}\n`);
  const tracked = [
    'w.csv',
    'e.csv',
    ...['t', 'c', 'q/r', 'b', 'q/a'].flatMap((d) => [`${d}/m.csv`, `${d}/x.csv`, `${d}/d.csv`]),
  ];
  dvc(root, 'add', '-q', ...tracked);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'tracked');
  for (const f of tracked) appendFileSync(join(root, f), 'changed\n');
  return root;
}

/** The stages `dvc status ARGS` names, in its order (JSON keys and text headers). */
function theirs(cwd: string, args: string[]): { json: string[]; text: string[] } {
  const run = (extra: string[]) =>
    spawnSync(join(venvBin(), 'dvc'), ['status', ...args, ...extra], {
      cwd,
      env: venvEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
  const json = run(['--json']);
  assert.equal(json.status, 0, json.stderr);
  const text = run([])
    .stdout.split('\n')
    .filter((l) => /^\S.*:$/.test(l))
    .map((l) => l.slice(0, -1));
  return { json: Object.keys(JSON.parse(json.stdout) as object), text };
}

async function ours(cwd: string, args: string[]): Promise<{ json: string[]; text: string[] }> {
  const json = await runCli(['status', ...args, '--json', '--no-daemon'], cwd);
  assert.equal(json.code, 0, json.stderr);
  const stages = (JSON.parse(json.stdout) as { stages: { name: string; file: string; status: string }[] }).stages;
  const names = stages
    .filter((s) => s.status !== 'up-to-date')
    .map((s) => (s.file.endsWith('.dvc') ? s.file : s.file === 'dvc.yaml' ? s.name : `${s.file}:${s.name}`));
  const text = await runCli(['status', ...args, '--no-daemon'], cwd);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout
    .split('\n')
    .filter((l) => l !== '' && !/\s up-to-date$/.test(l))
    .map((l) => l.split(/\s+/)[0] as string);
  return { json: names, text: lines };
}

test('stages are listed in the order dvc status lists them', async () => {
  const root = repo();
  const cases: [string, string[]][] = [
    ['', []],
    ['q', []],
    ['', ['-R', 'q']],
    ['', ['q/r/dvc.yaml', 'dvc.yaml', 'b/x.csv.dvc']],
    ['c', ['../q/a/dvc.yaml', 'dvc.yaml:s1', 'dvc.yaml:s2']],
  ];
  for (const [folder, args] of cases) {
    const cwd = join(root, folder);
    const expected = theirs(cwd, args);
    assert.ok(expected.json.length >= 3, `DVC names the changed stages: ${expected.json.join(', ')}`);
    assert.deepEqual(expected.text, expected.json);
    const got = await ours(cwd, args);
    assert.deepEqual(got.json, expected.json, `${folder || '.'}: status ${args.join(' ')} --json`);
    assert.deepEqual(got.text, expected.json, `${folder || '.'}: status ${args.join(' ')}`);
  }
});
