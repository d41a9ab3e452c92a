// Four processes append 10k metric points each to one run at the same time, while listing (and so
// rewriting the index) now and then: exactly 40k points come back, none lost, none torn, none doubled.
// Meanwhile this process reads as a reader does (history, run, list) until they exit: every read is a
// consistent view, each writer's points a growing prefix of its own, never a torn or foreign value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';

const WRITER = join(__dirname, '../support/tracking-writer.ts');
const PROCS = 4;
const N = 10_000;

test('4 processes × 10k appends to one run: exactly 40k points, none torn, index right', {
  timeout: 300_000,
}, async () => {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-concurrent-')), '.mlops');
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('concurrent');
  const run = await store.createRun({ experimentId: exp.id, name: 'shared' });

  const children = Array.from({ length: PROCS }, (_, p) =>
    spawn(process.execPath, ['--import', 'tsx', WRITER, dir, 'append', run.id, String(p), String(N)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  const exited = Promise.all(children.map(async (c) => (await once(c, 'exit'))[0] as number));
  let writing = true;
  void exited.finally(() => (writing = false));
  // Reads while the writers write: each writer's points seen so far are 0..k-1 in its order, and never fewer
  // than at the read before (a reader may see a write late, never lose it).
  const seen = Array<number>(PROCS).fill(0);
  let reads = 0;
  while (writing) {
    const history = (await store.getMetricHistory(run.id, 'm', { pageSize: 1_000_000 })).items;
    const got = await store.getRun(run.id);
    const listed = (await store.searchRuns({})).items.find((r) => r.id === run.id);
    for (let p = 0; p < PROCS; p++) {
      const mine = history.filter((h) => Math.floor(h.value / 1e6) === p).map((h) => h.value - p * 1e6);
      assert.deepEqual(
        mine,
        mine.map((_, i) => i),
        `read ${reads}: writer ${p}'s points are a prefix of its own`,
      );
      assert.ok(mine.length >= seen[p]!, `read ${reads}: writer ${p} had ${seen[p]} points, now ${mine.length}`);
      seen[p] = mine.length;
    }
    assert.equal(
      history.length,
      seen.reduce((a, b) => a + b),
      `read ${reads}: only the writers' points`,
    );
    for (const latest of [got?.metrics.m, listed?.metrics.m]) {
      if (latest !== undefined) assert.ok(latest % 1e6 < N && Number.isInteger(latest), `latest ${latest}`);
    }
    reads++;
  }
  assert.deepEqual(await exited, Array(PROCS).fill(0));

  const raw = fs.readFileSync(join(dir, 'runs', run.id, 'log.jsonl'), 'utf8');
  assert.ok(raw.endsWith('\n'));
  const records = raw
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { t: string });
  assert.equal(records.filter((r) => r.t === 'm').length, PROCS * N, 'every line is a whole record');

  const values: number[] = [];
  let token: string | undefined;
  do {
    const page = await store.getMetricHistory(run.id, 'm', { pageSize: 7_000, pageToken: token });
    values.push(...page.items.map((p) => p.value));
    token = page.nextPageToken;
  } while (token);
  assert.equal(values.length, PROCS * N);
  const expected = Array.from({ length: PROCS * N }, (_, i) => Math.floor(i / N) * 1e6 + (i % N));
  assert.deepEqual(
    [...values].sort((a, b) => a - b),
    expected,
    'each point exactly once',
  );
  for (let p = 0; p < PROCS; p++) {
    const mine = values.filter((v) => Math.floor(v / 1e6) === p);
    assert.deepEqual(
      mine,
      [...mine].sort((a, b) => a - b),
      `process ${p}'s points are in its own order`,
    );
  }

  // The index (written concurrently by four listers) agrees with the log: the latest is a step N-1 point.
  const listed = (await store.searchRuns({})).items[0]!;
  assert.equal(listed.metrics.m! % 1e6, N - 1);
  assert.deepEqual(
    fs.readdirSync(join(dir, 'writers')).filter((m) => !m.includes(`~${process.pid}`)),
    [],
  );
  await store.rebuildIndex();
  assert.deepEqual((await store.searchRuns({})).items[0], listed);
});
