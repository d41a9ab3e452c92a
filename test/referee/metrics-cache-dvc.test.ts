// Metrics with `cache: true` (DVC's default for outputs) at a git revision: git does not hold metrics.json, DVC's
// cache does, by the hash the revision's dvc.lock recorded. `mlops metrics diff --json` must read HEAD's values
// from the cache exactly as `dvc metrics diff --json` does (real DVC runs the stage and caches its metrics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const WRITE = (k: number): string =>
  `import json\njson.dump({"acc": ${0.8 + k / 10}, "loss": {"train": ${0.5 - k / 10}, "test": 0.3}}, open("metrics.json", "w"))\n`;

const PIPELINE = `stages:
  train:
    cmd: python3 write.py
    deps:
      - write.py
    metrics:
      - metrics.json
`;

test('a cached metrics file at HEAD is read from the DVC cache, as dvc metrics diff reads it', async () => {
  const root = dvcRepo({ 'dvc.yaml': PIPELINE, 'write.py': WRITE(0) }, 'mlops-metrics-cache-');
  dvc(root, 'repro', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'v1 with its lock');
  assert.equal(git(root, 'ls-files', 'metrics.json'), '', 'git does not hold the cached metrics');
  writeFileSync(join(root, 'write.py'), WRITE(1));
  dvc(root, 'repro', '-q');

  const expected = JSON.parse(dvc(root, 'metrics', 'diff', '--json')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(expected), ['metrics.json'], 'DVC reads both revisions');
  const r = await runCli(['metrics', 'diff', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), expected);

  const show = await runCli(['metrics', 'diff', 'HEAD', 'workspace', '--json', '--all'], root);
  assert.equal(show.code, 0, show.stderr);
  assert.deepEqual(
    JSON.parse(show.stdout),
    JSON.parse(dvc(root, 'metrics', 'diff', 'HEAD', 'workspace', '--json', '--all')),
  );
});
