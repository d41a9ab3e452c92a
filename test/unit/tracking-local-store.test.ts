import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore, type LocalStore } from '../../src/core/tracking/local/store';
import { TrackingError } from '../../src/core/tracking/errors';
import type { Run } from '../../src/core/tracking/types';

function freshStore(): { dir: string; store: LocalStore } {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlops-store-')), '.mlops');
  return { dir, store: openLocalStore(dir) };
}

async function newRun(store: LocalStore, name = 'r'): Promise<Run> {
  const exp = (await store.getExperimentByName('default')) ?? (await store.createExperiment('default'));
  return store.createRun({ experimentId: exp.id, name, git: { commit: 'c0ffee', branch: 'main', dirty: true } });
}

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (err: unknown) => err instanceof TrackingError && err.code === code);

test('an unused store creates no files; the first write creates it with a .gitignore that ignores everything', async () => {
  const { dir, store } = freshStore();
  assert.deepEqual((await store.searchRuns({})).items, []);
  assert.deepEqual(await store.listExperiments(), []);
  assert.equal(fs.existsSync(dir), false);
  await store.createExperiment('default');
  assert.equal(fs.readFileSync(join(dir, '.gitignore'), 'utf8'), '*\n');
  assert.deepEqual(JSON.parse(fs.readFileSync(join(dir, 'format.json'), 'utf8')), {
    format: 'mlops-tracking-store',
    version: 1,
  });
});

test('experiments: create, list, get by name; a taken name is refused', async () => {
  const { store } = freshStore();
  const a = await store.createExperiment('alpha');
  const b = await store.createExperiment('beta');
  assert.deepEqual(
    (await store.listExperiments()).map((e) => e.name),
    ['alpha', 'beta'],
  );
  assert.equal((await store.getExperimentByName('beta'))?.id, b.id);
  assert.notEqual(a.id, b.id);
  assert.equal(await store.getExperimentByName('gamma'), undefined);
  await rejectsWith(store.createExperiment('alpha'), 'already-exists');
  await rejectsWith(store.createExperiment('  '), 'invalid-argument');
});

test('a run records status, params, metrics, tags, outputs, stages and git, as runs show needs them', async () => {
  const { store } = freshStore();
  const run = await newRun(store, 'baseline <script>');
  assert.equal(run.status, 'RUNNING');
  assert.equal(run.endTime, null);
  assert.equal(run.experiment, 'default');
  assert.match(run.id, /^[0-9a-f]{32}$/);
  await store.logParams(run.id, { lr: '0.1', bs: '32' });
  await store.logParams(run.id, { lr: '0.1' }); // same value again: fine
  await rejectsWith(store.logParams(run.id, { lr: '0.2' }), 'conflict');
  await store.setTags(run.id, { team: 'a' });
  await store.setTags(run.id, { team: 'b' });
  await store.logMetrics(run.id, [
    { key: 'loss', value: 0.9, step: 0, timestamp: 10 },
    { key: 'loss', value: 0.4, step: 2, timestamp: 30 },
    { key: 'loss', value: 0.5, step: 1, timestamp: 40 }, // logged later, but an earlier step: not the latest
    { key: 'acc', value: NaN, step: 0, timestamp: 10 },
  ]);
  await store.recordStage(run.id, {
    name: 'train',
    status: 'RUNNING',
    startTime: 100,
    endTime: null,
    durationMs: null,
  });
  await store.recordStage(run.id, {
    name: 'train',
    status: 'FINISHED',
    startTime: 100,
    endTime: 150,
    durationMs: 50,
    exitCode: 0,
  });
  await store.recordStage(run.id, { name: 'eval', status: 'SKIPPED', startTime: 150, endTime: 150, durationMs: 0 });
  await store.recordOutputs(run.id, [{ path: 'model.pkl', md5: 'aaa', size: 3, stage: 'train' }]);
  await store.recordOutputs(run.id, [{ path: 'model.pkl', md5: 'bbb', size: 4, stage: 'train' }]);
  await store.updateRun(run.id, { status: 'FAILED', endTime: 200 });

  const got = await store.getRun(run.id);
  assert.equal(got?.id, run.id);
  assert.equal(got.name, 'baseline <script>');
  assert.equal(got.status, 'FAILED');
  assert.equal(got.endTime, 200);
  assert.deepEqual(got.params, { lr: '0.1', bs: '32' });
  assert.deepEqual(got.tags, { team: 'b' });
  assert.equal(got.metrics.loss, 0.4);
  assert.ok(Number.isNaN(got.metrics.acc));
  assert.deepEqual(got.git, { commit: 'c0ffee', branch: 'main', dirty: true });
  assert.deepEqual(
    got.stages.map((s) => [s.name, s.status, s.durationMs]),
    [
      ['train', 'FINISHED', 50],
      ['eval', 'SKIPPED', 0],
    ],
  );
  assert.deepEqual(got.outputs, [{ path: 'model.pkl', md5: 'bbb', size: 4, stage: 'train' }]);

  const listed = (await store.searchRuns({})).items;
  assert.equal(listed.length, 1);
  const { outputs: _o, stages: _s, ...summary } = got;
  assert.deepEqual(listed[0], summary);
});

