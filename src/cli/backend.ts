// The CLI's side of choosing a backend: the URI from `--tracking-uri URI` or env MLOPS_TRACKING_URI, MLflow
// credentials from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD; what the URI means is decided in
// core/backend.ts, as for the editor. Also the CLI's reporting of tracking and registry failures.
import { openRegistry as openCoreRegistry, resolveBackend as resolveCoreBackend, type Backend } from '../core/backend';
import { RegistryError, type ModelRegistry } from '../core/registry/types';
import { projectRoot } from '../core/runner/workspace';
import { TrackingError } from '../core/tracking/errors';
import type { MlflowAuth } from '../core/tracking/mlflow/http';
import type { CliIO } from './io';

export { openTrackingStore, type Backend } from '../core/backend';

export const TRACKING_URI_HELP =
  '--tracking-uri URI  http(s)://… an MLflow server, or a local store folder (default: env MLOPS_TRACKING_URI, else the workspace store)';

/** MLflow credentials from the environment, as MLflow's own client reads them. */
export function mlflowAuthFromEnv(env: CliIO['env']): MlflowAuth {
  const token = env.MLFLOW_TRACKING_TOKEN;
  if (token) return { kind: 'bearer', token };
  const username = env.MLFLOW_TRACKING_USERNAME;
  const password = env.MLFLOW_TRACKING_PASSWORD;
  if (username || password) {
    if (!username || !password) {
      throw new TrackingError(
        'invalid-argument',
        'MLflow basic auth needs both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (only one is set)',
      );
    }
    return { kind: 'basic', username, password };
  }
  return { kind: 'none' };
}

/**
 * The backend of `--tracking-uri URI`, else env MLOPS_TRACKING_URI, else the project's store (core/backend.ts). A
 * store folder given is named from the working folder; the default store is the project's `.mlops/` (projectRoot:
 * the DVC repository, as DVC keeps one `.dvc/` for it), so a run started in a subfolder is recorded, and listed,
 * where the runs from the root are.
 */
export function resolveBackend(option: string | undefined, io: CliIO): Backend {
  const uri = option ?? (io.env.MLOPS_TRACKING_URI || undefined);
  return resolveCoreBackend(uri, uri ? io.cwd : projectRoot(io.cwd), () => mlflowAuthFromEnv(io.env));
}

export function openRegistry(backend: Backend, cwd: string): Promise<ModelRegistry> {
  return openCoreRegistry(backend, cwd, 'run git init, or point --tracking-uri at an MLflow server');
}

/** Prints a known failure (tracking or registry) for people and gives exit code 1; anything else is a bug and rethrown. */
export function reportFailure(command: string, err: unknown, io: CliIO): number {
  if (err instanceof TrackingError || err instanceof RegistryError) {
    io.stderr(`${command}: ${err.message}\n`);
    return 1;
  }
  throw err;
}

/** JSON for stdout: non-finite metric values as MLflow writes them ("NaN", "Infinity", "-Infinity"). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}
