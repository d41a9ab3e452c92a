// The editor's side of choosing a backend: the URI from `mlops.tracking.uri` (or this window's local MLflow
// server), the MLflow token from SecretStorage only, kept per server origin and sent to that origin only
// (core/secrets/origins.ts); a workspace-level URI that is not the user's own is confirmed once before it is
// contacted. What the URI means is decided in core/backend.ts, as for the CLI.
import * as vscode from 'vscode';
import { showWarning } from './notify';
import {
  isMlflowUri,
  openRegistry as openCoreRegistry,
  openTrackingStore,
  resolveBackend,
  type Backend,
} from '../core/backend';
import { originToConfirm, serverOrigin, tokenKey } from '../core/secrets/origins';
import type { ModelRegistry } from '../core/registry/types';
import type { MlflowAuth } from '../core/tracking/mlflow/http';
import type { TrackingStore } from '../core/tracking/types';
import { byLocation, type Served, storeHolding } from '../core/tracking/folder-backends';

export { isMlflowUri } from '../core/backend';

/** Where the editor keeps tokens, and which workspace servers this workspace's user has accepted. */
export type Credentials = Pick<vscode.ExtensionContext, 'secrets' | 'workspaceState'>;

const CONFIRMED_ORIGINS = 'mlops.confirmedTrackingOrigins';

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

/** Remember that the user accepted this workspace's server (chosen in the editor, or confirmed when asked). */
export async function acceptWorkspaceServer(credentials: Credentials, uri: string): Promise<void> {
  const origin = serverOrigin(uri);
  const confirmed = credentials.workspaceState.get<string[]>(CONFIRMED_ORIGINS, []);
  if (origin && !confirmed.includes(origin))
    await credentials.workspaceState.update(CONFIRMED_ORIGINS, [...confirmed, origin]);
}

/** The MLflow token stored for this URI's origin, or undefined to forget it. */
export async function storeMlflowToken(secrets: vscode.SecretStorage, uri: string, token: string | undefined) {
  const origin = serverOrigin(uri);
  if (!origin) return;
  if (token) await secrets.store(tokenKey('mlflow', origin), token);
  else await secrets.delete(tokenKey('mlflow', origin));
}

/** One question at a time per origin (several views open the store at once); a "no" holds for this window. */
const asking = new Map<string, Promise<boolean>>();
const declined = new Set<string>();

/**
 * A workspace-level `mlops.tracking.uri` naming a server the user did not set themselves (a cloned repository's
 * `.vscode/settings.json`) is contacted only after the user says so, once per workspace and origin.
 */
async function confirmWorkspaceServer(credentials: Credentials): Promise<void> {
  const levels = vscode.workspace.getConfiguration('mlops').inspect<string>('tracking.uri');
  const origin = originToConfirm(
    { user: levels?.globalValue, workspace: levels?.workspaceFolderValue ?? levels?.workspaceValue },
    credentials.workspaceState.get<string[]>(CONFIRMED_ORIGINS, []),
  );
  if (!origin) return;
  const useServer = vscode.l10n.t('Use This Server');
  let answer = declined.has(origin) ? Promise.resolve(false) : asking.get(origin);
  if (!answer) {
    answer = Promise.resolve(
      showWarning(
        vscode.l10n.t(
          'This workspace sets mlops.tracking.uri to {0}, not your own tracking server. Send runs and models there?',
          origin,
        ),
        {
          modal: true,
          detail: vscode.l10n.t(
            'Asked once for this workspace. Tokens are only ever sent to the server they were given for.',
          ),
        },
        useServer,
      ),
    ).then((pick) => pick === useServer);
    asking.set(origin, answer);
    void answer.finally(() => asking.delete(origin));
  }
  if (!(await answer)) {
    declined.add(origin);
    throw new Error(
      `Not contacting ${origin}: this workspace's mlops.tracking.uri was not accepted. Choose a backend with “MLOps: Choose Tracking Backend”.`,
    );
  }
  await acceptWorkspaceServer(credentials, origin);
}

async function mlflowAuth(credentials: Credentials, uri: string): Promise<MlflowAuth> {
  // Our own local server needs no token and must not receive one.
  if (uri === sessionUri) return { kind: 'none' };
  await confirmWorkspaceServer(credentials);
  const origin = serverOrigin(uri);
  const token = origin ? await credentials.secrets.get(tokenKey('mlflow', origin)) : undefined;
  return token ? { kind: 'bearer', token } : { kind: 'none' };
}

