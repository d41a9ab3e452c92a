// The local store's methods one by one, for what tracking-local-store.test.ts leaves unsaid: the message of each
// refusal, what a call that has nothing to record leaves on disk (nothing), the defaults a new run gets, when a
// writer's marker is closed, and how the store folder comes to exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackingError } from '../../src/core/tracking/errors';
import { openLocalStore, type LocalStore } from '../../src/core/tracking/local/store';
import type { Run } from '../../src/core/tracking/types';

function fresh(): { dir: string; store: LocalStore } {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-calls-')), '.mlops');
  return { dir, store: openLocalStore(dir) };
}

async function newRun(store: LocalStore, name: string): Promise<Run> {
  const exp = (await store.getExperimentByName('e')) ?? (await store.createExperiment('e'));
  return store.createRun({ experimentId: exp.id, name });
}

const refused = (code: string, message: string) => (err: unknown) => {
  assert.ok(err instanceof TrackingError, String(err));
  assert.deepEqual([err.code, err.message], [code, message]);
  return true;
};

const logOf = (dir: string, id: string) => join(dir, 'runs', id, 'log.jsonl');
/** The writer markers of runs in this store, without their host and pid. */
const markers = (dir: string) =>
  fs
    .readdirSync(join(dir, 'writers'))
    .map((m) => m.replace(/~[^~]+~\d+/, '').replace(/~closed-[0-9a-f]+$/, '~closed'))
    .sort();

test('experiments: a missing or blank name and a taken one are refused with what to fix and where', async () => {
  const { dir, store } = fresh();
  for (const name of ['', '  \t', 5 as unknown as string]) {
    await assert.rejects(
      store.createExperiment(name),
      refused('invalid-argument', 'an experiment needs a non-empty name'),
    );
  }
  assert.equal(fs.existsSync(dir), false, 'a refused call creates no store');
  await store.createExperiment('baseline');
  await assert.rejects(
    store.createExperiment('baseline'),
    refused('already-exists', `experiment 'baseline' already exists in ${dir}`),
  );
  assert.deepEqual(
    (await store.listExperiments()).map((e) => e.name),
    ['baseline'],
  );
});

test('a new run: unknown experiment or bad start time refused; a blank name becomes run-<id>; no git, no tags', async () => {
  const { dir, store } = fresh();
  await assert.rejects(
    store.createRun({ experimentId: 'nope', name: 'r' }),
    refused('not-found', `no experiment with id 'nope' in ${dir}: create it first`),
  );
  const exp = await store.createExperiment('e');
  await assert.rejects(
    store.createRun({ experimentId: exp.id, name: 'r', startTime: 1.5 }),
    refused('invalid-argument', 'startTime must be integer ms since the epoch'),
  );
  assert.equal(fs.existsSync(join(dir, 'runs')), false, 'nothing written for a refused run');
  const run = await store.createRun({ experimentId: exp.id, name: '   ', startTime: 42 });
  assert.equal(run.name, `run-${run.id.slice(0, 8)}`);
  assert.equal(run.startTime, 42);
  assert.equal(run.git, null);
  assert.deepEqual(run.tags, {});
  assert.equal(run.experiment, 'e');
  // A caller outside TypeScript (the CLI's JSON) may leave the name out.
  const unnamed = await store.createRun({ experimentId: exp.id, name: undefined as unknown as string });
  assert.equal(unnamed.name, `run-${unnamed.id.slice(0, 8)}`);
  const before = Date.now();
  assert.ok(unnamed.startTime <= before && unnamed.startTime > before - 60_000, 'now, when not given');
});

test('calls with nothing to record append nothing; params already logged with the same value are not repeated', async () => {
  const { dir, store } = fresh();
  const run = await newRun(store, 'r');
  await store.logParams(run.id, { lr: '0.1' });
  const size = fs.statSync(logOf(dir, run.id)).size;
  await store.logParams(run.id, { lr: '0.1' });
  await store.logParams(run.id, {});
  await store.setTags(run.id, {});
  await store.recordOutputs(run.id, []);
  await store.logMetrics(run.id, []);
  assert.equal(fs.statSync(logOf(dir, run.id)).size, size);
  await store.logParams(run.id, { lr: '0.1', bs: '32' });
  const lines = fs.readFileSync(logOf(dir, run.id), 'utf8').trim().split('\n').filter(Boolean);
  assert.deepEqual(JSON.parse(lines.at(-1)!), { t: 'params', params: { bs: '32' } }, 'only the new key is appended');
  await assert.rejects(
    store.logParams(run.id, { bs: '32', lr: '0.2' }),
    refused(
      'conflict',
      `param 'lr' of run ${run.id} is already '0.1'; params are write-once, so it cannot become '0.2'`,
    ),
  );
});

