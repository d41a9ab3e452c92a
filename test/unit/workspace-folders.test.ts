// The workspace model in a two-folder (multi-root) window: each folder's pipelines, status and experiment gates are
// its own, a change is routed to the folder that holds the file (the deepest, when folders nest), and forgetting one folder's
// pipelines leaves the other's loaded. Real folders on disk, the real loader and status (no VS Code needed).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FolderModels } from '../../src/extension/workspace/folder-models';

function folder(parent: string, name: string, stage: string): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'input.txt'), `${name}\n`);
  writeFileSync(
    join(dir, 'dvc.yaml'),
    `stages:\n  ${stage}:\n    cmd: cp input.txt out.txt\n    deps: [input.txt]\n    outs: [out.txt]\n`,
  );
  return dir;
}

test('two workspace folders: pipelines, status and changes each in their own folder', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'mlops-multiroot-'));
  const a = folder(parent, 'a', 'prepare');
  const b = folder(parent, 'b', 'train');
  const models = new FolderModels(() => [a, b]);

  assert.deepEqual([...models.pipelines(a).nodes.keys()], ['prepare']);
  assert.deepEqual([...models.pipelines(b).nodes.keys()], ['train']);

  const fired: string[] = [];
  await Promise.all([a, b].map((f) => models.computeStatus(f, (done) => fired.push(done))));
  assert.deepEqual(fired.sort(), [a, b]);
  const statusA = models.status(a);
  const statusB = models.status(b);
  assert.ok(statusA?.ok && statusB?.ok, 'both folders have a status');
  assert.deepEqual([...statusA.byId.keys()], ['prepare']);
  assert.deepEqual([...statusB.byId.keys()], ['train']);

  assert.deepEqual(models.change(join(b, 'dvc.yaml')), { folder: b, kind: 'pipelines' });
  assert.deepEqual(models.change(join(a, 'input.txt')), { folder: a, kind: 'data' });
  assert.deepEqual(models.change(join(b, '.mlops', 'index.jsonl')), { folder: b, kind: 'runs' });
  assert.equal(models.change(join(parent, 'elsewhere.txt')), undefined, 'outside every folder: nothing');

  // A change in b reloads b only: a keeps the very object it had.
  const loadedA = models.pipelines(a);
  writeFileSync(join(b, 'dvc.yaml'), 'stages:\n  evaluate:\n    cmd: cat input.txt\n    deps: [input.txt]\n');
  models.forgetPipelines(b);
  assert.deepEqual([...models.pipelines(b).nodes.keys()], ['evaluate']);
  assert.equal(models.pipelines(a), loadedA);
});

test('nested workspace folders: a file belongs to the deepest folder that holds it', () => {
  const parent = mkdtempSync(join(tmpdir(), 'mlops-multiroot-nested-'));
  const outer = folder(parent, 'outer', 'one');
  const inner = folder(outer, 'inner', 'two');
  const models = new FolderModels(() => [outer, inner]);
  assert.equal(models.folderOf(join(inner, 'dvc.yaml')), inner);
  assert.equal(models.folderOf(join(outer, 'dvc.yaml')), outer);
  assert.equal(
    models.folderOf(join(parent, 'outer-not', 'dvc.yaml')),
    undefined,
    'a sibling with a common prefix is outside',
  );
});

test('experiment gates: computed once from the folder’s rows, again after their baselines move or the rows change', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-folder-gates-'));
  const asked: number[] = [];
  const models = new FolderModels(
    () => [folder],
    () => undefined,
    undefined,
    async (f, rows) => {
      asked.push(rows.length);
      return f === folder ? { [rows[0]!.id]: { verdict: 'pass', label: '✓', tooltip: '' } } : {};
    },
  );
  const first = await models.gates(folder);
  assert.deepEqual(Object.keys(first), ['workspace']);
  await models.gates(folder);
  assert.equal(asked.length, 1, 'one computation however many ask');
  models.forgetGates(folder);
  await models.gates(folder);
  models.forgetExperiments(folder);
  await models.gates(folder);
  // The folder is outside git: its rows are the working copy alone, read again after forgetExperiments.
  assert.deepEqual(asked, [1, 1, 1]);
});