/** The MLflow server in effect and its credentials; undefined with a local store. */
export async function mlflowBackend(credentials: Credentials): Promise<{ uri: string; auth: MlflowAuth } | undefined> {
  const uri = trackingUri();
  return isMlflowUri(uri) ? { uri, auth: await mlflowAuth(credentials, uri) } : undefined;
}

/** `folder` (a workspace folder's path), else the window's first folder. */
function workspaceFolder(folder?: string): string {
  const first = vscode.workspace.workspaceFolders?.[0];
  if (folder !== undefined) return folder;
  if (!first) throw new Error(vscode.l10n.t('Open a folder first: runs and models live with the project.'));
  return first.uri.fsPath;
}

/** The backend `folder` records in, as `mlops` run there would (core/backend.ts decides what the URI means). */
async function backend(credentials: Credentials, folder?: string): Promise<Backend> {
  const uri = trackingUri();
  const auth = isMlflowUri(uri) ? await mlflowAuth(credentials, uri) : ({ kind: 'none' } as const);
  return resolveBackend(uri || undefined, workspaceFolder(folder), () => auth);
}

/** The tracking store of `folder` (default: the first folder). */
export async function openStore(credentials: Credentials, folder?: string): Promise<TrackingStore> {
  return openTrackingStore(await backend(credentials, folder));
}

/** The model registry of `folder` (default: the first folder): its repository's GTO tags, or MLflow's. */
export async function openRegistry(credentials: Credentials, folder?: string): Promise<ModelRegistry> {
  const dir = workspaceFolder(folder);
  return openCoreRegistry(
    await backend(credentials, dir),
    dir,
    'run “Initialize Git Repository” in the Models view to create one.',
  );
}

/** Each store the window's folders record in, once, with the folders recording there (core/tracking/folder-backends.ts). */
export async function folderStores(
  credentials: Credentials,
  folders: readonly string[],
): Promise<Served<TrackingStore>[]> {
  return byLocation(
    await Promise.all(folders.map(async (folder) => ({ folder, backend: await openStore(credentials, folder) }))),
  );
}

/** The store holding run `runId`: every folder's asked in the window's order; the first folder's when none has it. */
export async function storeOfRun(
  credentials: Credentials,
  folders: readonly string[],
  runId: string,
): Promise<{ store: TrackingStore; folder?: string }> {
  const served = await folderStores(credentials, folders);
  const store = await storeHolding(
    served.map((s) => s.backend),
    runId,
  );
  const found = served.find((s) => s.backend === store) ?? served[0];
  if (!found) return { store: await openStore(credentials) };
  return { store: found.backend, folder: found.folders[0] };
}

/** What the editor's features ask of the backends of a window's folders (one instance, made in activate()). */
export interface FolderBackends {
  /** The store `folder` records in (default: the first folder). */
  store(folder?: string): Promise<TrackingStore>;
  /** The registry `folder`'s models are in (default: the first folder). */
  registry(folder?: string): Promise<ModelRegistry>;
  /** The store holding a run, and the (first) folder recording there. */
  ofRun(runId: string): Promise<{ store: TrackingStore; folder?: string }>;
  /** Every store of the window's folders, once, with its folders. */
  stores(): Promise<Served<TrackingStore>[]>;
  /** Every registry the window's folders can open, once, with its folders (a folder outside git has none). */
  registries(): Promise<Served<ModelRegistry>[]>;
}

/** The window's folders' backends, the folders read when asked (they follow folders added to the window). */
export function folderBackends(credentials: Credentials): FolderBackends {
  const folders = (): string[] => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  return {
    store: (folder) => openStore(credentials, folder),
    registry: (folder) => openRegistry(credentials, folder),
    ofRun: (runId) => storeOfRun(credentials, folders(), runId),
    stores: () => folderStores(credentials, folders()),
    registries: async () => {
      const opened = await Promise.all(
        folders().map((folder) =>
          openRegistry(credentials, folder).then(
            (backend) => [{ folder, backend }],
            () => [],
          ),
        ),
      );
      return byLocation(opened.flat());
    },
  };
}
