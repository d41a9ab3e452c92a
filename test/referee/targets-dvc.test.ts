// Targets as DVC takes them: for each target form (stage, foreach member and group, a dvc.yaml, `file:stage`, an
// output path, `-R folder`) `mlops status TARGET --json` shows the stages `dvc status TARGET --json` shows, in a
// repository with nested pipeline files, from the root and from a sub-folder (targets inside it); an unknown target is refused by both;
// `mlops run -R sub` runs exactly the stages under sub/, which `dvc status` then finds up to date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvcRepo, dvcStatus } from '../support/runner-workspace';

const ROOT_PIPELINE = `stages:
  prepare:
    cmd: cp raw.txt prepared.txt
    deps: [raw.txt]
    outs: [prepared.txt]
  train:
    foreach: [us, eu]
    do:
      cmd: cp prepared.txt model-\${item}.txt
      deps: [prepared.txt]
      outs:
      - model-\${item}.txt
`;
const SUB_PIPELINE = `stages:
  featurize:
    cmd: cp ../prepared.txt feats.txt
    deps: [../prepared.txt]
    outs: [feats.txt]
  report:
    cmd: cp feats.txt report.txt
    deps: [feats.txt]
    outs: [report.txt]
`;

function repo(): string {
  const root = dvcRepo({ 'raw.txt': 'raw\n', 'dvc.yaml': ROOT_PIPELINE, 'sub/dvc.yaml': SUB_PIPELINE });
  mkdirSync(join(root, 'deep', 'inner'), { recursive: true });
  writeFileSync(join(root, 'deep', 'inner', 'dvc.yaml'), 'stages:\n  x:\n    cmd: echo x > x.txt\n    outs: [x.txt]\n');
  return root;
}

/** DVC's addresses of the stages `dvc status ARGS` reports, or undefined when DVC refuses the target. */
function theirs(cwd: string, args: string[]): string[] | undefined {
  const r = spawnSync(join(venvBin(), 'dvc'), ['status', ...args, '--json'], { cwd, env: venvEnv(), encoding: 'utf8' });
  return r.status === 0 ? Object.keys(JSON.parse(r.stdout) as object).sort() : undefined;
}

async function ours(cwd: string, args: string[]): Promise<string[] | undefined> {
  const r = await runCli(['status', ...args, '--json'], cwd);
  if (r.code !== 0) return undefined;
  const stages = (JSON.parse(r.stdout) as { stages: { name: string; file: string }[] }).stages;
  return stages.map((s) => (s.file === 'dvc.yaml' ? s.name : `${s.file}:${s.name}`)).sort();
}

test('status targets: every form DVC takes selects the stages DVC selects', async () => {
  const root = repo();
  const cases: [string, string[]][] = [
    ['', ['prepare']],
    ['', ['train@us']],
    ['', ['train']],
    ['', ['dvc.yaml']],
    ['', ['sub/dvc.yaml']],
    ['', ['sub/dvc.yaml:report']],
    ['', ['prepared.txt']],
    ['', ['sub/feats.txt']],
    ['', ['-R', 'sub']],
    ['', ['-R', 'deep']],
    ['', ['prepare', 'sub/dvc.yaml:featurize']],
    ['', ['nope']],
    ['sub', ['report']],
  ];
  for (const [folder, args] of cases) {
    const cwd = join(root, folder);
    const expected = theirs(cwd, args);
    assert.deepEqual(await ours(cwd, args), expected, `${folder || '.'}: status ${args.join(' ')}`);
  }
});

test('an unknown target is named with its pipeline file relative to the working folder', async () => {
  const root = repo();
  const r = await runCli(['status', 'dvc.yaml:nope'], join(root, 'sub'));
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /'dvc\.yaml:nope' does not exist as an output or a stage name in 'dvc\.yaml'; its stages: featurize, report/,
  );
});

test('run -R sub runs the stages under sub/ only, and DVC agrees they are up to date', async () => {
  const root = repo();
  const first = await runCli(['run', 'prepare'], root);
  assert.equal(first.code, 0, first.stderr);
  const r = await runCli(['run', '-R', 'sub', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const ran = (JSON.parse(r.stdout) as { stages: { name: string; status: string }[] }).stages;
  // Upstream `prepare` is looked at and skipped, as dvc repro does.
  assert.deepEqual(
    ran.filter((s) => s.status !== 'SKIPPED').map((s) => [s.name, s.status]),
    [
      ['sub/dvc.yaml:featurize', 'FINISHED'],
      ['sub/dvc.yaml:report', 'FINISHED'],
    ],
  );
  assert.deepEqual(Object.keys(dvcStatus(root)).sort(), ['deep/inner/dvc.yaml:x', 'train@eu', 'train@us']);
});
