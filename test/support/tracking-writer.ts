// A child process that writes to a local tracking store in a loop, for the crash and concurrency referees.
// Usage: node --import tsx tracking-writer.ts <storeDir> <mode> <args...>
//   crash <seed> [runId]       log big metric batches into runId (a run an earlier, killed writer left), then
//                              create runs and log batches, tags, status changes, lists — until killed;
//                              prints "ack <runId> <key> <count>" after each acknowledged metric batch
//   append <runId> <proc> <n>  log n single points of key "m" (value proc*1e6+i, step i), listing now and then
import { openLocalStore } from '../../src/core/tracking/local/store';

const [dir, mode, ...args] = process.argv.slice(2);
const store = openLocalStore(dir!);
const MAX_BATCH = 150_000;

async function batch(runId: string, key: string, n: number, step0: number, rand: () => number): Promise<void> {
  await store.logMetrics(
    runId,
    Array.from({ length: n }, (_, i) => ({ key, value: rand(), step: step0 + i, timestamp: Date.now() })),
  );
  process.stdout.write(`ack ${runId} ${key} ${n}\n`);
}

async function crash(seed: number, resume: string | undefined): Promise<void> {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  if (resume)
    for (let b = 0; b < 3; b++)
      await batch(resume, 'resumed', 1 + Math.floor(rand() * 4000), seed * 10 * MAX_BATCH + b * MAX_BATCH, rand);
  const exp =
    (await store.getExperimentByName('crash')) ??
    (await store.createExperiment('crash').catch(() => store.getExperimentByName('crash')));
  for (let r = 0; ; r++) {
    const run = await store.createRun({ experimentId: exp!.id, name: `crash-${seed}-${r}` });
    await store.logParams(run.id, { seed: String(seed), r: String(r) });
    for (let b = 0; b < 20; b++) {
      // Every fourth batch is a ~7 MB write(), long enough for a kill to land inside it.
      await batch(run.id, `k${b % 3}`, b % 4 === 3 ? MAX_BATCH : 1 + Math.floor(rand() * 4000), b * MAX_BATCH, rand);
      if (rand() < 0.2) await store.setTags(run.id, { batch: String(b) });
      if (rand() < 0.1) await store.searchRuns({ pageSize: 10 });
      if (rand() < 0.05) await store.getRun(run.id);
    }
    await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
  }
}

async function append(runId: string, proc: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.logMetrics(runId, [{ key: 'm', value: proc * 1e6 + i, step: i, timestamp: Date.now() }]);
    if (i % 2500 === 0) await store.searchRuns({});
  }
}

const done = mode === 'crash' ? crash(Number(args[0]), args[1]) : append(args[0]!, Number(args[1]), Number(args[2]));
done.catch((err) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
