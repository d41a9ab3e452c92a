// A run id is 32 hex digits and nothing else: an id with anything before or after them (a path, `..`) is refused
// by every method of the local store before it touches a file, so no id can make the store read or write outside
// its folder. And the files a run owns sit where docs/tracking-store.md says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackingError } from '../../src/core/tracking/errors';
import { openLocalStore } from '../../src/core/tracking/local/store';

/** Every file and folder under `dir`, relative to it. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

test('ids with a path before or after the 32 hex digits are refused by every method, and nothing outside is written', async () => {
  const top = fs.mkdtempSync(join(tmpdir(), 'mlops-ids-'));
  const dir = join(top, 'ws', '.mlops');
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('e');
  const run = await store.createRun({ experimentId: exp.id, name: 'r' });
  // The real run's folder, reached through a path: both ends of the id are anchored.
  fs.mkdirSync(join(top, 'elsewhere', 'runs', run.id), { recursive: true });
  fs.writeFileSync(
    join(top, 'elsewhere', 'runs', run.id, 'log.jsonl'),
    fs.readFileSync(join(dir, 'runs', run.id, 'log.jsonl')),
  );
  const outsideBefore = tree(top).filter((p) => !p.startsWith('ws'));
  const bad = [`../../../elsewhere/runs/${run.id}`, `${run.id}/../../../../elsewhere/x`, `${run.id}x`, `x${run.id}`];
  const point = [{ key: 'm', value: 1, step: 0, timestamp: 0 }];
  for (const id of bad) {
    const notFound = (err: unknown) =>
      err instanceof TrackingError && err.code === 'not-found' && err.message.includes(`no run '${id}'`);
    await assert.rejects(store.logMetrics(id, point), notFound, id);
    await assert.rejects(store.setTags(id, { a: 'b' }), notFound, id);
    await assert.rejects(store.logParams(id, { a: 'b' }), notFound, id);
    await assert.rejects(store.updateRun(id, { status: 'FINISHED', endTime: 1 }), notFound, id);
    await assert.rejects(store.renameRun(id, 'n'), notFound, id);
    await assert.rejects(store.deleteRun(id), notFound, id);
    await assert.rejects(store.appendStageLog(id, 'train', 'x'), notFound, id);
    await assert.rejects(store.readStageLog(id, 'train'), notFound, id);
    await assert.rejects(store.getMetricHistory(id, 'm'), notFound, id);
    assert.equal(await store.getRun(id), undefined, id);
  }
  assert.deepEqual(
    tree(top).filter((p) => !p.startsWith('ws')),
    outsideBefore,
  );
  assert.deepEqual(fs.readdirSync(join(dir, 'runs')), [run.id]);
});

test("a run's files: its log, and each stage's output under logs/ with the stage name URL-encoded", async () => {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-ids-')), '.mlops');
  const store = openLocalStore(dir);
  const run = await store.createRun({ experimentId: (await store.createExperiment('e')).id, name: 'r' });
  await store.appendStageLog(run.id, 'train@lr/0.1', 'epoch 1\n');
  assert.deepEqual(tree(join(dir, 'runs', run.id)), ['log.jsonl', 'logs', join('logs', 'train%40lr%2F0.1.log')]);
  assert.equal(fs.readFileSync(join(dir, 'runs', run.id, 'logs', 'train%40lr%2F0.1.log'), 'utf8'), 'epoch 1\n');
});
