// The extension host's thread during a refresh of a 10k-run local store (issue 13: the longest block under
// 10 ms). It refreshes exactly as the Experiments view does: each refresh opens the store anew through the one
// backend decision (core/backend.ts), then experimentsWithRuns() and the first page of every experiment, newest
// first and sorted by a metric. Three states: the index on disk is current (a refresh after a settings change),
// another process has rewritten index.jsonl (a CLI run finished: the whole index is read again), and 100 runs
// were appended by a writer that is still marked (their logs are folded into the index).
//
// The longest block is the longest loop turn while the refresh runs, in CPU and wall time (see measure()).
// Beside it: the refresh's wall time (what a synchronous read blocks for: the peer, which is how the store
// read before this bench) and the same measure over an idle loop for as long (the machine's floor). Sizes: MLOPS_BENCH_RUNS (10000). Prints numbers; asserts none.
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTrackingStore } from '../src/core/backend';
import { parseOrderBy } from '../src/core/tracking/filter';
import { openLocalStore } from '../src/core/tracking/local/store';
import { experimentsWithRuns, loadRunPage, type ViewQuery } from '../src/extension/sidebar/experiments-model';
import { seedRuns } from './seed-runs';

const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 10_000);
const TARGET_MS = 10;
const REPEAT = 5;

const queries: ViewQuery[] = [
  { filter: {}, filterText: '', orderBy: [], orderText: '' },
  { filter: {}, filterText: '', orderBy: parseOrderBy('metrics.accuracy DESC'), orderText: 'metrics.accuracy DESC' },
];

/** One refresh of the Experiments view: a fresh store object, the experiment list, each experiment's first page. */
async function refresh(dir: string, query: ViewQuery): Promise<number> {
  const store = openTrackingStore({ kind: 'local', dir });
  const { experiments } = await experimentsWithRuns(store);
  let shown = 0;
  for (const e of experiments) shown += (await loadRunPage(store, e.id, query)).runs.length;
  return shown;
}

/**
 * The longest event-loop turn while `work` runs, in wall time and in CPU time, and the work's wall time. A
 * setImmediate chain runs once per loop turn, so the longest gap between two of its callbacks bounds every
 * block from above (monitorEventLoopDelay samples a timer and, measured here, reports 12 ms for a 50 ms busy
 * loop). The CPU time of that gap (process.cpuUsage: this thread, plus the file reads and GC threads working
 * meanwhile) is the block the code causes; the wall time adds what the OS took away on a loaded machine.
 */
async function measure(work: () => Promise<unknown>): Promise<Measured> {
  let wall = 0;
  let cpu = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    const used = process.cpuUsage(lastCpu);
    wall = Math.max(wall, now - last);
    cpu = Math.max(cpu, (used.user + used.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t = performance.now();
  await work();
  const wallMs = performance.now() - t;
  await new Promise((done) => setImmediate(done)); // a block at the very end is seen by the next tick
  running = false;
  return { wallBlockMs: wall, cpuBlockMs: cpu, wallMs };
}

interface Measured {
  wallBlockMs: number;
  cpuBlockMs: number;
  wallMs: number;
}

async function seed(dir: string): Promise<string> {
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('bench');
  await store.createExperiment('other');
  await seedRuns(store, exp.id, RUNS);
  return exp.id;
}

const fmt = (x: number) => `${x.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

/**
 * `scenario` REPEAT times (after `prepare` each time): the median of the longest blocks, beside the median
 * longest block of an idle loop over as long (on a shared machine the thread is also descheduled: a block
 * the code causes shows in every repeat, a preemption only in some).
 */
async function scenario(label: string, prepare: () => Promise<unknown>, work: () => Promise<unknown>): Promise<void> {
  const runs: Measured[] = [];
  const idle: Measured[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await prepare();
    const r = await measure(work);
    runs.push(r);
    idle.push(await measure(() => sleep(r.wallMs)));
  }
  const m = (xs: Measured[], k: keyof Measured) => fmt(median(xs.map((x) => x[k])));
  console.log(
    `${label}: longest host-thread block ${m(runs, 'cpuBlockMs')} CPU, ${m(runs, 'wallBlockMs')} wall ` +
      `(medians of ${REPEAT}; target < ${TARGET_MS} ms; an idle loop here: ${m(idle, 'cpuBlockMs')} CPU, ` +
      `${m(idle, 'wallBlockMs')} wall) — refresh wall time ${m(runs, 'wallMs')}, all of it one block if read synchronously`,
  );
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'mlops-host-block-'));
  const dir = join(root, '.mlops');
  try {
    const t = performance.now();
    const expId = await seed(dir);
    console.log(`seeded ${RUNS} runs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await refresh(dir, queries[0]!); // warm the code paths (JIT), not the data: every refresh opens the store anew
    const none = async () => undefined;
    await scenario('index current, newest first', none, () => refresh(dir, queries[0]!));
    await scenario('index current, by accuracy desc', none, () => refresh(dir, queries[1]!));
    // Another process rewrote the index (touched here: the process shares one parsed index per folder, which
    // is read again when the file's identity changes): the refresh reads the whole file again.
    const index = join(dir, 'index.jsonl');
    const rewritten = async () => {
      const now = new Date();
      utimesSync(index, now, now);
    };
    await scenario('index rewritten by another process', rewritten, () => refresh(dir, queries[1]!));
    const other = openLocalStore(dir);
    // A writer still running has appended 100 runs: their markers make the refresh fold their logs.
    let late = 0;
    const append100 = async () => {
      for (let i = 0; i < 100; i++) {
        const run = await other.createRun({ experimentId: expId, name: `late-${late++}` });
        await other.logMetrics(run.id, [{ key: 'accuracy', value: i / 100, step: 0, timestamp: Date.now() }]);
      }
    };
    await scenario('100 runs appended by a live writer', append100, () => refresh(dir, queries[1]!));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
