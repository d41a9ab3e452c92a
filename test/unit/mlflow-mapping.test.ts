import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MlflowRun } from '../../src/core/tracking/mlflow/entities';
import {
  gitTags,
  outputTag,
  stageTag,
  tagSuffix,
  toFilterString,
  toOrderBy,
  toRun,
  toRunSummary,
} from '../../src/core/tracking/mlflow/mapping';
import { TrackingError } from '../../src/core/tracking/errors';
import { REQUEST_ID_TAG } from '../../src/core/tracking/mlflow/client';

function mlflowRun(over: Partial<MlflowRun['info']>, tags: Record<string, string> = {}): MlflowRun {
  return {
    info: {
      runId: 'r1',
      runName: 'n',
      experimentId: '1',
      userId: '',
      status: 'FINISHED',
      startTime: 10,
      endTime: 20,
      artifactUri: '',
      lifecycleStage: 'active',
      ...over,
    },
    metrics: { acc: { key: 'acc', value: 0.9, timestamp: 5, step: 3 } },
    params: { lr: '0.1' },
    tags,
  };
}

test('git, stages and outputs go into tags and come back; internal tags stay hidden', () => {
  const stage = {
    name: 'train@1',
    status: 'FINISHED' as const,
    startTime: 11,
    endTime: 15,
    durationMs: 4,
    exitCode: 0,
  };
  const first = { name: 'prepare', status: 'RUNNING' as const, startTime: 10, endTime: null, durationMs: null };
  const out = { path: 'models/m.pkl', md5: 'abc', size: 3, stage: 'train@1' };
  const tags = {
    ...gitTags({ commit: 'c0ffee', branch: 'main', dirty: true }),
    ...Object.fromEntries([stageTag(stage), stageTag(first), outputTag(out)]),
    [REQUEST_ID_TAG]: 'x',
    team: 'a',
  };
  const run = toRun(mlflowRun({}, tags), 'exp');
  assert.deepEqual(run.git, { commit: 'c0ffee', branch: 'main', dirty: true });
  assert.deepEqual(run.stages, [first, stage]);
  assert.deepEqual(run.outputs, [out]);
  assert.deepEqual(Object.keys(run.tags).sort(), ['mlflow.source.git.branch', 'mlflow.source.git.commit', 'team']);
  assert.equal(run.experiment, 'exp');
  assert.deepEqual(run.metrics, { acc: 0.9 });
});

test('a detached HEAD has no branch tag; no commit means git null', () => {
  assert.deepEqual(gitTags({ commit: 'c', branch: null, dirty: false }), {
    'mlflow.source.git.commit': 'c',
    'mlops.git.dirty': 'false',
  });
  assert.equal(toRunSummary(mlflowRun({}), 'e').git, null);
});

test('a running run has no end time, whatever MLflow kept; an ended one always has one', () => {
  assert.equal(toRunSummary(mlflowRun({ status: 'RUNNING', endTime: 99 }), 'e').endTime, null);
  assert.equal(toRunSummary(mlflowRun({ status: 'SCHEDULED' }), 'e').status, 'RUNNING');
  assert.equal(toRunSummary(mlflowRun({ status: 'FAILED', endTime: undefined }), 'e').endTime, 10);
});

test('tag keys use the name when MLflow allows it, a hash otherwise', () => {
  assert.equal(tagSuffix('train'), 'train');
  assert.equal(tagSuffix('dir/dvc.yaml'), 'dir/dvc.yaml');
  assert.match(tagSuffix('train@1'), /^h-[0-9a-f]{20}$/);
  assert.notEqual(tagSuffix('train@1'), tagSuffix('train@2'));
  assert.match(tagSuffix('../x'), /^h-/);
});

test('structured filters become MLflow filter strings with quoted keys and escaped values', () => {
  assert.equal(
    toFilterString({
      statuses: ['FINISHED', 'FAILED'],
      text: "bob's",
      conditions: [
        { kind: 'metric', key: 'val acc', op: '>=', value: 0.5 },
        { kind: 'param', key: 'lr', op: '=', value: "0.1'" },
        { kind: 'tag', key: 'mlflow.user', op: '!=', value: 'x' },
      ],
    }),
    "attributes.status != 'RUNNING' and attributes.status != 'KILLED' and attributes.status != 'SCHEDULED' and attributes.run_name ILIKE '%bob\\'s%' and metrics.`val acc` >= 0.5 and params.`lr` = '0.1\\'' and tags.`mlflow.user` != 'x'",
  );
  assert.equal(toFilterString({}), undefined);
  assert.throws(
    () => toFilterString({ conditions: [{ kind: 'metric', key: 'a', op: '>', value: NaN }] }),
    (e: unknown) => e instanceof TrackingError && e.code === 'invalid-argument',
  );
});

test('order by maps attributes and keys', () => {
  assert.deepEqual(
    toOrderBy([
      { field: { kind: 'metric', key: 'acc' }, descending: true },
      { field: { kind: 'attribute', key: 'startTime' }, descending: false },
      { field: { kind: 'param', key: 'lr' }, descending: false },
    ]),
    ['metrics.`acc` DESC', 'attributes.start_time ASC', 'params.`lr` ASC'],
  );
  assert.equal(toOrderBy([]), undefined);
});
