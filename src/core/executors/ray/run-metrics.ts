// The latest metrics of an MLflow run, read back while a Ray job logs them from the cluster. The job's
// entrypoint sends its points straight to MLflow (ray-entrypoint.py), so the submitting side learns them as any
// MLflow reader does: `runs/get`, whose `data.metrics` is the latest point of each key (highest step, then
// newest) — one request per read, whatever the number of keys or points. Reads come every `fastMs` while values
// change and slow down, doubling, to `slowMs` while they do not: a sweep of N running jobs costs MLflow at most
// N/fastMs requests a second (each job's own log-batch calls come at the same pace), and a quiet one N/slowMs.
// A read that fails is skipped (the next one replaces it): a running row shows a view, MLflow keeps the record.
import type { MlflowClient } from '../../tracking/mlflow/client';
import type { MetricPoint } from '../../tracking/types';

export interface RunMetricsOptions {
  /** Between two reads while values change (default 500 ms: the queue entry is written at most that often). */
  fastMs?: number;
  /** The longest wait between two reads while values stay the same (default 4 s). */
  slowMs?: number;
}

/** Hands every new latest point of `runId` to `onPoints` until `stop()`; never keeps the process alive. */
export function followRunMetrics(
  mlflow: MlflowClient,
  runId: string,
  onPoints: (points: MetricPoint[]) => void,
  opts: RunMetricsOptions = {},
): { stop(): void } {
  const fastMs = opts.fastMs ?? 500;
  const slowMs = Math.max(fastMs, opts.slowMs ?? 4000);
  const shown = new Map<string, string>();
  let wait = fastMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    timer = setTimeout(() => void read(), wait);
    // The job's own follower keeps the process alive while the job runs; this one never is the reason to stay.
    timer.unref();
  };
  const read = async (): Promise<void> => {
    const fresh: MetricPoint[] = [];
    try {
      const run = await mlflow.getRun(runId);
      for (const m of Object.values(run.metrics)) {
        const mark = `${m.step}:${m.timestamp}:${m.value}`;
        if (shown.get(m.key) === mark) continue;
        shown.set(m.key, mark);
        fresh.push({ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp });
      }
    } catch {
      // Skipped: the next read asks again.
    }
    if (stopped) return;
    if (fresh.length > 0) onPoints(fresh);
    wait = fresh.length > 0 ? fastMs : Math.min(wait * 2, slowMs);
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
