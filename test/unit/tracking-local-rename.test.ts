// Renaming a run in the local store: one appended `name` record, folded into summary and index like the
// others — it survives reopening and rebuilding, the index follows it, and a writer appending to the same
// run from another process at the same time loses nothing and drops no rename.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackingError } from '../../src/core/tracking/errors';
import { openLocalStore, type LocalStore } from '../../src/core/tracking/local/store';
import type { Run } from '../../src/core/tracking/types';

const WRITER = join(__dirname, '../support/tracking-writer.ts');

function freshStore(): { dir: string; store: LocalStore } {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-rename-')), '.mlops');
  return { dir, store: openLocalStore(dir) };
}

async function newRun(store: LocalStore, name: string): Promise<Run> {
  const exp = (await store.getExperimentByName('default')) ?? (await store.createExperiment('default'));
  return store.createRun({ experimentId: exp.id, name });
}

const listedNames = async (store: LocalStore) =>
  (await store.searchRuns({ lifecycle: 'all' })).items.map((r) => r.name).sort();

const rejectsWith = (p: Promise<unknown>, code: string, message: RegExp) =>
  assert.rejects(p, (err: unknown) => err instanceof TrackingError && err.code === code && message.test(err.message));

test('a rename shows in getRun, lists and name search, and survives reopening and rebuilt caches', async () => {
  const { dir, store } = freshStore();
  const run = await newRun(store, 'baseline');
  const other = await newRun(store, 'other');
  await store.logMetrics(run.id, [{ key: 'acc', value: 0.5, step: 1, timestamp: 1 }]);
  assert.deepEqual(await listedNames(store), ['baseline', 'other']); // index.jsonl now holds the old name
  await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });

  await store.renameRun(run.id, '  lr 0.1 — warm start  ');
  assert.equal((await store.getRun(run.id))?.name, 'lr 0.1 — warm start', 'stored trimmed');
  assert.deepEqual(await listedNames(store), ['lr 0.1 — warm start', 'other']);
  assert.deepEqual(
    (await store.searchRuns({ filter: { text: 'WARM' } })).items.map((r) => r.id),
    [run.id],
  );
  assert.deepEqual((await store.searchRuns({ filter: { text: 'baseline' } })).items, []);

  const log = fs.readFileSync(join(dir, 'runs', run.id, 'log.jsonl'), 'utf8');
  assert.ok(log.includes('{"t":"name","name":"lr 0.1 — warm start"}'), 'the documented record');

  const reopened = openLocalStore(dir);
  assert.deepEqual(
    await listedNames(reopened),
    ['lr 0.1 — warm start', 'other'],
    'a fresh reader refreshes the stale index entry',
  );
  const summary = (await reopened.getRun(run.id))!;
  assert.equal(summary.status, 'FINISHED');
  assert.equal(summary.metrics.acc, 0.5, 'the rename leaves the rest of the run alone');

  await reopened.renameRun(run.id, 'second name');
  fs.rmSync(join(dir, 'index.jsonl'), { force: true });
  fs.rmSync(join(dir, 'runs', run.id, 'summary.json'), { force: true });
  const rebuilt = openLocalStore(dir);
  await rebuilt.rebuildIndex();
  assert.deepEqual(await listedNames(rebuilt), ['other', 'second name'], 'the last rename wins, from the log alone');
  assert.equal((await store.getRun(other.id))?.name, 'other');
});

test('names that cannot name a run are refused with the reason; so are unknown and deleted runs', async () => {
  const { store } = freshStore();
  const run = await newRun(store, 'keep');
  await rejectsWith(store.renameRun(run.id, '   '), 'invalid-argument', /cannot be empty/);
  await rejectsWith(store.renameRun(run.id, 'two\nlines'), 'invalid-argument', /control .*U\+000A at position 4/);
  await rejectsWith(store.renameRun(run.id, 'tab\there'), 'invalid-argument', /U\+0009/);
  await rejectsWith(store.renameRun(run.id, 'abc\u202Egnp.exe'), 'invalid-argument', /text-direction.*U\+202E/);
  await rejectsWith(store.renameRun(run.id, 'x'.repeat(251)), 'invalid-argument', /at most 250 characters.*251/);
  await store.renameRun(run.id, '😀'.repeat(250)); // 250 characters, 500 UTF-16 units: allowed
  await rejectsWith(store.renameRun('0'.repeat(32), 'new'), 'not-found', /no run '0{32}'/);
  await rejectsWith(store.renameRun('../escape', 'new'), 'not-found', /no run/);

  await store.deleteRun(run.id);
  await rejectsWith(store.renameRun(run.id, 'new'), 'invalid-argument', /deleted: restore it first/);
  await store.restoreRun(run.id);
  await store.renameRun(run.id, 'new');
  assert.equal((await store.getRun(run.id))?.name, 'new');
});

test('renames while another process appends metrics to the same run: every point and the last rename are kept', {
  timeout: 120_000,
}, async () => {
  const { dir, store } = freshStore();
  const run = await newRun(store, 'shared');
  const N = 20_000;
  // The writer lists runs now and then, so it also rewrites index.jsonl while we rename.
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, 'append', run.id, '1', String(N)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const log = join(dir, 'runs', run.id, 'log.jsonl');
  const linesSoFar = () => fs.readFileSync(log, 'utf8').split('\n').length;

  let renamedWhileWriting = 0;
  for (let k = 1; k <= 5; k++) {
    while (linesSoFar() < (k * N) / 6 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    await store.renameRun(run.id, `name ${k}`);
    if (child.exitCode === null) renamedWhileWriting++;
  }
  assert.deepEqual(await exited, [0, null]);
  assert.ok(renamedWhileWriting > 0, 'at least one rename landed while the writer was appending');

  for (const reader of [store, openLocalStore(dir)]) {
    assert.deepEqual(await listedNames(reader), ['name 5']);
    assert.equal((await reader.getRun(run.id))?.name, 'name 5');
    const history = await reader.getMetricHistory(run.id, 'm');
    assert.equal(history.items.length, N);
    assert.deepEqual(
      history.items.map((p) => p.step),
      Array.from({ length: N }, (_, i) => i),
    );
  }
  const records = fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { t: string; name?: string });
  assert.deepEqual(
    records.filter((r) => r.t === 'name').map((r) => r.name),
    ['name 1', 'name 2', 'name 3', 'name 4', 'name 5'],
  );
});
