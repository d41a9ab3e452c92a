// Writing to the tracking backend from outside a pipeline run: the experiment by name (created on first use),
// and one finished run holding a batch job's metrics. Production jobs (a nightly batch scoring, a drift
// check) log this way, one run per batch, into the experiment the monitoring alerts watch — as a job using
// MLflow's client would call `mlflow.set_experiment` then `start_run`/`log_metrics`/`end_run`.
import type { Experiment, Run, TrackingStore } from './types';

/** The experiment so named, created when missing; another process creating it at the same moment is fine. */
export async function experimentNamed(store: TrackingStore, name: string): Promise<Experiment> {
  const found = await store.getExperimentByName(name);
  if (found) return found;
  try {
    return await store.createExperiment(name);
  } catch (err) {
    const raced = await store.getExperimentByName(name);
    if (raced) return raced;
    throw err;
  }
}

export interface FinishedRun {
  experiment: string;
  name: string;
  metrics: Record<string, number>;
  /** When the batch's job ran (ms since the epoch); default now. */
  time?: number;
}

/** One FINISHED run with the metrics at step 0, in the named experiment. */
export async function logFinishedRun(store: TrackingStore, job: FinishedRun): Promise<Run> {
  const exp = await experimentNamed(store, job.experiment);
  const time = job.time ?? Date.now();
  const run = await store.createRun({ experimentId: exp.id, name: job.name, startTime: time, git: null });
  const points = Object.entries(job.metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: time }));
  await store.logMetrics(run.id, points);
  await store.updateRun(run.id, { status: 'FINISHED', endTime: time });
  return run;
}
