// Where `mlops run` (and the experiment queue) runs commands: `--executor local` (default: processes here)
// or `--executor ray` with `--ray-address http://HOST:8265` (env MLOPS_RAY_ADDRESS; token MLOPS_RAY_TOKEN).
// A run on Ray reports into MLflow, so it needs an MLflow backend the cluster can reach.
import { RayJobsClient } from '../core/executors/ray/jobs-client';
import { rayExecutor, type RayDataSource } from '../core/executors/ray/ray-executor';
import type { PlanExecutor } from '../core/runner/execute';
import { MlflowClient } from '../core/tracking/mlflow/client';
import type { Backend } from './backend';
import type { CliIO } from './io';

export const EXECUTOR_HELP = `  --executor E     local (default: processes here) or ray (one Ray job per run, results in MLflow)
  --ray-address A  the Ray dashboard, http://HOST:8265 (default: env MLOPS_RAY_ADDRESS; token: env MLOPS_RAY_TOKEN)
  --ray-data D     inputs not in git: dvc-remote (dvc pull on the cluster), an absolute folder every node
                   mounts, or none (default: refuse if the stages need any)`;

export type ExecutorChoice = { ok: true; executor?: PlanExecutor; describe: string } | { ok: false; message: string };

export function chooseExecutor(
  options: { executor?: string; 'ray-address'?: string; 'ray-data'?: string },
  backend: Backend,
  io: CliIO,
): ExecutorChoice {
  const kind = options.executor ?? io.env.MLOPS_EXECUTOR ?? 'local';
  if (kind === 'local') return { ok: true, describe: 'local processes' };
  if (kind !== 'ray') return { ok: false, message: `--executor is local or ray, not '${kind}'` };
  const address = options['ray-address'] ?? io.env.MLOPS_RAY_ADDRESS;
  if (!address)
    return { ok: false, message: '--executor ray needs --ray-address http://HOST:8265 (or env MLOPS_RAY_ADDRESS)' };
  if (backend.kind !== 'mlflow') {
    return {
      ok: false,
      message:
        '--executor ray reports into MLflow: give --tracking-uri http://… (or MLOPS_TRACKING_URI), a server the cluster can reach, started with --artifacts-destination',
    };
  }
  if (backend.auth.kind === 'basic') {
    return {
      ok: false,
      message:
        '--executor ray passes MLflow credentials to the job as a token: use MLFLOW_TRACKING_TOKEN, not a user and password',
    };
  }
  const data = dataSource(options['ray-data'] ?? io.env.MLOPS_RAY_DATA);
  if (typeof data === 'string') return { ok: false, message: data };
  const ray = new RayJobsClient({ address, token: io.env.MLOPS_RAY_TOKEN || undefined });
  return {
    ok: true,
    describe: `Ray at ${ray.address}`,
    executor: rayExecutor({
      ray,
      mlflow: new MlflowClient({ trackingUri: backend.uri, auth: backend.auth }),
      trackingUri: backend.uri,
      trackingToken: backend.auth.kind === 'bearer' ? backend.auth.token : undefined,
      data,
      onSubmitted: (id) => io.stderr(`submitted Ray job ${id} to ${ray.address}\n`),
    }),
  };
}

function dataSource(value: string | undefined): RayDataSource | string {
  if (value === undefined || value === 'none') return { kind: 'none' };
  if (value === 'dvc-remote') return { kind: 'dvc-remote' };
  if (value.startsWith('/')) return { kind: 'shared-path', path: value };
  return `--ray-data is dvc-remote, none, or an absolute folder every node mounts — not '${value}'`;
}
