// The Experiments view's data path (experiments-model.ts) against the two real backends: the local store
// and a real `mlflow server`. Same runs, same filter, same sort → the same pages and row texts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { MlflowTrackingStore } from '../../src/core/tracking/mlflow/store';
import type { TrackingStore } from '../../src/core/tracking/types';
import { experimentsWithRuns, loadRunPage, type ViewQuery } from '../../src/extension/sidebar/experiments-model';
import { parseFilterInput } from '../../src/extension/sidebar/filter-input';
import { runDescription } from '../../src/extension/sidebar/run-presentation';
import { parseOrderBy } from '../../src/core/tracking/filter';
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server';

let server: MlflowServer;
before(async () => {
  server = await startMlflowServer();
});
after(async () => {
  await server.stop();
});

const RUNS = 23;

async function seed(store: TrackingStore): Promise<string> {
  const exp = await store.createExperiment(`sidebar-${Math.random().toString(36).slice(2, 8)}`);
  for (let i = 0; i < RUNS; i++) {
    const run = await store.createRun({
      experimentId: exp.id,
      name: `run-${String(i).padStart(2, '0')}`,
      startTime: 1_700_000_000_000 + i * 1000,
    });
    await store.logParams(run.id, { lr: String(0.01 * (i + 1)) });
    await store.logMetrics(run.id, [
      { key: 'accuracy', value: i / RUNS, step: 0, timestamp: 1_700_000_000_000 + i * 1000 },
    ]);
    await store.updateRun(
      run.id,
      i === 5 ? { status: 'FAILED', endTime: 1_700_000_100_000 } : { status: 'FINISHED', endTime: 1_700_000_100_000 },
    );
  }
  return exp.id;
}

function query(filterText: string, orderText: string): ViewQuery {
  return {
    filter: parseFilterInput(filterText).filter ?? {},
    filterText,
    orderBy: orderText ? parseOrderBy(orderText) : [],
    orderText,
  };
}

async function allPages(
  store: TrackingStore,
  experimentId: string,
  q: ViewQuery,
): Promise<{ names: string[]; pages: number }> {
  let page = await loadRunPage(store, experimentId, q, undefined, 10);
  let pages = 1;
  while (page.next) {
    page = await loadRunPage(store, experimentId, q, page, 10);
    pages++;
  }
  return { names: page.runs.map((r) => r.name), pages };
}

for (const backend of ['local', 'mlflow'] as const) {
  test(`${backend}: pages, filter and sort give the rows the view shows`, async () => {
    const store: TrackingStore =
      backend === 'local'
        ? openLocalStore(join(mkdtempSync(join(tmpdir(), 'mlops-sidebar-')), '.mlops'))
        : new MlflowTrackingStore({ trackingUri: server.url });
    const expId = await seed(store);
    const { experiments, hasRuns } = await experimentsWithRuns(store);
    assert.ok(hasRuns);
    assert.ok(experiments.some((e) => e.id === expId));

    const newestFirst = await allPages(store, expId, query('', ''));
    assert.equal(newestFirst.pages, 3, '23 runs in pages of 10');
    assert.equal(newestFirst.names.length, RUNS);
    assert.equal(newestFirst.names[0], 'run-22', 'default order: newest first');

    const good = await allPages(store, expId, query('accuracy > 0.5', 'metrics.accuracy DESC'));
    assert.deepEqual(
      good.names,
      Array.from({ length: 11 }, (_, k) => `run-${22 - k}`),
      'runs 12..22 have accuracy > 0.5, best first',
    );

    const failed = await loadRunPage(store, expId, query("status = 'FAILED'", ''));
    assert.deepEqual(
      failed.runs.map((r) => r.name),
      ['run-05'],
    );

    const first = (await loadRunPage(store, expId, query('run-07', ''))).runs[0];
    assert.ok(first);
    assert.equal(
      runDescription(first, ['accuracy'], first.startTime + 120_000),
      `accuracy=${Number((7 / RUNS).toPrecision(4))}  2 min ago`,
    );
  });
}
