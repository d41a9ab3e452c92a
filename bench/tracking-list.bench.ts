// Listing 10k runs with their latest metrics: the local store against the same runs in a real MLflow server
// (runs/search through our client), in the same run; target local ≤ 0.1× MLflow. Then a 1M-point metric
// history loaded from the local store: time and peak memory. Prints numbers and ratios, asserts none.
//
// Local "cold" = index.jsonl read in full (what one `mlops runs list` does: read the index, check markers; in
// process, the shared parsed index is made stale by touching the file); "warm" = the index unchanged (the
// extension's sidebar refreshing). Medians of 5.
// MLflow gets the same 10k runs (name, 2 params, 10 metrics) seeded straight into its SQLite database
// in one transaction (through MLflow's API it takes ~100 ms a run here), next to runs its API made.
// Sizes: MLOPS_BENCH_RUNS (10000), MLOPS_BENCH_POINTS (1000000); MLOPS_BENCH_MLFLOW=0 skips MLflow.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../src/core/tracking/local/store';
import { MlflowTrackingStore } from '../src/core/tracking/mlflow/store';
import type { RunQuery, TrackingStore } from '../src/core/tracking/types';
import { startMlflowServer } from '../test/support/mlflow-server';
import { medianMs } from './timing';

const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 10_000);
const POINTS = Number(process.env.MLOPS_BENCH_POINTS ?? 1_000_000);
const METRICS = 10;
const BASE_TIME = 1_700_000_000_000;
const LOAD_HISTORY = '--load-history';

/** The same deterministic value on both sides. */
const metricValue = (run: number, k: number) => ((run * 7919 + k * 104729) % 10007) / 10007;

const firstPage: RunQuery = { orderBy: [{ field: { kind: 'metric', key: 'm0' }, descending: true }], pageSize: 50 };
// Pages of 1000: MLflow's default page, and a single 10k-run request times out on the MLflow side here.
const everything: RunQuery = { pageSize: 1000 };

async function listAll(store: TrackingStore, q: RunQuery): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const page = await store.searchRuns({ ...q, pageToken: token });
    n += page.items.length;
    token = page.nextPageToken;
  } while (token);
  return n;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function benchLocal(dir: string): Promise<{ cold1: number; coldAll: number; top: string[] }> {
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('bench');
  let t = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const run = await store.createRun({ experimentId: exp.id, name: `run-${i}`, startTime: BASE_TIME + i });
    await store.logParams(run.id, { lr: '0.1', i: String(i) });
    await store.logMetrics(
      run.id,
      Array.from({ length: METRICS }, (_, k) => ({
        key: `m${k}`,
        value: metricValue(i, k),
        step: 9,
        timestamp: BASE_TIME + i,
      })),
    );
    await store.updateRun(run.id, { status: 'FINISHED', endTime: BASE_TIME + i + 1000 });
  }
  console.log(`local: wrote ${RUNS} runs × ${METRICS} metrics in ${ms(performance.now() - t)}`);
  t = performance.now();
  await store.searchRuns(firstPage);
  console.log(
    `local: first list after the writes (index built from ${RUNS} writer markers): ${ms(performance.now() - t)}`,
  );
  console.log(`local: index.jsonl ${mb(fs.statSync(join(dir, 'index.jsonl')).size)}`);

  const index = join(dir, 'index.jsonl');
  const touched = () => {
    const now = new Date();
    fs.utimesSync(index, now, now);
  };
  const cold1 = await medianMs(() => (touched(), openLocalStore(dir).searchRuns(firstPage)));
  const coldAll = await medianMs(async () => (touched(), listAll(openLocalStore(dir), everything)));
  const warm1 = await medianMs(() => store.searchRuns(firstPage));
  const warmAll = await medianMs(() => listAll(store, everything));
  console.log(`local: first page of 50 by metric desc: cold ${ms(cold1)}, warm ${ms(warm1)}`);
  console.log(`local: all ${await listAll(store, everything)} runs: cold ${ms(coldAll)}, warm ${ms(warmAll)}`);
  t = performance.now();
  await store.rebuildIndex();
  console.log(`local: index rebuilt from ${RUNS} run folders in ${ms(performance.now() - t)}`);
  return { cold1, coldAll, top: (await store.searchRuns(firstPage)).items.map((r) => r.name) };
}

