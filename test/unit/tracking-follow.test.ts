import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { followRun, readHistory } from '../../src/core/tracking/follow';

test('following a run yields only the points logged since the previous poll', async () => {
  const store = openLocalStore(join(mkdtempSync(join(tmpdir(), 'mlops-follow-')), '.mlops'));
  const exp = await store.createExperiment('e');
  const run = await store.createRun({ experimentId: exp.id, name: 'live' });
  await store.logMetrics(
    run.id,
    [0, 1, 2].map((step) => ({ key: 'loss', value: 1 / (step + 1), step, timestamp: 1000 + step })),
  );
  const follower = followRun(store, run.id, { loss: 1 });
  const first = await follower.poll();
  assert.equal(first.run?.status, 'RUNNING');
  assert.deepEqual(
    first.points.map((p) => p.step),
    [1, 2],
  );
  assert.deepEqual((await follower.poll()).points, []);
  await store.logMetrics(run.id, [
    { key: 'loss', value: 0.1, step: 3, timestamp: 2000 },
    { key: 'acc', value: 0.5, step: 3, timestamp: 2000 },
  ]);
  const next = await follower.poll();
  assert.deepEqual(next.points.map((p) => `${p.key}@${p.step}`).sort(), ['acc@3', 'loss@3']);
  assert.equal((await readHistory(store, run.id, 'loss')).length, 4);
  assert.deepEqual(await followRun(store, 'no-such-run').poll(), { run: undefined, points: [] });
});
