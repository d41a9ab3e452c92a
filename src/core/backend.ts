// Which tracking store and model registry a workspace talks to, decided once for the CLI and the editor. A URI
// `http(s)://…` is an MLflow Tracking Server, with MLflow's Model Registry; anything else is a local store folder
// (relative to the workspace), with GTO git tags in the workspace's repository as the registry; no URI is the
// workspace's own store (`.mlops/`). The adapters only find the URI (flag, env, setting) and the credentials
// (env, SecretStorage).
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { GtoRegistry } from './registry/gto';
import { MlflowModelRegistry } from './registry/mlflow';
import { RegistryError, type ModelRegistry } from './registry/types';
import { workspaceStoreDir } from './tracking/local/layout';
import { openLocalStore } from './tracking/local/store';
import type { MlflowAuth } from './tracking/mlflow/http';
import { MlflowTrackingStore } from './tracking/mlflow/store';
import type { TrackingStore } from './tracking/types';

export type Backend = { kind: 'mlflow'; uri: string; auth: MlflowAuth } | { kind: 'local'; dir: string };

export function isMlflowUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

/**
 * The backend of `uri` for the workspace at `workspace`. `auth` is asked only for an MLflow URI (so a broken
 * credential setting fails only where it is used).
 */
export function resolveBackend(uri: string | undefined, workspace: string, auth: () => MlflowAuth): Backend {
  if (uri && isMlflowUri(uri)) return { kind: 'mlflow', uri, auth: auth() };
  return { kind: 'local', dir: uri ? path.resolve(workspace, uri) : workspaceStoreDir(workspace) };
}

export function openTrackingStore(backend: Backend): TrackingStore {
  return backend.kind === 'mlflow'
    ? new MlflowTrackingStore({ trackingUri: backend.uri, auth: backend.auth })
    : openLocalStore(backend.dir);
}

/**
 * MLflow's Model Registry with an MLflow backend; otherwise GTO tags in the git repository around `workspace`.
 * Outside a repository: a RegistryError ending with `howToFix` (each adapter names its own way to create one).
 */
export async function openRegistry(backend: Backend, workspace: string, howToFix: string): Promise<ModelRegistry> {
  if (backend.kind === 'mlflow') return new MlflowModelRegistry({ trackingUri: backend.uri, auth: backend.auth });
  const top = await simpleGit({ baseDir: workspace })
    .revparse(['--show-toplevel'])
    .catch(() => undefined);
  if (!top)
    throw new RegistryError(
      `${workspace} is not in a git repository: the model registry keeps versions as GTO git tags — ${howToFix}`,
    );
  return new GtoRegistry(top.trim());
}
