// The run's task definition: every request field that changes a run survives the round trip through the
// definition, and two different requests never share a task id as VS Code computes it (the type plus the
// properties package.json declares), or one run's callback could start the other (task-definition.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { definitionOf, requestOf, TASK_TYPE } from '../../src/extension/runner/task-definition';
import type { RunRequest } from '../../src/extension/runner/run-terminal';

const declared: string[] = (() => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const def = pkg.contributes.taskDefinitions.find((d: { type: string }) => d.type === TASK_TYPE);
  return Object.keys(def.properties);
})();

/** The task's identity as VS Code keys it: the type and the declared properties that are set, sorted. */
function taskKey(def: Record<string, unknown>): string {
  const kept = Object.fromEntries(
    declared
      .filter((p) => def[p] !== undefined && def[p] !== null)
      .sort()
      .map((p) => [p, def[p]]),
  );
  return JSON.stringify({ type: def.type, ...kept });
}

const FOLDER = '/work/project';
const plain: RunRequest = { targets: [], downstream: false, single: false, force: false, folder: FOLDER };
const variants: RunRequest[] = [
  plain,
  { ...plain, targets: ['train'] },
  { ...plain, targets: ['train', 'sub/dvc.yaml:eval'] },
  { ...plain, targets: ['train'], downstream: true },
  { ...plain, targets: ['train'], single: true },
  { ...plain, force: true },
  { ...plain, asExperiment: true },
  { ...plain, targets: ['train'], force: true, asExperiment: true },
];

test('a request comes back whole from its definition', () => {
  for (const request of variants)
    assert.deepEqual(requestOf(definitionOf(request), FOLDER), { asExperiment: false, ...request });
});

test('different requests make different task ids; equal ones the same', () => {
  const keys = variants.map((r) => taskKey({ ...definitionOf(r) }));
  assert.equal(new Set(keys).size, variants.length, keys.join('\n'));
  assert.equal(taskKey({ ...definitionOf({ ...plain }) }), keys[0]);
});

test('a run that is not an experiment keeps the id it had before experiments existed', () => {
  assert.equal('experiment' in definitionOf(plain), false);
});

test('a hand-written tasks.json entry: missing or mistyped fields mean their defaults', () => {
  assert.deepEqual(requestOf({ type: TASK_TYPE }, FOLDER), { ...plain, asExperiment: false });
  assert.deepEqual(
    requestOf({ type: TASK_TYPE, stages: ['a', 3, null], force: 'yes', experiment: 1, single: true }, FOLDER),
    { ...plain, targets: ['a'], single: true, asExperiment: false },
  );
});
