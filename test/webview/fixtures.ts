// Runs and histories for the panel tests, made up on the spot (deterministic).
import type { HistoryPoint, RunSummary } from '../../src/core/tracking/types';
import { toSeries, type Histories, type Series } from '../../src/webview/contract';

export function run(id: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    experiment: 'default',
    experimentId: '0',
    name: `run-${id}`,
    status: 'FINISHED',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_060_000,
    params: { lr: '0.1', epochs: '20' },
    metrics: { accuracy: 0.9, loss: 0.2 },
    git: { commit: '0123456789abcdef0123456789abcdef01234567', branch: 'main', dirty: false },
    tags: {},
    lifecycle: 'active',
    ...overrides,
  } as RunSummary;
}

export function points(n: number, f: (i: number) => number, start = 1_700_000_000_000): HistoryPoint[] {
  return Array.from({ length: n }, (_, i) => ({ step: i, value: f(i), timestamp: start + i * 1000 }));
}

export function curve(n: number, f: (i: number) => number, start = 1_700_000_000_000): Series {
  return toSeries(points(n, f, start));
}

export function histories(ids: string[], n: number): Histories {
  return Object.fromEntries(
    ids.map((id, k) => [
      id,
      {
        loss: curve(n, (i) => 1 / (1 + i * (0.05 + 0.01 * k))),
        accuracy: curve(n, (i) => 1 - 0.5 / (1 + i * (0.1 + 0.05 * k))),
      },
    ]),
  );
}
