// The tracking backend the extension reads and writes: the workspace's local store by default, or an
// MLflow Tracking Server from `mlops.tracking.uri` with its token kept in SecretStorage only.
import * as vscode from 'vscode';
import { simpleGit } from 'simple-git';
import { GtoRegistry } from '../core/registry/gto';
import { MlflowModelRegistry } from '../core/registry/mlflow';
import { RegistryError, type ModelRegistry } from '../core/registry/types';
import type { MlflowAuth } from '../core/tracking/mlflow/http';
import { workspaceStoreDir } from '../core/tracking/local/layout';
import { openLocalStore } from '../core/tracking/local/store';
import { MlflowTrackingStore } from '../core/tracking/mlflow/store';
import type { TrackingStore } from '../core/tracking/types';

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

export function isMlflowUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

async function mlflowAuth(secrets: vscode.SecretStorage, uri: string): Promise<MlflowAuth> {
  // The token is for the configured server; our own local server needs none and must not receive it.
  if (uri === sessionUri) return { kind: 'none' };
  const token = await secrets.get(MLFLOW_TOKEN_SECRET);
  return token ? { kind: 'bearer', token } : { kind: 'none' };
}

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: runs and models live with the project.');
  return folder;
}

export async function openStore(secrets: vscode.SecretStorage): Promise<TrackingStore> {
  const uri = trackingUri();
  if (isMlflowUri(uri)) return new MlflowTrackingStore({ trackingUri: uri, auth: await mlflowAuth(secrets, uri) });
  const folder = workspaceFolder();
  return openLocalStore(uri ? vscode.Uri.joinPath(folder.uri, uri).fsPath : workspaceStoreDir(folder.uri.fsPath));
}

/** MLflow's Model Registry with an MLflow backend; otherwise GTO git tags in the workspace's repository. */
export async function openRegistry(secrets: vscode.SecretStorage): Promise<ModelRegistry> {
  const uri = trackingUri();
  if (isMlflowUri(uri)) return new MlflowModelRegistry({ trackingUri: uri, auth: await mlflowAuth(secrets, uri) });
  const dir = workspaceFolder().uri.fsPath;
  const top = await simpleGit({ baseDir: dir })
    .revparse(['--show-toplevel'])
    .catch(() => undefined);
  if (!top)
    throw new RegistryError(
      'This folder is not a git repository: model versions are kept as git tags (GTO). Run “Initialize Repository” to create one.',
    );
  return new GtoRegistry(top.trim());
}
