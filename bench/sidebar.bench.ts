// The Experiments view's first page of a 10k-run experiment from the local store (issue 6: target < 300 ms):
// exactly what the view does on open — experimentsWithRuns() then loadRunPage() — in a fresh store object
// (cold: the window just opened) and again (warm: a refresh), newest-first and sorted by a metric.
// The same query against a real MLflow server is in bench/tracking-list.bench.ts (local vs MLflow ratio).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOrderBy } from '../src/core/tracking/filter';
import { openLocalStore } from '../src/core/tracking/local/store';
import { experimentsWithRuns, loadRunPage, type ViewQuery } from '../src/extension/sidebar/experiments-model';
import { medianMs } from './timing';

const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 10_000);

async function main(): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlops-sidebar-bench-')), '.mlops');
  const store = openLocalStore(dir);
  const exp = await store.createExperiment('bench');
  const t = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const run = await store.createRun({ experimentId: exp.id, name: `run-${i}`, startTime: 1_700_000_000_000 + i });
    await store.logParams(run.id, { lr: String((i % 10) / 10) });
    await store.logMetrics(
      run.id,
      ['accuracy', 'loss', 'f1'].map((key, k) => ({
        key,
        value: ((i * 7919 + k * 104729) % 10007) / 10007,
        step: 0,
        timestamp: 1_700_000_000_000 + i,
      })),
    );
    await store.updateRun(run.id, { status: 'FINISHED', endTime: 1_700_000_001_000 + i });
  }
  console.log(`seeded ${RUNS} runs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await store.searchRuns({ pageSize: 1 });

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
    const cold = await medianMs(() => open(openLocalStore(dir)));
    const warm = await medianMs(() => open(store));
    const page = await open(store);
    console.log(
      `first page (${page.runs.length} of ${RUNS} runs, ${label}): cold ${cold.toFixed(1)} ms, warm ${warm.toFixed(1)} ms (target < 300 ms)`,
    );
  }
}

void main();
