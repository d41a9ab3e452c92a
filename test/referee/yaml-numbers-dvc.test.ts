// Real DVC is the referee of plain YAML scalars that ruamel.yaml (DVC's loader) reads as numbers where the yaml
// package's core schema reads strings, and the reverse: `1_000`, `0b101`, signed hex/octal, `1_000.0`, and `.5e1`
// (a string to ruamel). In params.yaml through `params diff --json --all` against an empty HEAD and in a metrics
// file through `metrics show --json`; then `status` after `dvc repro` of stages whose params, `${}` commands and
// inline vars hold them, which DVC records as numbers in dvc.lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo, dvcStatus, git } from '../support/runner-workspace';

// Each form DVC reads differently from the yaml package's core schema, beside a few both read alike. Dates are
// left out: DVC cannot write them as JSON.
const FORMS = [
  '1_000',
  '1_000.0',
  '0b101',
  '0b1_01',
  '+0b101',
  '0x_1F',
  '-0x1F',
  '-0o17',
  '+1_000',
  '1__0',
  '1_',
  '0_1',
  '0_',
  '0.1_5',
  '._5',
  '1_000e3',
  '.5e1',
  '+.5e1',
  '.5e+1',
  '0o17',
  '0x1F',
  '0X1F',
  '0777',
  '1.',
  '1e3',
  '.inf',
  '-.Inf',
  '.NaN',
  '~',
  'Null',
  'yes',
  'off',
  'TRUE',
  '1:20',
  '_1',
  '1_0e1_0',
];
const FILE = FORMS.map((f, i) => `k${i}: ${f}\n`).join('');

/** The document Python's json reads from `text`, printed again with sorted keys. */
function canonical(text: string): string {
  const code = 'import json,sys\nsys.stdout.write(json.dumps(json.loads(sys.stdin.read()), sort_keys=True))';
  return execFileSync(join(venvBin(), 'python'), ['-c', code], { input: text, env: venvEnv(), encoding: 'utf8' });
}

async function same(root: string, args: string[]): Promise<string> {
  const expected = canonical(dvc(root, ...args));
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(canonical(r.stdout), expected, args.join(' '));
  return expected;
}

test('params diff and metrics show --json: plain scalars read as ruamel reads them', async () => {
  const root = dvcRepo({ 'dvc.yaml': 'metrics:\n  - m.yaml\n' }, 'mlops-yaml-numbers-');
  writeFileSync(join(root, 'params.yaml'), FILE);
  writeFileSync(join(root, 'm.yaml'), FILE);
  const params = await same(root, ['params', 'diff', '--json', '--all']);
  // The case is what it claims: underscores and binary are numbers, `.5e1` is text.
  assert.match(params, /"k0": \{"new": 1000, "old": null\}/);
  assert.match(params, /"k2": \{"new": 5, "old": null\}/);
  assert.match(params, /"k16": \{"new": ".5e1", "old": null\}/);
  await same(root, ['metrics', 'show', '--json']);
});

test('status after dvc repro: params, ${} and vars holding 1_000 or 0b101 are what dvc.lock records', async () => {
  const root = dvcRepo(
    {
      'params.yaml': 'a: 1_000\nb: 1_000.0\nc: 0x_1F\n',
      'data.txt': 'data\n',
      'dvc.yaml': `vars:
  - d: 0b101
stages:
  tracked:
    cmd: echo tracked
    deps:
      - data.txt
    params:
      - a
      - b
      - c
  interpolated:
    cmd: echo \${a} \${b} \${c} \${d}
    deps:
      - data.txt
`,
    },
    'mlops-yaml-numbers-status-',
  );
  dvc(root, 'repro');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'repro');
  assert.deepEqual(dvcStatus(root), {});
  const r = await runCli(['status', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const stages = (JSON.parse(r.stdout) as { stages: { name: string; status: string }[] }).stages;
  assert.deepEqual(
    stages.map((s) => [s.name, s.status]),
    [
      ['tracked', 'up-to-date'],
      ['interpolated', 'up-to-date'],
    ],
  );
  // And a real change is one: 1_000 → 1_001 changes both stages for DVC and for us.
  writeFileSync(join(root, 'params.yaml'), 'a: 1_001\nb: 1_000.0\nc: 0x_1F\n');
  const changed = (await runCli(['status', '--json'], root)).stdout;
  const ours = (JSON.parse(changed) as { stages: { name: string; status: string }[] }).stages
    .filter((s) => s.status !== 'up-to-date')
    .map((s) => s.name)
    .sort();
  assert.deepEqual(ours, Object.keys(dvcStatus(root)).sort());
  assert.deepEqual(ours, ['interpolated', 'tracked']);
});