test("a writer's marker stays open while the run may still grow, and is closed when it ends, is renamed or deleted", async () => {
  const { dir, store } = fresh();
  const run = await newRun(store, 'r');
  assert.deepEqual(markers(dir), [run.id]);
  await store.updateRun(run.id, { status: 'RUNNING' });
  assert.deepEqual(markers(dir), [run.id], 'RUNNING again: still open');
  await store.updateRun(run.id, { status: 'FINISHED', endTime: 9 });
  assert.deepEqual(markers(dir), [`${run.id}~closed`]);
  const got = await store.getRun(run.id);
  assert.deepEqual([got?.status, got?.endTime], ['FINISHED', 9]);
  for (const [step, call] of [
    ['rename', () => store.renameRun(run.id, 'better')],
    ['delete', () => store.deleteRun(run.id)],
    ['restore', () => store.restoreRun(run.id)],
  ] as const) {
    await store.setTags(run.id, { step });
    assert.ok(markers(dir).includes(run.id), `${step}: the append opened one`);
    await call();
    assert.ok(!markers(dir).includes(run.id), `${step}: closed again`);
  }
});

test('an empty param or tag key is refused through the store, naming which kind of key', async () => {
  const { store } = fresh();
  const exp = await store.createExperiment('e');
  await assert.rejects(
    store.createRun({ experimentId: exp.id, name: 'r', tags: { '': 'x' } }),
    refused('invalid-argument', 'tag keys must not be empty'),
  );
  const run = await newRun(store, 'r');
  await assert.rejects(store.setTags(run.id, { '': 'x' }), refused('invalid-argument', 'tag keys must not be empty'));
  await assert.rejects(
    store.logParams(run.id, { '': 'x' }),
    refused('invalid-argument', 'param keys must not be empty'),
  );
});

test('rebuildIndex forgets what index.jsonl says and lists from the logs again', async () => {
  const { dir, store } = fresh();
  const run = await newRun(store, 'r');
  await store.updateRun(run.id, { status: 'FINISHED', endTime: 3 });
  await store.searchRuns({});
  const index = join(dir, 'index.jsonl');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('"name":"r"', '"name":"edited"'));
  assert.equal((await store.searchRuns({})).items[0]?.name, 'edited', 'a whole index is believed as it stands');
  await store.rebuildIndex();
  assert.equal((await store.searchRuns({})).items[0]?.name, 'r');
});

test('a deleted run cannot be renamed until it is restored', async () => {
  const { store } = fresh();
  const run = await newRun(store, 'r');
  await store.deleteRun(run.id);
  await assert.rejects(
    store.renameRun(run.id, 'x'),
    refused('invalid-argument', `run ${run.id} is deleted: restore it first, then rename it`),
  );
  await store.restoreRun(run.id);
  await store.renameRun(run.id, '  x  ');
  assert.equal((await store.getRun(run.id))?.name, 'x');
});

test('an unknown run is named with where to look; a log that is not a file is an error, not a missing run', async () => {
  const { dir, store } = fresh();
  const run = await newRun(store, 'r');
  const ghost = 'f'.repeat(32);
  const noRun = refused('not-found', `no run '${ghost}' in ${dir} (list runs with \`mlops runs list\`)`);
  await assert.rejects(store.logParams(ghost, { a: 'b' }), noRun);
  await assert.rejects(store.setTags(ghost, { a: 'b' }), noRun);
  await assert.rejects(store.readStageLog(ghost, 's'), noRun);
  fs.rmSync(logOf(dir, run.id));
  fs.mkdirSync(logOf(dir, run.id));
  await assert.rejects(store.setTags(run.id, { a: 'b' }), (err: NodeJS.ErrnoException) => err.code === 'EISDIR');
});

test("a run whose experiment line is gone shows the experiment's id; the store tells processes where it is", async () => {
  const { dir, store } = fresh();
  const run = await newRun(store, 'r');
  assert.equal((await store.searchRuns({})).items[0]?.experiment, 'e');
  fs.writeFileSync(join(dir, 'experiments.jsonl'), '');
  assert.equal((await store.getRun(run.id))?.experiment, run.experimentId);
  assert.equal((await store.searchRuns({})).items[0]?.experiment, run.experimentId);
  assert.deepEqual(store.processEnv(run.id), { MLOPS_TRACKING_URI: dir });
});

test('the store folder: created with format.json on the first write; an existing one is kept; rebuilding an absent store creates nothing', async () => {
  const { dir, store } = fresh();
  await store.rebuildIndex();
  assert.equal(fs.existsSync(dir), false);
  await newRun(store, 'r');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['.gitignore', 'experiments.jsonl', 'format.json', 'runs', 'writers']);
  // A format.json written by hand with other spacing is the same format: reopening keeps the file as it is.
  fs.writeFileSync(join(dir, 'format.json'), '{ "version": 1, "format": "mlops-tracking-store" }');
  const again = openLocalStore(dir);
  await again.createExperiment('other');
  assert.equal(fs.readFileSync(join(dir, 'format.json'), 'utf8'), '{ "version": 1, "format": "mlops-tracking-store" }');
});

test('a store of another format or version is refused, naming the file, what it says and what to do', () => {
  for (const v of [{ format: 'other', version: 1 }, { format: 'mlops-tracking-store', version: 2 }, {}]) {
    const { dir } = fresh();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(join(dir, 'format.json'), JSON.stringify(v));
    assert.throws(
      () => openLocalStore(dir),
      refused(
        'corrupt-store',
        `${join(dir, 'format.json')} says ${JSON.stringify(v)}, but this version of MLOps Workbench reads {"format":"mlops-tracking-store","version":1}: update the extension or point the tracking URI elsewhere`,
      ),
    );
  }
});
