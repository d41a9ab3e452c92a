// The local store's crash safety, deterministically: instead of killing a writer at a random moment, each test
// lays down on disk exactly what a writer killed at each point leaves (every byte prefix of its one write(), each
// step of creating a run, a cache file written but not renamed), then lets a reader and the next writer carry on.
// What must hold: nothing whole is lost, a torn line is the start of the one record being written (never two
// records glued into one line), and the next record after it is read whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';

const NEWLINE = 0x0a;

function freshDir(): string {
  return join(fs.mkdtempSync(join(tmpdir(), 'mlops-faults-')), '.mlops');
}

/** The pid of a process that has exited: a killed writer's marker names one. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/**
 * Where to cut a write of `length` bytes whose lines are `lines`: at its ends and around every line's first and last
 * byte, where the off-by-one bugs are (each cut is a fresh copy of the store, and saving its caches fsyncs).
 */
function cutPoints(length: number, lines: readonly [number, number][]): number[] {
  const points = new Set([0, 1, length - 1, length]);
  for (const [start, end] of lines) {
    for (const k of [start - 1, start, start + 1, (start + end) >> 1, end - 1, end, end + 1]) points.add(k);
  }
  return [...points].filter((k) => k >= 0 && k <= length).sort((a, b) => a - b);
}

/** Content bytes [start, end) of each line of a write ("\n" + lines + "\n"). */
function linesOf(write: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let nl = write.indexOf(NEWLINE); nl !== -1; nl = write.indexOf(NEWLINE, start)) {
    if (nl > start) out.push([start, nl]);
    start = nl + 1;
  }
  return out;
}

test('a metrics write killed at each line edge of its bytes: whole lines count, the cut line is one torn line, the next write is whole', async () => {
  // The state before the write, and the write itself, as the store makes them.
  const template = freshDir();
  const store = openLocalStore(template);
  const exp = await store.createExperiment('e');
  const run = await store.createRun({ experimentId: exp.id, name: 'r' });
  await store.logMetrics(run.id, [{ key: 'loss', value: 1, step: 0, timestamp: 1 }]);
  const log = (dir: string) => join(dir, 'runs', run.id, 'log.jsonl');
  const before = fs.readFileSync(log(template));
  await store.logMetrics(run.id, [
    { key: 'loss', value: 0.5, step: 1, timestamp: 2 },
    { key: 'loss', value: 0.25, step: 2, timestamp: 3 },
    { key: 'loss', value: 0.125, step: 3, timestamp: 4 },
  ]);
  const write = fs.readFileSync(log(template)).subarray(before.length);
  const lines = linesOf(write);
  assert.equal(lines.length, 3);
  const values = [0.5, 0.25, 0.125];

  for (const k of cutPoints(write.length, lines)) {
    const dir = freshDir();
    fs.cpSync(template, dir, { recursive: true });
    fs.rmSync(join(dir, 'index.jsonl'), { force: true });
    fs.rmSync(join(dir, 'runs', run.id, 'summary.json'), { force: true });
    fs.writeFileSync(log(dir), Buffer.concat([before, write.subarray(0, k)]));
    // A line whose text is all there counts, even without its "\n": the next write's leading "\n" ends it.
    const landed = values.filter((_, i) => lines[i]![1] <= k);
    const cut = lines.find(([start, end]) => start < k && k < end);
    const where = `killed after byte ${k} of ${write.length}`;

    const reader = openLocalStore(dir);
    const listedBefore = (await reader.searchRuns({})).items[0];
    assert.equal(listedBefore?.id, run.id, where);
    const next = openLocalStore(dir);
    await next.logMetrics(run.id, [{ key: 'after', value: 7, step: 0, timestamp: 5 }]);

    const history = (await reader.getMetricHistory(run.id, 'loss')).items.map((p) => p.value);
    assert.deepEqual(history, [1, ...landed], where);
    const listed = (await reader.searchRuns({})).items[0];
    assert.equal(listed?.metrics.after, 7, `${where}: the next write is read whole (by the index)`);
    assert.equal(listed?.metrics.loss, [1, ...landed].at(-1), where);
    assert.equal((await openLocalStore(dir).getRun(run.id))?.metrics.after, 7, where);

    const torn = fs
      .readFileSync(log(dir), 'utf8')
      .split('\n')
      .filter((l) => {
        if (l === '') return false;
        try {
          JSON.parse(l);
          return false;
        } catch {
          return true;
        }
      });
    // The torn line is exactly the start of the record cut short: not it glued to the next write's record.
    assert.deepEqual(torn, cut ? [write.subarray(cut[0], k).toString('utf8')] : [], where);
  }
});

test('a writer killed at each step of creating a run: readers list only whole runs and clear its marker', async () => {
  const dir = freshDir();
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('e');
  const kept = await store.createRun({ experimentId: exp.id, name: 'kept' });
  await store.updateRun(kept.id, { status: 'FINISHED', endTime: 2 });
  await store.searchRuns({});
  const template = `${dir}-template`;
  fs.cpSync(dir, template, { recursive: true });
  const victim = await store.createRun({ experimentId: exp.id, name: 'victim' });
  const runLine = `\n${fs.readFileSync(join(dir, 'runs', victim.id, 'log.jsonl'), 'utf8').trim()}\n`;
  const marker = `${victim.id}~${fs.readdirSync(join(dir, 'writers'))[0]!.split('~')[1]}~${deadPid()}`;

  // What createRun leaves after each of its steps: marker, runs/<id>/, the first record cut at every byte.
  const steps: { name: string; lay: (d: string) => void; listed: boolean }[] = [
    { name: 'marker only', lay: () => {}, listed: false },
    { name: 'run folder, no log', lay: (d) => fs.mkdirSync(join(d, 'runs', victim.id)), listed: false },
    ...cutPoints(runLine.length, [[1, runLine.length - 1]]).map((k) => ({
      name: `first record cut after byte ${k} of ${runLine.length}`,
      lay: (d: string) => {
        fs.mkdirSync(join(d, 'runs', victim.id));
        fs.writeFileSync(join(d, 'runs', victim.id, 'log.jsonl'), runLine.slice(0, k));
      },
      // Without its "\n" the record may still be being written, and no one else appends to this run: not listed.
      listed: k === runLine.length,
    })),
  ];
  for (const step of steps) {
    const d = `${dir}-${steps.indexOf(step)}`;
    fs.cpSync(template, d, { recursive: true });
    fs.mkdirSync(join(d, 'writers'), { recursive: true });
    fs.writeFileSync(join(d, 'writers', marker), '');
    // An index save killed between its temp file and the rename: a stray temp file beside index.jsonl.
    fs.writeFileSync(join(d, `index.jsonl.${deadPid()}.0badc0de.tmp`), '{"format":2,"runsDir":{"nlink"');
    step.lay(d);
    const names = (await openLocalStore(d).searchRuns({ lifecycle: 'all' })).items.map((r) => r.name).sort();
    assert.deepEqual(names, step.listed ? ['kept', 'victim'] : ['kept'], step.name);
    assert.deepEqual(fs.readdirSync(join(d, 'writers')), [], `${step.name}: the dead writer's marker is cleared`);
    // The store stays usable: a new run is listed beside what was there.
    const again = openLocalStore(d);
    await again.createRun({ experimentId: exp.id, name: 'after' });
    const after = (await again.searchRuns({ lifecycle: 'all' })).items.map((r) => r.name).sort();
    assert.deepEqual(after, [...names, 'after'].sort(), step.name);
  }
});