async function benchHistory(dir: string): Promise<void> {
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('history');
  const run = await store.createRun({ experimentId: exp.id, name: 'long' });
  const BATCH = 10_000;
  let t = performance.now();
  for (let i = 0; i < POINTS; i += BATCH) {
    const n = Math.min(BATCH, POINTS - i);
    await store.logMetrics(
      run.id,
      Array.from({ length: n }, (_, j) => ({
        key: 'loss',
        value: 1 / (i + j + 1),
        step: i + j,
        timestamp: BASE_TIME + i + j,
      })),
    );
  }
  await store.logMetrics(run.id, [{ key: 'other', value: 1, step: 0, timestamp: BASE_TIME }]);
  console.log(
    `history: wrote ${POINTS} points in ${ms(performance.now() - t)} (${mb(fs.statSync(join(dir, 'runs', run.id, 'log.jsonl')).size)} log)`,
  );

  // Loaded in a fresh process, so its peak RSS is the load's and not this process's writes.
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, LOAD_HISTORY, dir, run.id], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`history load failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as {
    points: number;
    ms: number;
    cpuMs: number;
    baseRss: number;
    peakRss: number;
    heapBefore: number;
    heapAfter: number;
  };
  console.log(
    `history: loaded ${r.points} points in one call in ${ms(r.ms)} (CPU ${ms(r.cpuMs)}, fresh process): heap ${mb(r.heapBefore)} → ${mb(r.heapAfter)}, ` +
      `peak RSS ${mb(r.peakRss)} (${mb(r.baseRss)} before the load)`,
  );
  t = performance.now();
  let paged = 0;
  let token: string | undefined;
  do {
    const p = await store.getMetricHistory(run.id, 'loss', { pageSize: 25_000, pageToken: token });
    paged += p.items.length;
    token = p.nextPageToken;
  } while (token);
  console.log(`history: same ${paged} points in pages of 25k: ${ms(performance.now() - t)}`);
  t = performance.now();
  await openLocalStore(dir).getRun(run.id);
  console.log(`history: getRun of that run (summary.json absent, folds the log once): ${ms(performance.now() - t)}`);
}

// Seeds RUNS runs like ours into MLflow's database: 3 through MLflow's API (the rows' shape to copy), the rest as copies.
const SEED = `
import json, sqlite3, sys, uuid
from mlflow.tracking import MlflowClient
from mlflow.entities import Metric, Param
runs, metrics, base = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
value = lambda i, k: ((i * 7919 + k * 104729) % 10007) / 10007
c = MlflowClient()
exp = c.create_experiment("bench")
for i in range(3):
    r = c.create_run(exp, run_name=f"run-{i}", start_time=base + i)
    c.log_batch(r.info.run_id, metrics=[Metric(f"m{k}", value(i, k), base + i, 9) for k in range(metrics)], params=[Param("lr", "0.1"), Param("i", str(i))])
    c.set_terminated(r.info.run_id, end_time=base + i + 1000)
    template = r.info.run_id
