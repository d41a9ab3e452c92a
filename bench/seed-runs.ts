// Shared by the benches that list a big local store (sidebar, host-block): `n` finished runs in one experiment,
// each with two params and three metrics whose values differ run to run (so sorting by a metric has work to do).
import type { LocalStore } from '../src/core/tracking/local/store';

export async function seedRuns(store: LocalStore, experimentId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const run = await store.createRun({ experimentId, name: `run-${i}`, startTime: 1_700_000_000_000 + i });
    await store.logParams(run.id, { lr: String((i % 10) / 10), seed: String(i) });
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
  await store.searchRuns({ pageSize: 1 }); // the index on disk now holds every run
}
