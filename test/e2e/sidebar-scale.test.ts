// The Experiments and Models views at the scale the issue names (test/support/sidebar-scale.ts): 50 experiments
// over 10 baseline commits and 30 model versions of three models, in real VS Code (code-server). The groups read as
// a list with counts — only the first open — the experiments sit under their baseline, and each model's versions
// come newest first with their stages.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch } from './harness';
import { SCALE, sidebarScaleProject } from '../support/sidebar-scale';
import { eventually, type Workbench } from './workbench';

let vs: Workbench;
let project: string;
before(async () => {
  project = await sidebarScaleProject();
  // The harness commits what it copies: the README is that commit (a new HEAD without experiments of its own).
  vs = await launch({ name: 'sidebar-scale', project, files: { 'README.md': '# scale\n' } });
});
after(async () => {
  await vs?.close();
  rmSync(project, { recursive: true, force: true });
});

test('Experiments: ten baselines with their counts, the first open on its five experiments', async () => {
  await vs.waitForActivation();
  await vs.showActivity('MLOps');
  // The side bar's height for the one view looked at, as a reader with fifteen rows to see would arrange it.
  await vs.setViewOpen('Pipeline', false);
  await vs.setViewOpen('Models', false);
  await vs.setViewOpen('Alerts', false);
  const rows = await eventually('ten baseline rows and the first one’s experiments', async () => {
    const all = await vs.treeRows('Experiments');
    return all.filter((r) => /baseline \d+: lr/.test(r)).length === SCALE.baselines &&
      all.filter((r) => r.startsWith('Experiment exp-')).length === SCALE.perBaseline
      ? all
      : undefined;
  });
  await vs.shot('1-experiments-view');
  const experiments = rows.filter((r) => r.startsWith('Experiment exp-'));
  // Baselines newest first; the newest one open, its experiments under it, newest first.
  const baselines = rows.filter((r) => /baseline \d+: lr/.test(r)).map((r) => Number(/baseline (\d+):/.exec(r)?.[1]));
  assert.deepEqual(baselines, [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  assert.deepEqual(
    experiments.map((r) => /^Experiment (exp-\d+-\d+),/.exec(r)?.[1]),
    ['exp-12-5', 'exp-12-4', 'exp-12-3', 'exp-12-2', 'exp-12-1'],
  );
  assert.equal(rows.indexOf(experiments[0] as string), 1, 'the experiments right under their baseline');
  assert.match(rows[6] ?? '', /baseline 11: lr/, 'the next baseline after them, folded (no other experiment is shown)');
  assert.match(experiments[0] as string, /accuracy/, `a row shows its metrics: ${experiments[0]}`);
});

test('Models: three models, the first open with its twelve versions newest first and their stages', async () => {
  await vs.setViewOpen('Experiments', false);
  await vs.setViewOpen('Models', true);
  const rows = await eventually('the three models and clf’s versions', async () => {
    const all = await vs.treeRows('Models');
    return all.some((r) => r.startsWith('ranker')) && all.filter((r) => /^v1\.\d+\.0/.test(r)).length === 12
      ? all
      : undefined;
  });
  await vs.page.mouse.move(1100, 52);
  await vs.shot('2-models-view');
  const versions = rows.filter((r) => /^v1\.\d+\.0/.test(r)).map((r) => r.split(/[\s,]/)[0]);
  assert.deepEqual(
    versions,
    Array.from({ length: SCALE.versions.clf }, (_, i) => `v1.${SCALE.versions.clf - 1 - i}.0`),
  );
  assert.match(rows.find((r) => r.startsWith('v1.11.0')) ?? '', /prod/);
  assert.match(rows.find((r) => r.startsWith('v1.10.0')) ?? '', /staging/);
  assert.deepEqual(
    rows.filter((r) => /^(clf|embed|ranker)\b/.test(r)).map((r) => r.split(/[\s,]/)[0]),
    ['clf', 'embed', 'ranker'],
  );
});
