// The queue's status bar text and notifications, the experiments table's host-side filter, and where the queue lives
// (the DVC repository's, whichever of its folders writes or reads it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listQueue, type QueueEntry, type QueueStatus, writeEntry } from '../../src/core/experiments/queue-store';
import { queueCounts, queueNews, queueText } from '../../src/extension/experiments/queue-news';
import { filterRows } from '../../src/extension/panels/experiments-filter';
import { fileTree } from '../support/file-tree';
import { experimentRows } from '../webview/experiment-rows';

const entry = (id: string, status: QueueStatus): QueueEntry => ({
  task: {
    id,
    exp: { baseline: 'a'.repeat(40), name: `exp-${id}` },
    snapshot: 'b'.repeat(40),
    gitRoot: '/r',
    dvcRoot: '/r',
    changes: [],
    targets: [],
  },
  status,
  created: 1,
});

test('the status bar counts running, queued and failed experiments, and hides with nothing to say', () => {
  const q = [
    entry('1', 'RUNNING'),
    entry('2', 'QUEUED'),
    entry('3', 'QUEUED'),
    entry('4', 'FAILED'),
    entry('5', 'SUCCESS'),
  ];
  assert.deepEqual(queueCounts(q), { running: 1, queued: 2, failed: 1, succeeded: 1 });
  assert.equal(queueText(queueCounts(q)), '$(sync~spin) 1 running · 2 queued · 1 failed');
  assert.equal(queueText(queueCounts([entry('5', 'SUCCESS')])), undefined);
});

test('news: an experiment that failed while watched, and the queue emptying with what ended meanwhile', () => {
  const before = new Map<string, QueueStatus>([
    ['1', 'RUNNING'],
    ['2', 'QUEUED'],
    ['3', 'FAILED'],
  ]);
  const tally = { succeeded: 0, failed: 0 };
  const running = queueNews(before, [entry('1', 'SUCCESS'), entry('2', 'RUNNING'), entry('3', 'FAILED')], tally);
  assert.deepEqual(running, [], 'one succeeded, one still running: nothing to announce');
  const news = queueNews(
    new Map([
      ['1', 'SUCCESS'],
      ['2', 'RUNNING'],
    ]),
    [entry('1', 'SUCCESS'), entry('2', 'FAILED')],
    tally,
  );
  assert.equal(news.length, 2);
  assert.equal(news[0]?.kind === 'failed' && news[0].entry.task.id, '2');
  assert.deepEqual(
    news[1],
    { kind: 'emptied', succeeded: 1, failed: 1 },
    'every experiment that ended since it last emptied',
  );
  assert.deepEqual(tally, { succeeded: 0, failed: 0 }, 'counting starts again');
});

test('the table filter speaks the Experiments view language: bare metric keys, params, names, and errors', () => {
  const rows = experimentRows(20);
  const high = filterRows(rows, 'accuracy > 0.8');
  assert.ok(high.visible);
  const expected = rows.filter((r) => (r.metrics.accuracy ?? 0) > 0.8).map((r) => r.id);
  assert.ok(expected.length > 0);
  assert.deepEqual(high.visible, expected);
  const byParam = filterRows(rows, "params.train.epochs = '12'");
  assert.deepEqual(
    byParam.visible,
    rows.filter((r) => r.params['train.epochs'] === '12').map((r) => r.id),
  );
  assert.deepEqual(filterRows(rows, 'exp-00007').visible, [rows.find((r) => r.name === 'exp-00007')?.id]);
  assert.equal(filterRows(rows, '').visible, null);
  assert.match(filterRows(rows, 'accuracy > ').error ?? '', /accuracy/);
});

test("the queue is the DVC repository's: written from a subfolder, listed from the root and the subfolder alike", () => {
  const root = fileTree('mlops-queue-repo-', { '.dvc/config': '', 'sub/dvc.yaml': 'stages: {}\n' });
  const sub = join(root, 'sub');
  writeEntry(sub, entry('1', 'QUEUED'));
  assert.deepEqual(
    listQueue(root).map((e) => e.task.id),
    ['1'],
  );
  assert.deepEqual(
    listQueue(sub).map((e) => e.task.id),
    ['1'],
  );
  assert.ok(existsSync(join(root, '.mlops', 'queue', '1.json')));
  assert.equal(existsSync(join(sub, '.mlops')), false);
  // Outside a DVC repository, a folder's queue is its own.
  const plain = fileTree('mlops-queue-plain-', { 'dvc.yaml': 'stages: {}\n' });
  writeEntry(plain, entry('2', 'QUEUED'));
  assert.ok(existsSync(join(plain, '.mlops', 'queue', '2.json')));
});
