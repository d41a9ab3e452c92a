// Plots with `cache: true` (DVC's default for outputs) at a git revision: git does not hold the file, DVC's cache
// does, by the hash the revision's dvc.lock recorded. `mlops plots diff HEAD --json` must show HEAD's rows read
// from the cache exactly as `dvc plots diff HEAD --json --split` does (real DVC runs the stage and caches it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const WRITE = (k: number): string =>
  `rows = ["step,loss"] + [f"{i},{1 / (i + ${k} + 1):.4f}" for i in range(5)]\nopen("loss.csv", "w").write("\\n".join(rows) + "\\n")\n`;

const PIPELINE = `stages:
  train:
    cmd: python3 write.py
    deps:
      - write.py
    plots:
      - loss.csv:
          x: step
          y: loss
`;

type PlotsJson = { data?: Record<string, { revisions: string[]; content?: unknown; anchor_definitions?: unknown }[]> };

test('a cached plot at HEAD is read from the DVC cache, as dvc plots diff reads it', async () => {
  const root = dvcRepo({ 'dvc.yaml': PIPELINE, 'write.py': WRITE(0) }, 'mlops-plots-cache-');
  dvc(root, 'repro', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'v1 with its lock');
  assert.equal(git(root, 'ls-files', 'loss.csv'), '', 'git does not hold the cached plot');
  writeFileSync(join(root, 'write.py'), WRITE(1));
  dvc(root, 'repro', '-q');

  const expected = JSON.parse(dvc(root, 'plots', 'diff', 'HEAD', '--json', '--split')) as PlotsJson;
  for (const renderers of Object.values(expected.data ?? {})) for (const r of renderers) delete r.content;
  assert.deepEqual(expected.data?.['loss.csv']?.[0]?.revisions, ['workspace', 'HEAD'], 'DVC reads both revisions');
  const r = await runCli(['plots', 'diff', 'HEAD', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const actual = JSON.parse(r.stdout) as PlotsJson;
  assert.deepEqual(actual.data, expected.data);
});
