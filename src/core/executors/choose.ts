// Which PlanExecutor a run uses, decided once for the CLI (flags, env) and the extension (settings,
// SecretStorage): the local runner's processes by default, or a Ray cluster — which reports into MLflow, so
// it needs an MLflow backend, and which hands the job a token (never a user and password).
import type { PlanExecutor } from '../runner/execute';
import { MlflowClient } from '../tracking/mlflow/client';
import type { MlflowAuth } from '../tracking/mlflow/http';
import { RayError, RayJobsClient } from './ray/jobs-client';
import { rayExecutor, type RayDataSource } from './ray/ray-executor';

export interface ExecutorSettings {
  /** 'local' | 'ray'; anything else is refused. */
  executor: string;
  rayAddress?: string;
  rayToken?: string;
  /** 'none' | 'dvc-remote' | an absolute folder every node mounts. */
  rayData?: string;
  /** Seconds a running job's cluster may stay silent before the experiment counts as lost (default 60). */
  rayLostAfterSeconds?: number;
}

export type ExecutorChoice =
  | { ok: true; kind: 'local' }
  | {
      ok: true;
      kind: 'ray';
      executor: PlanExecutor;
      address: string;
      /** Throws RayError 'unreachable' when the cluster does not answer: nothing has been recorded or sent. */
      reachable: () => Promise<void>;
    }
  | { ok: false; message: string };

export function chooseExecutor(
  settings: ExecutorSettings,
  mlflow: { uri: string; auth: MlflowAuth } | undefined,
  onSubmitted?: (jobId: string, address: string) => void,
): ExecutorChoice {
  if (settings.executor === 'local') return { ok: true, kind: 'local' };
  if (settings.executor !== 'ray')
    return { ok: false, message: `the executor is local or ray, not '${settings.executor}'` };
  if (!settings.rayAddress)
    return { ok: false, message: 'running on Ray needs the address of its dashboard, http://HOST:8265' };
  if (!mlflow) {
    return {
      ok: false,
      message:
        'a run on Ray reports into MLflow: choose an MLflow tracking server the cluster can reach (started with --artifacts-destination)',
    };
  }
  if (mlflow.auth.kind === 'basic') {
    return {
      ok: false,
      message: 'a run on Ray hands MLflow credentials to the job as a token: use a token, not a user and password',
    };
  }
  const data = dataSource(settings.rayData);
  if (typeof data === 'string') return { ok: false, message: data };
  let ray: RayJobsClient;
  try {
    ray = new RayJobsClient({ address: settings.rayAddress, token: settings.rayToken || undefined });
  } catch (err) {
    if (err instanceof RayError) return { ok: false, message: err.message };
    throw err;
  }
  return {
    ok: true,
    kind: 'ray',
    address: ray.address,
    reachable: async () => {
      await ray.version();
    },
    executor: rayExecutor({
      ray,
      mlflow: new MlflowClient({ trackingUri: mlflow.uri, auth: mlflow.auth }),
      metricsReader: new MlflowClient({
        trackingUri: mlflow.uri,
        auth: mlflow.auth,
        retry: { maxAttempts: 1, timeoutMs: 5000 },
      }),
      trackingUri: mlflow.uri,
      trackingToken: mlflow.auth.kind === 'bearer' ? mlflow.auth.token : undefined,
      data,
      lostAfterMs: (settings.rayLostAfterSeconds ?? 60) * 1000,
      onSubmitted: (id) => onSubmitted?.(id, ray.address),
    }),
  };
}

function dataSource(value: string | undefined): RayDataSource | string {
  if (value === undefined || value === '' || value === 'none') return { kind: 'none' };
  if (value === 'dvc-remote') return { kind: 'dvc-remote' };
  if (value.startsWith('/')) return { kind: 'shared-path', path: value };
  return `the Ray data source is dvc-remote, none, or an absolute folder every node mounts — not '${value}'`;
}
