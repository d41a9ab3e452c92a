// The Experiments view's first page of a 10k-run experiment from the local store (issue 6: target < 300 ms):
// exactly what the view does on open — experimentsWithRuns() then loadRunPage() — in a fresh store object
// (cold: the window just opened) and again (warm: a refresh), newest-first and sorted by a metric.
// The same query against a real MLflow server is in bench/tracking-list.bench.ts (local vs MLflow ratio).
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseOrderBy } from '../src/core/tracking/filter';
import { openLocalStore } from '../src/core/tracking/local/store';
import { experimentsWithRuns, loadRunPage, type ViewQuery } from '../src/extension/sidebar/experiments-model';
import { seedRuns } from './seed-runs';
import { medianMs } from './timing';

const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 10_000);

async function main(): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlops-sidebar-bench-')), '.mlops');
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('bench');
  const t = performance.now();
  await seedRuns(store, exp.id, RUNS);
  console.log(`seeded ${RUNS} runs in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const queries: [string, ViewQuery][] = [
    ['newest first', { filter: {}, filterText: '', orderBy: [], orderText: '' }],
    [
      'by accuracy desc',
      {
        filter: {},
        filterText: '',
        orderBy: parseOrderBy('metrics.accuracy DESC'),
        orderText: 'metrics.accuracy DESC',
      },
    ],
  ];
  for (const [label, q] of queries) {
    const open = async (s: ReturnType<typeof openLocalStore>) => {
      await experimentsWithRuns(s);
      return loadRunPage(s, exp.id, q);
    };
    // Cold: the process's shared parsed index is made stale (the file touched), so it is read in full.
    const cold = await medianMs(() => {
      const now = new Date();
      utimesSync(join(dir, 'index.jsonl'), now, now);
      return open(openLocalStore(dir));
    });
    const warm = await medianMs(() => open(store));
    const page = await open(store);
    console.log(
      `first page (${page.runs.length} of ${RUNS} runs, ${label}): cold ${cold.toFixed(1)} ms, warm ${warm.toFixed(1)} ms (target < 300 ms)`,
    );
  }
  rmSync(dirname(dir), { recursive: true, force: true });
}

void main();
