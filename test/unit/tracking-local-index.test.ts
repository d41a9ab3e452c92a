// index.jsonl, the local store's cache of every run's summary: a whole index of this format is believed as it
// stands (listing reads no log), anything else in it is rebuilt from the logs; runs added or removed behind the
// store's back join or leave the list; a finished writer's marker goes once the index holding its end is on disk;
// and small appends to a live run do not rewrite the index on every list. (docs/tracking-store.md, "The index".)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore, type LocalStore } from '../../src/core/tracking/local/store';

function fresh(): { dir: string; store: LocalStore } {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-index-')), '.mlops');
  return { dir, store: openLocalStore(dir) };
}

async function finishedRun(store: LocalStore, name: string): Promise<string> {
  const exp = (await store.getExperimentByName('e')) ?? (await store.createExperiment('e'));
  const run = await store.createRun({ experimentId: exp.id, name });
  await store.updateRun(run.id, { status: 'FINISHED', endTime: 5 });
  return run.id;
}

const names = async (dir: string) => (await openLocalStore(dir).searchRuns({})).items.map((r) => r.name).sort();
const indexLines = (dir: string) => fs.readFileSync(join(dir, 'index.jsonl'), 'utf8').trim().split('\n');

test('a whole index is believed as it stands; one wrong in any field, short of a line or unparsable is rebuilt', async () => {
  const { dir, store } = fresh();
  await finishedRun(store, 'a');
  await finishedRun(store, 'b');
  assert.deepEqual(await names(dir), ['a', 'b']);
  const [header, ...entries] = indexLines(dir).map(
    (l) => JSON.parse(l) as { s: { name: string } } & Record<string, unknown>,
  );
  // The cache is what a list reads: an entry changed by hand (its offset still the log's size) is what it shows.
  const real = entries[0]!.s.name as string;
  entries[0]!.s.name = 'from-the-index';
  const write = (h: object, es: object[], extra = '') =>
    fs.writeFileSync(join(dir, 'index.jsonl'), [h, ...es].map((v) => JSON.stringify(v) + '\n').join('') + extra);
  write(header!, entries);
  assert.deepEqual(await names(dir), [real === 'a' ? 'b' : 'a', 'from-the-index'].sort());
  const damaged: [string, object, object[], string?][] = [
    ['another format', { ...header, format: 1 }, entries],
    ['no runs/ stamp', { ...header, runsDir: undefined }, entries],
    ['a null runs/ stamp', { ...header, runsDir: null }, entries],
    ['a stamp that is text', { ...header, runsDir: 'x' }, entries],
    ['a count that is text', { ...header, count: '2' }, entries],
    ['fewer entries than its count', { ...header, count: 3 }, entries],
    ['an id that is a number', header!, [entries[0]!, { ...entries[1], id: 1 }]],
    ['an offset that is text', header!, [entries[0]!, { ...entries[1], o: String(entries[1]!.o) }]],
    ['a state that is null', header!, [entries[0]!, { ...entries[1], s: null }]],
    ['a state that is text', header!, [entries[0]!, { ...entries[1], s: 'x' }]],
    ['an unparsable last line', header!, entries, '{"id":\n'],
  ];
  for (const [what, h, es, extra] of damaged) {
    write(h, es, extra);
    assert.deepEqual(await names(dir), ['a', 'b'], what);
  }
});

test("runs removed from or copied into runs/ behind the store's back (no writer marker) leave or join the list", async () => {
  const { dir, store } = fresh();
  const a = await finishedRun(store, 'a');
  const b = await finishedRun(store, 'b');
  assert.deepEqual(await names(dir), ['a', 'b']);
  fs.rmSync(join(dir, 'runs', b), { recursive: true });
  assert.deepEqual(await names(dir), ['a']);
  const other = fresh();
  const c = await finishedRun(other.store, 'c');
  fs.cpSync(join(other.dir, 'runs', c), join(dir, 'runs', c), { recursive: true });
  fs.mkdirSync(join(dir, 'runs', 'not-a-run'));
  assert.deepEqual(await names(dir), ['a', 'c']);
  assert.deepEqual((await store.searchRuns({})).items.map((r) => r.id).sort(), [a, c].sort());
});

test("a finished writer's marker is dropped once the index holding its end is on disk; a live writer's stays", async () => {
  const { dir, store } = fresh();
  const exp = await store.createExperiment('e');
  const run = await store.createRun({ experimentId: exp.id, name: 'r' });
  await store.searchRuns({});
  assert.equal(fs.readdirSync(join(dir, 'writers')).length, 1, 'live: kept');
  await store.updateRun(run.id, { status: 'FAILED', endTime: 7 });
  await store.searchRuns({});
  assert.deepEqual(fs.readdirSync(join(dir, 'writers')), []);
  const entry = indexLines(dir)
    .map((l) => JSON.parse(l) as { id?: string; o?: number; s?: { state: { status: string } } })
    .find((e) => e.id === run.id);
  assert.equal(entry?.s?.state.status, 'FAILED');
  assert.equal(entry?.o, fs.statSync(join(dir, 'runs', run.id, 'log.jsonl')).size);
});

test("a live run's small appends are listed from memory without rewriting the index; 64 KiB of them are saved", async () => {
  const { dir, store } = fresh();
  const exp = await store.createExperiment('e');
  const run = await store.createRun({ experimentId: exp.id, name: 'r' });
  await store.searchRuns({});
  const saved = fs.readFileSync(join(dir, 'index.jsonl'), 'utf8');
  await store.logMetrics(run.id, [{ key: 'loss', value: 0.5, step: 1, timestamp: 2 }]);
  assert.equal((await store.searchRuns({})).items[0]?.metrics.loss, 0.5);
  assert.equal(fs.readFileSync(join(dir, 'index.jsonl'), 'utf8'), saved);
  const points = Array.from({ length: 1500 }, (_, i) => ({ key: 'loss', value: i, step: i, timestamp: 3 }));
  await store.logMetrics(run.id, points); // ≈ 70 KB in one refresh
  assert.equal((await store.searchRuns({})).items[0]?.metrics.loss, 1499);
  const entry = JSON.parse(indexLines(dir)[1]!) as { o: number; s: { latest: Record<string, unknown[]> } };
  assert.equal(entry.o, fs.statSync(join(dir, 'runs', run.id, 'log.jsonl')).size);
  assert.equal(entry.s.latest.loss?.[0], 1499);
});
