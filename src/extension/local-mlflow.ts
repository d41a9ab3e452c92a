// A folder whose scripts log with plain `mlflow` holds mlflow.db or mlruns/: offer to start a local
// `mlflow server` over it (loopback only, from the workspace's Python environment) and browse its runs.
// The server's URL is this window's tracking URI until the server stops; it is never written to settings
// (its port is random). Starting it runs the workspace's Python, so only a trusted workspace may.
import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from './notify';
import {
  findLocalMlflowStore,
  LocalMlflowError,
  startLocalMlflowServer,
  type LocalMlflowServer,
} from '../core/tracking/mlflow/local-server';
import { selectedPythonBin } from './runner/python-env';
import { configuredTrackingUri, setSessionTrackingUri } from './tracking-backend';
import { errorMessage, type Localized } from './localized';

/** workspaceState: the user chose "Never for this folder". */
const NEVER_KEY = 'mlops.localMlflow.never';
// Buttons are compared with what the user picked, so each is translated once (VS Code loads the bundle first).
const NEVER = vscode.l10n.t('Never for this folder');
const MANAGE_TRUST = vscode.l10n.t('Manage Workspace Trust');
const SHOW_OUTPUT = vscode.l10n.t('Show Output');
const START = vscode.l10n.t('Start');

let server: LocalMlflowServer | undefined;
let starting: Promise<void> | undefined;

/** Stops the server this window started, if any (on deactivate). */
export async function stopLocalMlflow(): Promise<void> {
  const s = server;
  server = undefined;
  setSessionTrackingUri(undefined);
  await s?.stop();
}

export function registerLocalMlflow(
  context: vscode.ExtensionContext,
  sidebar: { refresh(): void },
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const folder = (): vscode.WorkspaceFolder | undefined => vscode.workspace.workspaceFolders?.[0];

  const never = (): Thenable<void> => context.workspaceState.update(NEVER_KEY, true);

  const explainTrust = async (label: string, ...more: Localized[]): Promise<void> => {
    const pick = await showWarning(
      vscode.l10n.t(
        "This folder has an MLflow store ({0}), but a local MLflow server is only started in a trusted workspace: it runs this folder's Python environment.",
        label,
      ),
      MANAGE_TRUST,
      ...more,
    );
    if (pick === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
    else if (pick === NEVER) await never();
  };

  const openUi = async (url: string, message: Localized): Promise<void> => {
    if (await showInfo(message, vscode.l10n.t('Open MLflow UI'))) await vscode.env.openExternal(vscode.Uri.parse(url));
  };

  const use = (s: LocalMlflowServer): void => {
    server = s;
    setSessionTrackingUri(s.url);
    sidebar.refresh();
    log.info(
      `Local MLflow server over ${s.store.path} at ${s.url} (pid ${s.pid}, ${s.mlflow.executable}), ready in ${s.startMs} ms`,
    );
    void s.exited.then(() => {
      if (server !== s) return; // stopped on purpose
      server = undefined;
      setSessionTrackingUri(undefined);
      sidebar.refresh();
      void showWarning(
        vscode.l10n.t('The local MLflow server stopped by itself: the MLOps views show the configured backend again.'),
        SHOW_OUTPUT,
      ).then((pick) => pick && log.show());
    });
    void openUi(
      s.url,
      vscode.l10n.t('Browsing {0} through a local MLflow server at {1}, for this window only.', s.store.label, s.url),
    );
  };

  const start = async (): Promise<void> => {
    const f = folder();
    if (!f) {
      showWarning(vscode.l10n.t('Open a folder first: the MLflow store (mlflow.db or mlruns/) is looked for in it.'));
      return;
    }
    const store = findLocalMlflowStore(f.uri.fsPath);
    if (!store) {
      showInfo(
        vscode.l10n.t('{0} has no MLflow store: neither an mlflow.db file nor an mlruns/ folder at its top.', f.name),
      );
      return;
    }
    if (!vscode.workspace.isTrusted) return explainTrust(store.label);
    if (server)
      return openUi(
        server.url,
        vscode.l10n.t('A local MLflow server over {0} is already running at {1}.', store.label, server.url),
      );
    let started: LocalMlflowServer;
    try {
      started = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Starting a local MLflow server over {0}…', store.label),
        },
        // The server logs every request: at debug level, shown when the user asks for it (Set Log Level).
        async () =>
          startLocalMlflowServer({
            folder: f.uri.fsPath,
            selectedPythonBin: await selectedPythonBin(f.uri),
            onOutput: (text) => log.debug(text.trimEnd()),
          }),
      );
    } catch (err) {
      const message = errorMessage(err);
      log.error(`Local MLflow server: ${message}`);
      if (err instanceof LocalMlflowError && err.output) log.error(err.output);
      const more = err instanceof LocalMlflowError && err.reason === 'failed-to-start' ? [SHOW_OUTPUT] : [];
      if (await showError(message, ...more)) log.show();
      return;
    }
    use(started);
  };

  /** One start at a time, whether from the offer or the command. */
  const startOnce = (): Promise<void> => (starting ??= start().finally(() => (starting = undefined)));

  const offer = async (): Promise<void> => {
    const f = folder();
    const store = f && findLocalMlflowStore(f.uri.fsPath);
    if (
      !store ||
      server ||
      starting ||
      configuredTrackingUri() !== '' ||
      context.workspaceState.get<boolean>(NEVER_KEY)
    )
      return;
    // Untrusted: say why not; the offer comes back when the folder is trusted (onDidGrantWorkspaceTrust).
    if (!vscode.workspace.isTrusted) return explainTrust(store.label, NEVER);
    const pick = await showInfo(
      vscode.l10n.t(
        'This folder has an MLflow store ({0}). Start a local MLflow server on 127.0.0.1 and browse its runs?',
        store.label,
      ),
      START,
      vscode.l10n.t('Not now'),
      NEVER,
    );
    if (pick === START) await startOnce();
    else if (pick === NEVER) await never();
  };
  void offer();

  return [
    vscode.commands.registerCommand('mlops.startLocalMlflow', startOnce),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void offer()),
    // Choosing a backend in the settings (or with MLOps: Choose Tracking Backend) ends the session override.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (server && e.affectsConfiguration('mlops.tracking.uri')) void stopLocalMlflow().then(() => sidebar.refresh());
    }),
  ];
}
