// A tracking store seen through a tap on its metrics: every batch logged through it reaches the store as before
// and is also handed to `onPoints`. The runner's recorder taps the live ingesters' store with it (to know which
// keys arrived live), and an isolated experiment's worker taps its whole store (to show its latest values in
// the experiments table while it runs).
import type { MetricPoint, TrackingStore } from './types';

export function tapMetrics(store: TrackingStore, onPoints: (points: readonly MetricPoint[]) => void): TrackingStore {
  // Every other member is the store's own, through the prototype chain.
  return Object.assign(Object.create(store) as TrackingStore, {
    logMetrics(runId: string, points: MetricPoint[]): Promise<void> {
      onPoints(points);
      return store.logMetrics(runId, points);
    },
  });
}
