// runs/<id>/summary.json, one run's cached state: believed when it covers the whole log, refolded from when it
// is behind, ignored when it is not a summary of this run in this format, and rewritten only once a reader has
// had to fold 256 KiB of log past it. A log whose first whole record is not this run's `run` record is no run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore, type LocalStore } from '../../src/core/tracking/local/store';

async function fresh(): Promise<{ dir: string; store: LocalStore; id: string }> {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-summary-')), '.mlops');
  const store = openLocalStore(dir);
  const run = await store.createRun({ experimentId: (await store.createExperiment('e')).id, name: 'r' });
  return { dir, store, id: run.id };
}

const points = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ key: 'loss', value: from + i, step: from + i, timestamp: 1 }));

test('summary.json is written once 256 KiB of log were folded past it, and covers the log to its end', async () => {
  const { dir, store, id } = await fresh();
  const summary = join(dir, 'runs', id, 'summary.json');
  await store.logMetrics(id, points(100));
  await store.getRun(id);
  assert.equal(fs.existsSync(summary), false, 'a short log is folded, not cached');
  await store.logMetrics(id, points(6000, 100)); // ≈ 290 KB
  assert.equal((await store.getRun(id))?.metrics.loss, 6099);
  const saved = JSON.parse(fs.readFileSync(summary, 'utf8')) as { format: number; o: number; s: { id: string } };
  assert.deepEqual([saved.format, saved.o, saved.s.id], [1, fs.statSync(join(dir, 'runs', id, 'log.jsonl')).size, id]);
});

test('a summary that covers the whole log is believed; one behind it is the base of a fold; a foreign one is ignored', async () => {
  const { dir, store, id } = await fresh();
  await store.logMetrics(id, points(6000));
  await store.getRun(id); // writes summary.json
  const file = join(dir, 'runs', id, 'summary.json');
  const good = JSON.parse(fs.readFileSync(file, 'utf8')) as { o: number; s: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const write = (v: unknown) => fs.writeFileSync(file, JSON.stringify(v));
  write({ ...good, s: { ...good.s, name: 'from-summary' } });
  assert.equal((await store.getRun(id))?.name, 'from-summary', 'covers the log: read as it stands');
  await store.logMetrics(id, [{ key: 'acc', value: 1, step: 0, timestamp: 1 }]);
  const behind = await store.getRun(id);
  assert.deepEqual([behind?.name, behind?.metrics.acc], ['from-summary', 1], 'behind: the tail folded onto it');
  for (const [what, v] of [
    ['another format', { ...good, format: 2, s: { ...good.s, name: 'x' } }],
    ['an offset that is text', { ...good, o: String(good.o), s: { ...good.s, name: 'x' } }],
    ["another run's", { ...good, s: { ...good.s, id: 'f'.repeat(32), name: 'x' } }],
    ['no state', { format: 1, o: good.o }],
  ] as const) {
    write(v);
    assert.equal((await store.getRun(id))?.name, 'r', what);
  }
});

test("a log whose first record is not this run's run record is no run; records before a whole one are skipped", async () => {
  const { dir, store, id } = await fresh();
  const log = join(dir, 'runs', id, 'log.jsonl');
  const text = fs.readFileSync(log, 'utf8');
  fs.writeFileSync(log, text.replace(`"id":"${id}"`, `"id":"${'0'.repeat(32)}"`));
  assert.equal(await store.getRun(id), undefined, "another run's id");
  fs.writeFileSync(log, '{"t":"params","params":{"a":"b"}}\n' + text);
  const got = await store.getRun(id);
  assert.deepEqual([got?.name, got?.params], ['r', {}], 'a record before the run record is not applied');
});
