// Which backend a CLI command talks to: `--tracking-uri URI` or env MLOPS_TRACKING_URI; http(s)://… is an
// MLflow server (credentials from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD), anything
// else a local store folder; by default the workspace's local store, with GTO git tags as the registry.
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { GtoRegistry } from '../core/registry/gto';
import { MlflowModelRegistry } from '../core/registry/mlflow';
import { RegistryError, type ModelRegistry } from '../core/registry/types';
import { TrackingError } from '../core/tracking/errors';
import { workspaceStoreDir } from '../core/tracking/local/layout';
import { openLocalStore } from '../core/tracking/local/store';
import type { MlflowAuth } from '../core/tracking/mlflow/http';
import { MlflowTrackingStore } from '../core/tracking/mlflow/store';
import type { TrackingStore } from '../core/tracking/types';
import type { CliIO } from './io';

export type Backend = { kind: 'mlflow'; uri: string; auth: MlflowAuth } | { kind: 'local'; dir: string };

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

export function resolveBackend(option: string | undefined, io: CliIO): Backend {
  const uri = option ?? (io.env.MLOPS_TRACKING_URI || undefined);
  if (uri && /^https?:\/\//i.test(uri)) return { kind: 'mlflow', uri, auth: mlflowAuthFromEnv(io.env) };
  return { kind: 'local', dir: uri ? path.resolve(io.cwd, uri) : workspaceStoreDir(io.cwd) };
}

export function openTrackingStore(backend: Backend): TrackingStore {
  return backend.kind === 'mlflow'
    ? new MlflowTrackingStore({ trackingUri: backend.uri, auth: backend.auth })
    : openLocalStore(backend.dir);
}

/** MLflow's Model Registry with an MLflow backend; otherwise GTO tags in the git repository around `cwd`. */
export async function openRegistry(backend: Backend, cwd: string): Promise<ModelRegistry> {
  if (backend.kind === 'mlflow') return new MlflowModelRegistry({ trackingUri: backend.uri, auth: backend.auth });
  const top = await simpleGit({ baseDir: cwd })
    .revparse(['--show-toplevel'])
    .catch(() => undefined);
  if (!top) {
    throw new RegistryError(
      `${cwd} is not in a git repository: the model registry keeps versions as GTO git tags — run git init, or point --tracking-uri at an MLflow server`,
    );
  }
  return new GtoRegistry(top.trim());
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