db = sqlite3.connect("mlflow.db")
cols = [d[1] for d in db.execute("pragma table_info(runs)")]
row = dict(zip(cols, db.execute("select * from runs where run_uuid = ?", (template,)).fetchone()))
tags = db.execute("select key, value from tags where run_uuid = ?", (template,)).fetchall()
with db:
    for i in range(3, runs):
        rid = uuid.uuid4().hex
        r = dict(row, run_uuid=rid, name=f"run-{i}", start_time=base + i, end_time=base + i + 1000,
                 artifact_uri=row["artifact_uri"].replace(template, rid))
        db.execute(f"insert into runs ({','.join(cols)}) values ({','.join('?' * len(cols))})", [r[c] for c in cols])
        db.executemany("insert into tags (key, value, run_uuid) values (?, ?, ?)",
                       [(k, f"run-{i}" if k == "mlflow.runName" else v, rid) for k, v in tags])
        db.executemany("insert into params (key, value, run_uuid) values (?, ?, ?)", [("lr", "0.1", rid), ("i", str(i), rid)])
        ms = [(f"m{k}", value(i, k), base + i, 9, 0, rid) for k in range(metrics)]
        db.executemany("insert into metrics (key, value, timestamp, step, is_nan, run_uuid) values (?, ?, ?, ?, ?, ?)", ms)
        db.executemany("insert into latest_metrics (key, value, timestamp, step, is_nan, run_uuid) values (?, ?, ?, ?, ?, ?)", ms)
print(json.dumps({"experiment": exp}))
`;

async function benchMlflow(): Promise<{ first: number; all: number; top: string[] }> {
  const server = await startMlflowServer();
  try {
    let t = performance.now();
    const { experiment } = JSON.parse(
      server
        .python(`import sys; sys.argv = ['seed', '${RUNS}', '${METRICS}', '${BASE_TIME}']\n${SEED}`)
        .trim()
        .split('\n')
        .pop()!,
    ) as { experiment: string };
    console.log(`mlflow: seeded ${RUNS} runs in ${ms(performance.now() - t)}`);
    const store = new MlflowTrackingStore({ trackingUri: server.url });
    const q = (x: RunQuery): RunQuery => ({ ...x, experimentIds: [experiment] });
    await store.listExperiments(); // fills the client's experiment-name cache, as the sidebar's first call does
    t = performance.now();
    const n = await listAll(store, q(everything));
    console.log(`mlflow: first listing of ${n} runs (warms the server) ${ms(performance.now() - t)}`);
    const first = await medianMs(() => store.searchRuns(q(firstPage)));
    const all = await medianMs(() => listAll(store, q(everything)));
    console.log(`mlflow: first page of 50 by metric desc: ${ms(first)}`);
    console.log(`mlflow: all ${n} runs: ${ms(all)}`);
    return { first, all, top: (await store.searchRuns(q(firstPage))).items.map((r) => r.name) };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(join(tmpdir(), 'mlops-bench-tracking-'));
  try {
    const local = await benchLocal(join(root, 'list'));
    await benchHistory(join(root, 'history'));
    if (process.env.MLOPS_BENCH_MLFLOW === '0') return;
    const mlflow = await benchMlflow();
    console.log(
      `same first page on both sides: ${JSON.stringify(local.top) === JSON.stringify(mlflow.top) ? 'yes' : `NO (${local.top.slice(0, 3)} vs ${mlflow.top.slice(0, 3)})`}`,
    );
    console.log(
      `ratio local/MLflow (target ≤ 0.1): first page ${(local.cold1 / mlflow.first).toFixed(3)}, all runs ${(local.coldAll / mlflow.all).toFixed(3)}`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Child mode: load one history and report time and memory as JSON. */
async function loadHistory(dir: string, runId: string): Promise<void> {
  const baseRss = process.resourceUsage().maxRSS * 1024;
  const heapBefore = process.memoryUsage().heapUsed;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const page = await openLocalStore(dir).getMetricHistory(runId, 'loss', { pageSize: 1_000_000 });
  const took = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const heapAfter = process.memoryUsage().heapUsed;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      points: page.items.length,
      ms: took,
      cpuMs: (used.user + used.system) / 1000,
      baseRss,
      peakRss,
      heapBefore,
      heapAfter,
    }),
  );
}

if (process.argv[2] === LOAD_HISTORY) void loadHistory(process.argv[3]!, process.argv[4]!);
else void main();
