// Real DVC is the referee of the runner: after `mlops run`, `dvc status` is clean and dvc.lock is the one
// `dvc repro` writes; after `dvc repro`, `mlops status` says everything is up to date; after a change,
// both name the same stages as changed. On the example project and on a generated pipeline that uses
// foreach, list cmds, wdir, JSON/TOML params, directory outputs, persist, uncached metrics and exec bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, dvcStatus, exampleRepo } from '../support/runner-workspace';

interface StatusJson {
  stages: { name: string; file: string; status: string; reasons: string[] }[];
}

async function ourStatus(root: string): Promise<StatusJson['stages']> {
  const r = await runCli(['status', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as StatusJson).stages;
}

/** The stages each side considers not up to date must be the same. */
async function assertAgree(root: string, expectChanged: string[]): Promise<void> {
  const ours = (await ourStatus(root))
    .filter((s) => s.status !== 'up-to-date')
    .map((s) => s.name)
    .sort();
  const theirs = Object.keys(dvcStatus(root)).sort();
  assert.deepEqual(ours, theirs, `mlops status vs dvc status in ${root}`);
  assert.deepEqual(ours, [...expectChanged].sort());
}

test("example: after mlops run, dvc status is clean, dvc repro skips everything, and dvc.lock is DVC's own", async () => {
  const ours = exampleRepo();
  const r = await runCli(['run', '--json'], ours);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    runId: string;
    experiment: string;
    status: string;
    stages: { name: string; status: string; durationMs: number }[];
  };
  assert.equal(out.status, 'FINISHED');
  assert.equal(out.experiment, 'Default');
  assert.match(out.runId, /^[0-9a-f]{32}$/);
  assert.deepEqual(
    out.stages.map((s) => [s.name, s.status]),
    [
      ['prepare', 'FINISHED'],
      ['train', 'FINISHED'],
      ['evaluate', 'FINISHED'],
    ],
  );
  assert.ok(out.stages.every((s) => Number.isInteger(s.durationMs) && s.durationMs >= 0));

  assert.deepEqual(dvcStatus(ours), {});
  const lockAfterOurs = readFileSync(join(ours, 'dvc.lock'), 'utf8');
  const repro = dvc(ours, 'repro');
  assert.doesNotMatch(repro, /Running stage/, repro);
  assert.equal(readFileSync(join(ours, 'dvc.lock'), 'utf8'), lockAfterOurs);

  const theirs = exampleRepo();
  dvc(theirs, 'repro');
  assert.equal(lockAfterOurs, readFileSync(join(theirs, 'dvc.lock'), 'utf8'));
  assert.equal(
    readFileSync(join(ours, 'metrics.json'), 'utf8'),
    readFileSync(join(theirs, 'metrics.json'), 'utf8'),
    'deterministic metrics',
  );
});

test('example: after dvc repro, mlops status agrees — and keeps agreeing through params, code and output changes', async () => {
  const root = exampleRepo();
  await assertAgree(root, ['prepare', 'train', 'evaluate']);
  dvc(root, 'repro');
  const statuses = await ourStatus(root);
  assert.deepEqual(
    statuses.map((s) => [s.name, s.status, s.reasons]),
    [
      ['prepare', 'up-to-date', []],
      ['train', 'up-to-date', []],
      ['evaluate', 'up-to-date', []],
    ],
  );
  await assertAgree(root, []);

  const params = readFileSync(join(root, 'params.yaml'), 'utf8');
  writeFileSync(join(root, 'params.yaml'), params.replace('lr: 0.1', 'lr: 0.05'));
  await assertAgree(root, ['train']);
  assert.deepEqual((await ourStatus(root)).find((s) => s.name === 'train')?.reasons, ['params changed: train.lr']);
  writeFileSync(join(root, 'params.yaml'), params);
  await assertAgree(root, []);

  writeFileSync(join(root, 'src/common.py'), readFileSync(join(root, 'src/common.py'), 'utf8') + '\n# touched\n');
  await assertAgree(root, ['prepare', 'train', 'evaluate']);

  rmSync(join(root, 'model.json'));
  await assertAgree(root, ['prepare', 'train', 'evaluate']);
  assert.deepEqual((await ourStatus(root)).find((s) => s.name === 'evaluate')?.reasons, [
    'dep changed: src/common.py',
    'dep missing: model.json',
  ]);

  // Our run brings it back to what DVC considers clean.
  const r = await runCli(['run', 'evaluate'], root);
  assert.equal(r.code, 0, r.stderr);
  await assertAgree(root, []);
});

