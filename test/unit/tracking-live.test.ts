import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';
import {
  LiveMetricsIngester,
  liveMetricsFile,
  parseLiveMetricLine,
  stageEnv,
  type IngestProblem,
} from '../../src/core/tracking/live';
import { DvcLiveIngester } from '../../src/core/tracking/dvclive';

async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'mlops-live-'));
  const store = openLocalStore(join(root, '.mlops'));
  const exp = await store.createExperiment('default');
  const run = await store.createRun({ experimentId: exp.id, name: 'live' });
  return { root, store, run };
}

test('a stage process gets the run id, its metrics file and the backend variables', async () => {
  const { root, store, run } = await setup();
  const file = liveMetricsFile(join(root, '.mlops'), run.id, 'train@lr 0.1');
  assert.equal(file, join(root, '.mlops', 'live', run.id, 'train%40lr%200.1.jsonl'));
  assert.deepEqual(stageEnv(store, run.id, file), {
    MLOPS_TRACKING_URI: join(root, '.mlops'),
    MLOPS_RUN_ID: run.id,
    MLOPS_METRICS_FILE: file,
  });
});

test('live lines: defaults for step and timestamp, NaN as a string, clear reasons for bad lines', () => {
  assert.deepEqual(parseLiveMetricLine('{"key":"loss","value":0.3}', 99), {
    key: 'loss',
    value: 0.3,
    step: 0,
    timestamp: 99,
  });
  assert.deepEqual(parseLiveMetricLine('{"key":"a","value":"NaN","step":3,"timestamp":5}', 99), {
    key: 'a',
    value: NaN,
    step: 3,
    timestamp: 5,
  });
  assert.match(parseLiveMetricLine('{"key":"loss","value":"0.3"}', 0) as string, /"value" of 'loss' must be a number/);
  assert.match(
    parseLiveMetricLine('{"key":"loss","value":1,"step":1.5}', 0) as string,
    /"step" of 'loss' must be an integer/,
  );
  assert.match(parseLiveMetricLine('{"value":1}', 0) as string, /"key" must be a non-empty string/);
  assert.match(parseLiveMetricLine('loss=1', 0) as string, /not JSON/);
});

test('the ingester tails the file by offset: partial lines wait, bad lines are reported once, nothing is repeated', async () => {
  const { root, store, run } = await setup();
  const file = liveMetricsFile(join(root, '.mlops'), run.id, 'train');
  const problems: IngestProblem[] = [];
  const ing = new LiveMetricsIngester(store, run.id, file, (p) => problems.push(p));
  assert.equal(await ing.poll(), 0); // no file yet
  fs.mkdirSync(join(root, '.mlops', 'live', run.id), { recursive: true });
  fs.appendFileSync(file, '{"key":"loss","value":1,"step":0,"timestamp":1}\n{"key":"loss","val');
  assert.equal(await ing.poll(), 1);
  fs.appendFileSync(
    file,
    'ue":0.5,"step":1,"timestamp":2}\nnot json\n\n{"key":"acc","value":0.8,"step":1,"timestamp":2}\n',
  );
  assert.equal(await ing.poll(), 2);
  assert.equal(await ing.poll(), 0);
  assert.deepEqual(
    problems.map((p) => [p.line, p.message.slice(0, 8)]),
    [[3, 'not JSON']],
  );
  assert.deepEqual(
    (await store.getMetricHistory(run.id, 'loss')).items.map((p) => p.value),
    [1, 0.5],
  );
  assert.equal((await store.getRun(run.id))?.metrics.acc, 0.8);
});

test('DVCLive: .tsv histories with nested names, then metrics.json values that have no plot', async () => {
  const { root, store, run } = await setup();
  const dir = join(root, 'dvclive');
  fs.mkdirSync(join(dir, 'plots', 'metrics', 'train'), { recursive: true });
  fs.writeFileSync(join(dir, 'plots', 'metrics', 'train', 'loss.tsv'), 'step\tloss\n0\t1.0\n1\tnan\n');
  fs.writeFileSync(join(dir, 'plots', 'metrics', 'acc.tsv'), 'timestamp\tstep\tacc\n1700000000000\t0\t0.5\n');
  const ing = new DvcLiveIngester(store, run.id, dir);
  assert.equal(await ing.poll(), 3);
  fs.appendFileSync(join(dir, 'plots', 'metrics', 'train', 'loss.tsv'), '2\t0.25\n3\t0.1'); // last row still being written
  assert.equal(await ing.poll(), 1);
  fs.writeFileSync(
    join(dir, 'metrics.json'),
    '{"train": {"loss": 0.25}, "acc": 0.5, "step": 2, "final": {"f1": NaN}, "auc": 0.7}',
  );
  assert.equal(await ing.finish(), 2);
  const got = await store.getRun(run.id);
  assert.deepEqual(Object.keys(got?.metrics ?? {}).sort(), ['acc', 'auc', 'final/f1', 'train/loss']);
  assert.equal(got?.metrics['train/loss'], 0.25);
  assert.equal(got?.metrics.auc, 0.7);
  assert.ok(Number.isNaN(got?.metrics['final/f1']));
  const loss = (await store.getMetricHistory(run.id, 'train/loss')).items;
  assert.deepEqual(
    loss.map((p) => p.step),
    [0, 1, 2],
  );
  assert.ok(Number.isNaN(loss[1]!.value));
  assert.deepEqual((await store.getMetricHistory(run.id, 'acc')).items, [
    { step: 0, value: 0.5, timestamp: 1700000000000 },
  ]);
  assert.deepEqual(
    (await store.getMetricHistory(run.id, 'auc')).items.map((p) => p.step),
    [2],
  );
});
