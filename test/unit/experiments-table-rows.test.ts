// The experiments table's rows: the working copy first, baselines (HEAD first) with their experiments under
// them, queue entries merged with the committed experiments they became, changed deps against the baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueEntry } from '../../src/core/experiments/queue-store';
import { tableRows, type TableInputs } from '../../src/core/experiments/table-rows';
import type { RevisionValues } from '../../src/core/experiments/values';
import { baselineGroups, experimentDescription } from '../../src/extension/sidebar/baseline-groups';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const values = (lr: string, acc?: number, dataHash = 'h1'): RevisionValues => ({
  params: { 'train.lr': lr, 'train.epochs': '10' },
  metrics: acc === undefined ? {} : { accuracy: acc },
  deps: { 'data/train.csv': dataHash, 'src/train.py': 's1' },
});

function entry(name: string, status: QueueEntry['status'], extra: Partial<QueueEntry> = {}): QueueEntry {
  return {
    task: {
      id: `id-${name}`,
      exp: { baseline: A, name },
      snapshot: 'c'.repeat(40),
      gitRoot: '/r',
      dvcRoot: '/r',
      changes: [{ file: 'params.yaml', key: 'train.lr', op: 'change', value: 0.5 }],
      targets: [],
    },
    status,
    created: 2000,
    ...extra,
  };
}

const inputs: TableInputs = {
  workspace: values('0.1', 0.7),
  head: A,
  baselines: [
    { commit: B, subject: 'newer, not HEAD', created: 3000, values: values('0.1') },
    { commit: A, subject: 'base', created: 1000, values: values('0.1', 0.7) },
  ],
  committed: [
    {
      name: 'done',
      ref: `refs/exps/aa/${A.slice(2)}/done`,
      baseline: A,
      commit: 'd'.repeat(40),
      created: 1500,
      params: { 'train.lr': '0.2', 'train.epochs': '10' },
      metrics: { accuracy: 0.9 },
      run: 'run1',
      source: 'mlops',
      deps: { 'data/train.csv': 'h2', 'src/train.py': 's1', 'new.csv': 'n' },
    },
  ],
  queue: [
    entry('done', 'SUCCESS', { executor: { kind: 'ray', jobId: 'mlops-1', address: 'http://127.0.0.1:8265' } }),
    entry('waiting', 'QUEUED'),
    entry('broken', 'FAILED', { message: 'its worker was killed by SIGKILL' }),
    entry('removed', 'SUCCESS'),
  ],
};

test('rows: working copy, HEAD baseline with its experiments (newest first), then other baselines', () => {
  const rows = tableRows(inputs);
  assert.deepEqual(
    rows.map((r) => `${r.kind}:${r.name}:${r.status}`),
    [
      'workspace:workspace:workspace',
      `baseline:${A.slice(0, 7)}:baseline`,
      'experiment:waiting:queued',
      'experiment:broken:failed',
      'experiment:done:success',
      `baseline:${B.slice(0, 7)}:baseline`,
    ],
  );
  const done = rows.find((r) => r.name === 'done');
  assert.ok(done?.kind === 'experiment');
  assert.deepEqual(done.executor, { kind: 'ray', jobId: 'mlops-1', address: 'http://127.0.0.1:8265' });
  assert.equal(done.queueId, 'id-done');
  assert.deepEqual(done.changedDeps, ['data/train.csv'], 'only deps both revisions recorded, with different hashes');
  const waiting = rows.find((r) => r.name === 'waiting');
  assert.ok(waiting?.kind === 'experiment');
  assert.deepEqual(waiting.params, { 'train.lr': '0.5', 'train.epochs': '10' }, "baseline's params with its change");
  assert.deepEqual(waiting.executor, { kind: 'local' });
});

test('the sidebar groups experiments under baselines that have any, and says why one failed', () => {
  const groups = baselineGroups(tableRows(inputs));
  assert.deepEqual(
    groups.map((g) => [g.baseline.commit, g.experiments.map((e) => e.name)]),
    [[A, ['waiting', 'broken', 'done']]],
  );
  const [waiting, broken, done] = groups[0]?.experiments ?? [];
  assert.ok(waiting && broken && done);
  assert.equal(experimentDescription(broken, [], 2000), 'failed: its worker was killed by SIGKILL');
  assert.equal(experimentDescription(waiting, [], 2000), 'queued');
  assert.match(experimentDescription(done, ['accuracy'], 2000), /^accuracy=0\.9 /);
});

test('a running experiment shows the latest metrics its run received; a queued one none yet', () => {
  const rows = tableRows({
    ...inputs,
    queue: [entry('live', 'RUNNING', { pid: 1, metrics: { train_loss: 0.42 } }), entry('waiting', 'QUEUED')],
  });
  const live = rows.find((r) => r.name === 'live');
  assert.deepEqual([live?.status, live?.metrics], ['running', { train_loss: 0.42 }]);
  assert.deepEqual(rows.find((r) => r.name === 'waiting')?.metrics, {});
});
