// dvc.lock as DVC writes it, through alternating `dvc repro` and `mlops run`: after `dvc repro` of the whole
// pipeline, `mlops run` of one changed stage rewrites that stage's entry only (`git diff` touches one entry) and
// writes it exactly as `dvc repro` of the same stage does in a twin checkout, long folded commands, quoting and
// params of every type included; a run that changes nothing leaves the file byte for byte as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const LONG = 'python -c "import sys; open(sys.argv[1], \'w\').write(sys.argv[2])"';

const PIPELINE = `stages:
  prepare:
    cmd: ${JSON.stringify(`${LONG} prepared.txt "prepared rows from the raw input with a long argument list" --seed 42`)}
    deps: [raw.txt]
    outs: [prepared.txt]
  featurize:
    foreach: [en, de]
    do:
      cmd: ${JSON.stringify(`${LONG} features-\${item}.txt "features for \${item}: words, n-grams and other things"`)}
      deps: [prepared.txt]
      params: [featurize.max_features, featurize.ngrams]
      outs:
      - features-\${item}.txt
  train:
    cmd:
    - ${JSON.stringify(`${LONG} model.txt "a model trained with it's own settings: lr and a list of layers"`)}
    - echo done
    deps: [features-en.txt, features-de.txt]
    params: [train]
    outs: [model.txt]
  'report: html':
    cmd: ${JSON.stringify(`${LONG} report.txt "#1 report"`)}
    deps: [model.txt]
    outs: [report.txt]
`;

const PARAMS = `featurize:
  max_features: 200
  ngrams: 2
train:
  lr: 0.001
  decay: 1.0e-05
  layers: [64, 32]
  name: 'yes'
  dropout: 0.5
  flag: true
  extra: null
`;

function repo(): string {
  const root = dvcRepo({ 'dvc.yaml': PIPELINE, 'params.yaml': PARAMS, 'raw.txt': 'raw\n' }, 'mlops-lock-');
  dvc(root, 'repro', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'dvc repro');
  return root;
}

test('after dvc repro, mlops run of one stage changes that entry only, as dvc repro writes it', async () => {
  const root = repo();
  const before = readFileSync(join(root, 'dvc.lock'), 'utf8');
  assert.match(before, /\n {6}\S/, 'DVC folded a long command: the layout is exercised');

  const unchanged = await runCli(['run', 'train', '--force'], root);
  assert.equal(unchanged.code, 0, unchanged.stderr);
  assert.equal(readFileSync(join(root, 'dvc.lock'), 'utf8'), before, 'a run that changes nothing keeps the bytes');

  writeFileSync(join(root, 'params.yaml'), PARAMS.replace('lr: 0.001', 'lr: 0.002'));
  const twin = join(mkdtempSync(join(tmpdir(), 'mlops-lock-twin-')), 'repo');
  cpSync(root, twin, { recursive: true });
  dvc(twin, 'repro', '-q', 'train');

  const r = await runCli(['run', 'train'], root);
  assert.equal(r.code, 0, r.stderr);
  const ours = readFileSync(join(root, 'dvc.lock'), 'utf8');
  assert.equal(ours, readFileSync(join(twin, 'dvc.lock'), 'utf8'));
  const diff = git(root, 'diff', '-U0', 'dvc.lock');
  const hunks = diff.split('\n').filter((l) => l.startsWith('@@'));
  assert.equal(hunks.length, 1, `one changed place:\n${diff}`);
  assert.match(diff, /^-\s+lr: 0\.001$/m);
  assert.match(diff, /^\+\s+lr: 0\.002$/m);
});

test('a lock DVC did not lay out keeps its other entries as they were', async () => {
  const root = repo();
  const dvcText = readFileSync(join(root, 'dvc.lock'), 'utf8');
  // Another writer's layout (double-quoted hashes, a comment). DVC would re-dump it all; we keep it.
  const foreign = dvcText.replace(/md5: (\w+)/g, 'md5: "$1"').replace('\n  train:', '\n  # hand-kept\n  train:');
  writeFileSync(join(root, 'dvc.lock'), foreign);
  writeFileSync(join(root, 'raw.txt'), 'raw, changed\n');
  const r = await runCli(['run', 'prepare', '--single'], root);
  assert.equal(r.code, 0, r.stderr);
  const after = readFileSync(join(root, 'dvc.lock'), 'utf8');
  const entry = (text: string, name: string) =>
    text.slice(text.indexOf(`\n  ${name}:`), text.indexOf('\n  featurize@en:'));
  assert.notEqual(entry(after, 'prepare'), entry(foreign, 'prepare'));
  assert.equal(after.slice(after.indexOf('\n  featurize@en:')), foreign.slice(foreign.indexOf('\n  featurize@en:')));
});
