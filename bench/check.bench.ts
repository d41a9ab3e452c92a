// `mlops check` against `best` of a 10k-run experiment (target ≤ 200 ms), as a process (`node dist/cli.js`,
// what CI runs; run `npm run build` first) and in-process (the command's own work), medians of 5. The floor is
// Node's start-up, printed beside it (`node -e 0`). Size: MLOPS_BENCH_RUNS (10000).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../src/cli/main';
import { workspaceStoreDir } from '../src/core/tracking/local/layout';
import { openLocalStore } from '../src/core/tracking/local/store';
import { medianMs } from './timing';

const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 10_000);
const CLI = resolve(__dirname, '../dist/cli.js');

async function seed(dir: string): Promise<string> {
  const store = openLocalStore(workspaceStoreDir(dir));
  const exp = await store.createExperiment('Default');
  let last = '';
  for (let i = 0; i < RUNS; i++) {
    const run = await store.createRun({ experimentId: exp.id, name: `run-${i}`, startTime: 1_700_000_000_000 + i });
    await store.logMetrics(run.id, [
      { key: 'accuracy', value: 0.8 + ((i * 7919) % 1000) / 10_000, step: 0, timestamp: 1_700_000_000_000 + i },
      { key: 'loss', value: 0.5 - ((i * 104729) % 1000) / 10_000, step: 0, timestamp: 1_700_000_000_000 + i },
    ]);
    await store.updateRun(run.id, { status: 'FINISHED', endTime: 1_700_000_000_000 + i + 1 });
    last = run.id;
  }
  return last;
}

async function benchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-check-'));
  writeFileSync(
    join(dir, '.mlops.json'),
    JSON.stringify({
      checks: [
        { metric: 'accuracy', min: 0.8 },
        { metric: 'accuracy', max_decrease: 0.05, against: 'best' },
        { metric: 'loss', max_increase: 0.05, against: 'best' },
      ],
    }),
  );
  let t = performance.now();
  const candidate = await seed(dir);
  console.log(`seeded ${RUNS} finished runs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const argv = ['check', '--run', candidate, '--format', 'json'];
  const sink = { stdout: () => {}, stderr: () => {}, cwd: dir, env: {} };
  const inProcess = await medianMs(() => main(argv, sink));
  const asProcess = await medianMs(async () => {
    const r = spawnSync(process.execPath, [CLI, ...argv], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`mlops check exited ${r.status}: ${r.stderr}`);
  });
  const nodeStart = await medianMs(async () => spawnSync(process.execPath, ['-e', '0']));
  t = performance.now();
  console.log(
    `mlops check vs best of ${RUNS} runs: process ${asProcess.toFixed(0)} ms, in-process ${inProcess.toFixed(0)} ms`,
  );
  console.log(`  target ≤ 200 ms; floor: node start-up ${nodeStart.toFixed(0)} ms`);
  rmSync(dir, { recursive: true, force: true });
}

void benchmark();
