// Reading whole metric histories through any TrackingStore, and following a running run: each poll
// returns the run's current summary and only the points logged since the previous poll.
import type { HistoryPoint, MetricPoint, RunSummary, TrackingStore } from './types';

/** Every point of one metric, across all pages. */
export async function readHistory(store: TrackingStore, runId: string, key: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.getMetricHistory(runId, key, { pageToken });
    points.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return points;
}

/** Every history of a run, keyed by metric. */
export async function readHistories(store: TrackingStore, run: RunSummary): Promise<Record<string, HistoryPoint[]>> {
  const keys = Object.keys(run.metrics);
  const histories = await Promise.all(keys.map((k) => readHistory(store, run.id, k)));
  return Object.fromEntries(keys.map((k, i) => [k, histories[i] as HistoryPoint[]]));
}

export interface RunFollower {
  /** The run now, and the points logged since the last call (all points on the first call after `seen`). */
  poll(): Promise<{ run: RunSummary | undefined; points: MetricPoint[] }>;
}

/** `seen`: how many points of each metric the caller already has. */
export function followRun(store: TrackingStore, runId: string, seen: Record<string, number> = {}): RunFollower {
  const counts = { ...seen };
  return {
    async poll() {
      const run = await store.getRun(runId);
      if (!run) return { run: undefined, points: [] };
      const points: MetricPoint[] = [];
      for (const key of Object.keys(run.metrics)) {
        const history = await readHistory(store, runId, key);
        const from = counts[key] ?? 0;
        for (let i = from; i < history.length; i++) points.push({ key, ...(history[i] as HistoryPoint) });
        counts[key] = history.length;
      }
      return { run, points };
    },
  };
}
