// A DVC 1 stage file (`dvc run -f model.pkl.dvc` wrote `cmd`, `deps` and `outs` into a `.dvc` file): DVC 3 refuses it
// outright — `dvc status`, `dvc dag` and `dvc repro` fail with "extra keys not allowed, in cmd" and never run its
// command. So do we: `mlops run` refuses naming the file and the key, `mlops dag` fails and shows no node for it,
// `mlops status` warns with the same words and lists no stage for it, `mlops validate` reports it as an error. Any
// other unknown key is refused the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvcRepo } from '../support/runner-workspace';

const DVC1 = `md5: 0123456789abcdef0123456789abcdef
cmd: cp data.csv model.pkl
deps:
- md5: 60b725f10c9c85c70d97880dfe8191b3
  path: data.csv
outs:
- md5: 60b725f10c9c85c70d97880dfe8191b3
  path: model.pkl
  cache: true
`;
const PIPELINE = 'stages:\n  use:\n    cmd: cp model.pkl used.txt\n    deps: [model.pkl]\n    outs: [used.txt]\n';

function dvcRun(cwd: string, ...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(join(venvBin(), 'dvc'), args, { cwd, env: venvEnv(), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stderr: r.stderr };
}

for (const [label, file, key] of [
  ['a DVC 1 stage file (cmd)', DVC1, 'cmd'],
  ['an unknown key', 'outs:\n- path: data.csv\n  md5: 60b725f10c9c85c70d97880dfe8191b3\nfoo: 1\n', 'foo'],
] as const) {
  test(`${label}: refused by DVC 3 and by us, its command never run`, async () => {
    const root = dvcRepo({ 'data.csv': 'a\n', 'model.pkl.dvc': file, 'dvc.yaml': PIPELINE });
    for (const verb of [['status'], ['dag'], ['repro']]) {
      const r = dvcRun(root, ...verb);
      assert.notEqual(r.code, 0, `dvc ${verb.join(' ')}`);
      assert.match(r.stderr, new RegExp(`extra keys not allowed, in ${key}`));
    }
    const run = await runCli(['run'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`model\\.pkl\\.dvc:\\d+:\\d+: .*extra keys not allowed, in ${key}`));
    assert.equal(existsSync(join(root, 'model.pkl')), false, 'the DVC 1 command never ran');
    const dag = await runCli(['dag'], root);
    assert.equal(dag.code, 1);
    assert.doesNotMatch(dag.stdout, /model\.pkl\.dvc/);
    const status = await runCli(['status', '--json', '--no-daemon'], root);
    assert.match(status.stderr, new RegExp(`warning: model\\.pkl\\.dvc:\\d+: .*extra keys not allowed, in ${key}`));
    const names = (JSON.parse(status.stdout) as { stages: { name: string }[] }).stages.map((s) => s.name);
    assert.deepEqual(names, ['use']);
    const validate = await runCli(['validate'], root);
    assert.equal(validate.code, 1, validate.stderr);
    assert.match(validate.stdout, new RegExp(`model\\.pkl\\.dvc:\\d+:\\d+: error .*extra keys not allowed, in ${key}`));
  });
}
