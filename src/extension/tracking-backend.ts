// The tracking backend the extension reads and writes: the workspace's local store by default, or an
// MLflow Tracking Server from `mlops.tracking.uri` with its token kept in SecretStorage only.
import * as vscode from 'vscode';
import { workspaceStoreDir } from '../core/tracking/local/layout';
import { openLocalStore } from '../core/tracking/local/store';
import { MlflowTrackingStore } from '../core/tracking/mlflow/store';
import type { TrackingStore } from '../core/tracking/types';

export const MLFLOW_TOKEN_SECRET = 'mlops.mlflow.token';

export function trackingUri(): string {
  return vscode.workspace.getConfiguration('mlops').get<string>('tracking.uri', '').trim();
}

export async function openStore(secrets: vscode.SecretStorage): Promise<TrackingStore> {
  const uri = trackingUri();
  if (/^https?:\/\//i.test(uri)) {
    const token = await secrets.get(MLFLOW_TOKEN_SECRET);
    return new MlflowTrackingStore({ trackingUri: uri, auth: token ? { kind: 'bearer', token } : { kind: 'none' } });
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: the local run store lives in the workspace (.mlops/).');
  return openLocalStore(uri ? vscode.Uri.joinPath(folder.uri, uri).fsPath : workspaceStoreDir(folder.uri.fsPath));
}