const GENERATED_PIPELINE = `
stages:
  gen:
    foreach: [a, b, c]
    do:
      cmd: mkdir -p raw/\${item} && printf '\${item}\\n\${item}\\n' > raw/\${item}/part.txt && cp params.json raw/\${item}/cfg.json
      deps: [params.json]
      params:
        - params.json:
      outs:
        - raw/\${item}
  merge:
    cmd:
      - mkdir -p merged/deep
      - cat raw/a/part.txt raw/b/part.txt raw/c/part.txt > merged/all.txt
      - printf '#!/bin/sh\\necho hi\\n' > merged/deep/run.sh && chmod +x merged/deep/run.sh
    deps: [raw/a, raw/b/part.txt, raw/c]
    outs: [merged]
  count:
    wdir: sub
    cmd: >-
      wc -l < ../merged/all.txt > count.txt && echo '{"lines": 6, "ratio": 1.0}' > stats.json
    deps: [../merged/all.txt]
    params:
      - conf.toml:
          - model.depth
          - model.width
    outs: [count.txt]
    metrics:
      - stats.json:
          cache: false
  tool:
    cmd: printf '#!/bin/sh\\necho tool\\n' > tool.sh && chmod +x tool.sh
    params: [threshold]
    outs: [tool.sh]
  history:
    cmd: echo run >> history.txt
    deps: [merged/all.txt]
    outs:
      - history.txt:
          persist: true
`;

function generatedRepo(): string {
  return dvcRepo({
    'dvc.yaml': GENERATED_PIPELINE,
    'params.json': '{"seed": 1, "scale": 2.0, "names": ["x", "y"]}\n',
    'params.yaml': 'threshold: 0.5\n',
    'sub/conf.toml': '[model]\ndepth = 3\nwidth = 2.0\n',
  });
}

test("generated pipeline: our dvc.lock says what DVC's says, and each side accepts the other's run", async () => {
  const ours = generatedRepo();
  const r = await runCli(['run', '--jobs', '2', '--json'], ours);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { status: string }).status, 'FINISHED');
  assert.deepEqual(dvcStatus(ours), {});

  const theirs = generatedRepo();
  dvc(theirs, 'repro');
  // Same content; the text may differ where DVC folds lines longer than 80 columns (we never fold) and in
  // the order of stages, which is the order they finished in.
  assert.deepEqual(
    parse(readFileSync(join(ours, 'dvc.lock'), 'utf8')),
    parse(readFileSync(join(theirs, 'dvc.lock'), 'utf8')),
  );
  await assertAgree(theirs, []);
  // Cached outputs are git-ignored as DVC ignores them (lines in the order the stages finished).
  for (const ignore of ['.gitignore', 'sub/.gitignore']) {
    const lines = (root: string) => readFileSync(join(root, ignore), 'utf8').split('\n').filter(Boolean).sort();
    assert.deepEqual(lines(ours), lines(theirs), ignore);
  }

  // A change in one foreach item's params file reaches every item; a TOML key reaches the wdir stage only.
  writeFileSync(join(ours, 'sub/conf.toml'), '[model]\ndepth = 4\nwidth = 2.0\n');
  await assertAgree(ours, ['count']);
  writeFileSync(join(ours, 'params.json'), '{"seed": 2, "scale": 2.0, "names": ["x", "y"]}\n');
  await assertAgree(ours, ['count', 'gen@a', 'gen@b', 'gen@c']);
  const again = await runCli(['run'], ours);
  assert.equal(again.code, 0, again.stderr);
  await assertAgree(ours, []);
  assert.equal(readFileSync(join(ours, 'history.txt'), 'utf8'), 'run\n', 'history did not need to run again');
});
