// Issue 8, step 1: a mistake in dvc.yaml shows in the Problems panel with our code and line; fixing it clears it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXAMPLE, launch } from './harness';
import { eventually, type Workbench } from './workbench';

// A key DVC does not know, inside the train stage: the server must flag it as `unknown-key` on that line.
const original = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8');
const anchor = '    cmd: python3 src/train.py\n';
assert.ok(original.includes(anchor), `the example's train stage changed: update this test's anchor line`);
const broken = original.replace(anchor, `${anchor}    colour: blue\n`);
const badLine = broken.split('\n').indexOf('    colour: blue') + 1;

let vs: Workbench;
before(async () => {
  vs = await launch({ name: 'diagnostics', files: { 'dvc.yaml': broken } });
});
after(async () => {
  await vs?.close();
});

test('an unknown key in dvc.yaml is reported on its line, and disappears once the line is deleted', async () => {
  await vs.openFile('dvc.yaml');
  const problems = await vs.waitForProblems('unknown-key in dvc.yaml', (list) =>
    list.some((p) => p.file === 'dvc.yaml' && p.source === 'mlops' && p.code === 'unknown-key'),
  );
  await vs.shot('1-problem-shown');
  const ours = problems.filter((p) => p.file === 'dvc.yaml' && p.source === 'mlops');
  assert.deepEqual(
    ours.map((p) => [p.code, p.line, p.column]),
    [['unknown-key', badLine, 5]],
    `only the unknown key is reported, at line ${badLine}, column 5`,
  );
  assert.match(ours[0]?.message ?? '', /colour/);

  await vs.deleteLine(badLine);
  await vs.waitForProblems(
    'no mlops problem left in dvc.yaml',
    (list) => !list.some((p) => p.file === 'dvc.yaml' && p.source === 'mlops'),
  );
  await vs.save();
  await vs.shot('2-problem-fixed');
});

test('a dvc.lock that does not parse: the Pipeline view says why no status shows, and the stages return once it is gone', async () => {
  await vs.waitForActivation();
  await vs.showActivity('MLOps');
  writeFileSync(join(vs.folder, 'dvc.lock'), 'stages: [1, 2\n');
  const problem = await eventually('the status problem in the Pipeline view', async () =>
    (await vs.treeRows('Pipeline')).find((row) => row.startsWith('Status unavailable')),
  );
  assert.match(problem, /dvc\.lock/, 'the row names the file');
  await vs.shot('3-status-unavailable');
  rmSync(join(vs.folder, 'dvc.lock'));
  const stages = await eventually('the three stages back', async () => {
    const rows = await vs.treeRows('Pipeline');
    return rows.length === 3 && !rows.some((r) => r.startsWith('Status unavailable')) ? rows : undefined;
  });
  assert.deepEqual(
    stages.map((r) => r.split(' ')[0]),
    ['prepare', 'train', 'evaluate'],
  );
});
