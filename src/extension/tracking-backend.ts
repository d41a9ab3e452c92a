// The editor's side of choosing a backend: the URI from `mlops.tracking.uri` (or this window's local MLflow
// server), the MLflow token from SecretStorage only; what the URI means is decided in core/backend.ts, as for
// the CLI.
import * as vscode from 'vscode';
import {
  isMlflowUri,
  openRegistry as openCoreRegistry,
  openTrackingStore,
  resolveBackend,
  type Backend,
} from '../core/backend';
import type { ModelRegistry } from '../core/registry/types';
import type { MlflowAuth } from '../core/tracking/mlflow/http';
import type { TrackingStore } from '../core/tracking/types';

export { isMlflowUri } from '../core/backend';

export const MLFLOW_TOKEN_SECRET = 'mlops.mlflow.token';

/**
 * A tracking URI for this window only, over the setting: a local MLflow server (local-mlflow.ts) listens
 * on a random port, which must not end up in settings.json.
 */
let sessionUri: string | undefined;
const sessionChanged = new vscode.EventEmitter<void>();
/** Fires when the session override comes or goes (the setting has its own configuration event). */
export const onDidChangeSessionTrackingUri = sessionChanged.event;

export function setSessionTrackingUri(uri: string | undefined): void {
  sessionUri = uri;
  sessionChanged.fire();
}

/** `mlops.tracking.uri` as the user set it. */
export function configuredTrackingUri(): string {
  return vscode.workspace.getConfiguration('mlops').get<string>('tracking.uri', '').trim();
}

/** The tracking URI in effect: the session's, else the setting. */
export function trackingUri(): string {
  return sessionUri ?? configuredTrackingUri();
}

async function mlflowAuth(secrets: vscode.SecretStorage, uri: string): Promise<MlflowAuth> {
  // The token is for the configured server; our own local server needs none and must not receive it.
  if (uri === sessionUri) return { kind: 'none' };
  const token = await secrets.get(MLFLOW_TOKEN_SECRET);
  return token ? { kind: 'bearer', token } : { kind: 'none' };
}

/** The MLflow server in effect and its credentials; undefined with a local store. */
export async function mlflowBackend(
  secrets: vscode.SecretStorage,
): Promise<{ uri: string; auth: MlflowAuth } | undefined> {
  const uri = trackingUri();
  return isMlflowUri(uri) ? { uri, auth: await mlflowAuth(secrets, uri) } : undefined;
}

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: runs and models live with the project.');
  return folder;
}

/** The backend in effect (core/backend.ts decides what the URI means; the token comes from SecretStorage). */
async function backend(secrets: vscode.SecretStorage): Promise<Backend> {
  const uri = trackingUri();
  const auth = isMlflowUri(uri) ? await mlflowAuth(secrets, uri) : ({ kind: 'none' } as const);
  return resolveBackend(uri || undefined, workspaceFolder().uri.fsPath, () => auth);
}

export async function openStore(secrets: vscode.SecretStorage): Promise<TrackingStore> {
  return openTrackingStore(await backend(secrets));
}

export async function openRegistry(secrets: vscode.SecretStorage): Promise<ModelRegistry> {
  return openCoreRegistry(
    await backend(secrets),
    workspaceFolder().uri.fsPath,
    'run “Initialize Git Repository” in the Models view to create one.',
  );
}