test('bad input gets a clear error and writes nothing', async () => {
  const { store } = freshStore();
  const run = await newRun(store);
  await rejectsWith(store.logMetrics(run.id, [{ key: 'loss', value: 1, step: 1.5, timestamp: 1 }]), 'invalid-argument');
  await rejectsWith(store.logMetrics(run.id, [{ key: '', value: 1, step: 1, timestamp: 1 }]), 'invalid-argument');
  await rejectsWith(store.updateRun(run.id, { status: 'FINISHED', endTime: Number.NaN }), 'invalid-argument');
  await rejectsWith(store.logMetrics('0'.repeat(32), [{ key: 'x', value: 1, step: 0, timestamp: 0 }]), 'not-found');
  await rejectsWith(store.setTags('../../etc', { a: 'b' }), 'not-found');
  await rejectsWith(store.createRun({ experimentId: 'nope', name: 'x' }), 'not-found');
  assert.equal(await store.getRun('../x'), undefined);
  assert.deepEqual((await store.getRun(run.id))?.metrics, {});
});

test('metric history comes back in logged order, a page at a time, with NaN intact', async () => {
  const { store } = freshStore();
  const run = await newRun(store);
  const points = Array.from({ length: 25 }, (_, i) => ({
    key: 'loss',
    value: i === 7 ? NaN : 1 / (i + 1),
    step: i,
    timestamp: 1000 + i,
  }));
  await store.logMetrics(run.id, points.slice(0, 10));
  await store.logMetrics(run.id, [{ key: 'train/loss', value: 5, step: 0, timestamp: 0 }]);
  await store.logMetrics(run.id, points.slice(10));
  const seen: { step: number; value: number; timestamp: number }[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await store.getMetricHistory(run.id, 'loss', { pageSize: 10, pageToken: token });
    seen.push(...page.items);
    token = page.nextPageToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(
    seen,
    points.map(({ key: _k, ...p }) => p),
  );
  assert.deepEqual((await store.getMetricHistory(run.id, 'train/loss')).items, [{ step: 0, value: 5, timestamp: 0 }]);
  assert.deepEqual((await store.getMetricHistory(run.id, 'nothing')).items, []);
  await rejectsWith(store.getMetricHistory(run.id, 'loss', { pageToken: 'garbage' }), 'invalid-argument');
});

test('delete is a tombstone: the run leaves the list, keeps its data, and comes back on restore', async () => {
  const { store } = freshStore();
  const keep = await newRun(store, 'keep');
  const gone = await newRun(store, 'gone');
  await store.logMetrics(gone.id, [{ key: 'acc', value: 0.7, step: 0, timestamp: 1 }]);
  await store.deleteRun(gone.id);
  assert.deepEqual(
    (await store.searchRuns({})).items.map((r) => r.name),
    ['keep'],
  );
  assert.deepEqual(
    (await store.searchRuns({ lifecycle: 'deleted' })).items.map((r) => r.name),
    ['gone'],
  );
  assert.equal((await store.searchRuns({ lifecycle: 'all' })).items.length, 2);
  assert.equal((await store.getRun(gone.id))?.lifecycle, 'deleted');
  await store.restoreRun(gone.id);
  const back = (await store.searchRuns({})).items.find((r) => r.id === gone.id);
  assert.equal(back?.metrics.acc, 0.7);
  assert.deepEqual((await store.searchRuns({})).items.map((r) => r.id).sort(), [keep.id, gone.id].sort());
});

test('stage logs append and read incrementally by offset', async () => {
  const { store } = freshStore();
  const run = await newRun(store);
  await store.appendStageLog(run.id, 'train@lr0.1', 'epoch 1\n');
  const first = await store.readStageLog(run.id, 'train@lr0.1');
  assert.equal(first.text, 'epoch 1\n');
  await store.appendStageLog(run.id, 'train@lr0.1', 'épоch 2 ✓\n');
  const next = await store.readStageLog(run.id, 'train@lr0.1', first.nextOffset);
  assert.equal(next.text, 'épоch 2 ✓\n');
  assert.deepEqual(await store.readStageLog(run.id, 'other'), { text: '', nextOffset: 0 });
});

test('torn lines from a killed writer are skipped and do not swallow later records', async () => {
  const { dir, store } = freshStore();
  const run = await newRun(store);
  await store.logMetrics(run.id, [{ key: 'loss', value: 1, step: 0, timestamp: 1 }]);
  // What a writer killed in the middle of its write() leaves: half a line, no newline.
  fs.appendFileSync(join(dir, 'runs', run.id, 'log.jsonl'), '{"t":"m","k":"loss","v":0.');
  assert.equal((await store.getRun(run.id))?.metrics.loss, 1);
  await store.logMetrics(run.id, [{ key: 'loss', value: 0.25, step: 5, timestamp: 2 }]);
  await store.updateRun(run.id, { status: 'KILLED', endTime: 3 });
  const got = await store.getRun(run.id);
  assert.equal(got?.metrics.loss, 0.25);
  assert.equal(got?.status, 'KILLED');
  assert.deepEqual(
    (await store.getMetricHistory(run.id, 'loss')).items.map((p) => p.value),
    [1, 0.25],
  );
});

test('a record caught half-written by a reader is read whole once its writer finishes it (summary and index)', async () => {
  const { dir, store } = freshStore();
  const run = await newRun(store);
  await store.logMetrics(run.id, [{ key: 'loss', value: 1, step: 0, timestamp: 1 }]);
  const log = join(dir, 'runs', run.id, 'log.jsonl');
  const before = fs.statSync(log).size;
  await store.logMetrics(run.id, [{ key: 'loss', value: 0.5, step: 1, timestamp: 2 }]);
  // What a reader sees while that write is under way: the new bytes up to the middle of the record.
  const written = fs.readFileSync(log).subarray(before);
  fs.truncateSync(log, before);
  const cut = written.indexOf('"v"');
  assert.ok(cut > 0, written.toString());
  fs.appendFileSync(log, written.subarray(0, cut));
  const reader = openLocalStore(dir);
  assert.equal((await reader.getRun(run.id))?.metrics.loss, 1);
  assert.equal((await reader.searchRuns({})).items[0]?.metrics.loss, 1);
  fs.appendFileSync(log, written.subarray(cut));
  assert.equal((await reader.getRun(run.id))?.metrics.loss, 0.5);
  assert.equal((await reader.searchRuns({})).items[0]?.metrics.loss, 0.5, 'the index, which remembers its offset');
  assert.deepEqual(
    (await reader.getMetricHistory(run.id, 'loss')).items.map((p) => p.value),
    [1, 0.5],
  );
});

test('the index stays right across store instances (other processes) and rebuilds to the same answer', async () => {
  const { dir, store } = freshStore();
  const a = await newRun(store, 'a');
  assert.equal((await store.searchRuns({})).items.length, 1); // index written
  const other = openLocalStore(dir); // as another process would
  const b = await newRun(other, 'b');
  await other.logMetrics(a.id, [{ key: 'acc', value: 0.5, step: 0, timestamp: 1 }]);
  await other.setTags(b.id, { k: 'v' });
  const listed = (await store.searchRuns({})).items;
  assert.deepEqual(listed.map((r) => r.name).sort(), ['a', 'b']);
  assert.equal(listed.find((r) => r.id === a.id)?.metrics.acc, 0.5);
  assert.deepEqual(listed.find((r) => r.id === b.id)?.tags, { k: 'v' });
  // A damaged index is a cache miss, not an error.
  fs.writeFileSync(join(dir, 'index.jsonl'), '{"format":2,"runsDir":');
  assert.deepEqual((await openLocalStore(dir).searchRuns({})).items, listed);
  await store.rebuildIndex();
  assert.deepEqual((await store.searchRuns({})).items, listed);
});

test('a store written by an unknown format version is refused with a clear message', () => {
  const { dir } = freshStore();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(join(dir, 'format.json'), '{"format":"mlops-tracking-store","version":99}');
  assert.throws(() => openLocalStore(dir), /version.*99.*update the extension/s);
});
