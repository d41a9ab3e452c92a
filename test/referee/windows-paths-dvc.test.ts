// Real DVC is the referee of metrics and params files named with Windows separators in a dvc.yaml written on
// Windows (`.\reports\metrics.json`, as Himanshu-1703/experimation-through-pipelines keeps its stage's metrics):
// DVC reads them with `/` on every system (DVCFileSystem.from_os_path) and names them so (`reports/metrics.json`),
// where we had read a file literally named `.\reports\metrics.json` and reported it missing. Stage and top-level
// metrics and params, present, changed and missing, through `metrics show|diff` and `params diff`. Both outputs
// are read back by Python's json and printed again (sorted keys for the diffs, whose order DVC takes from a set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameAsDvc } from '../support/dvc-json';
import { dvcRepo, git } from '../support/runner-workspace';

const root = dvcRepo(
  {
    'dvc.yaml': `stages:
  predict:
    cmd: python .\\src\\predict.py
    params:
    - .\\conf\\train.yaml:
      - lr
    metrics:
    - .\\reports\\metrics.json:
        cache: false
    - .\\reports\\gone.json:
        cache: false
metrics:
- .\\top\\scores.json
params:
- .\\conf\\extra.yaml
`,
    'reports/metrics.json': '{"accuracy": 0.5, "f1": 0.25}',
    'top/scores.json': '{"auc": 0.75}',
    'conf/train.yaml': 'lr: 0.1\nepochs: 3\n',
    'conf/extra.yaml': 'seed: 1\n',
  },
  'mlops-windows-paths-',
);
git(root, 'tag', 'v1');
writeFileSync(join(root, 'reports/metrics.json'), '{"accuracy": 0.625, "f1": 0.25}');
writeFileSync(join(root, 'conf/train.yaml'), 'lr: 0.2\nepochs: 3\n');
writeFileSync(join(root, 'conf/extra.yaml'), 'seed: 2\n');

const same = (args: string[], sortKeys = false): Promise<string> => sameAsDvc(root, args, args, sortKeys);

test('metrics show: files named with Windows separators are read and named with /, as DVC reads them', async () => {
  const shown = await same(['metrics', 'show', '--json', '-A']);
  // The case is what it claims: read under their / names, the missing one named so too.
  assert.match(shown, /"reports\/metrics.json": \{"data": \{"accuracy": 0.625/);
  assert.match(shown, /"top\/scores.json": \{"data": \{"auc": 0.75\}\}/);
  assert.match(shown, /No such file or directory: 'reports\/gone.json'/);
});

test('metrics diff and params diff: such files compared under their / names, as DVC compares them', async () => {
  for (const revs of [['v1'], ['v1', 'HEAD']]) {
    await same(['metrics', 'diff', ...revs, '--json', '--all'], true);
    await same(['params', 'diff', ...revs, '--json', '--all'], true);
  }
  const params = await same(['params', 'diff', 'v1', '--json'], true);
  assert.match(params, /"conf\/extra.yaml": \{"seed": \{"diff": 1, "new": 2, "old": 1\}\}/);
  assert.match(params, /"conf\/train.yaml": \{"lr": /);
});
