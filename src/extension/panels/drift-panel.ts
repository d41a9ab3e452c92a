// Hosts the drift panel for one reference/current pair: reads both files and the "drift" settings of
// .mlops.json, compares them with core/drift, sends the result once per `ready` or `refresh`. Opened by
// `mlops.openDriftPanel` from the palette (two file pickers) or the Explorer (two files selected).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { receivePanelMessages } from './receive';
import { compareFiles, DATA_EXTENSIONS, DataFileError, parseDriftSettings } from '../../core/drift';
import { projectBlock } from '../../core/project-config';
import { type DriftHostMessage, isDriftPanelMessage, type PersistedDriftPanel } from '../../webview/contract';
import { showInfo } from '../notify';
import { driftLoad } from './drift-model';
import { bundlePage } from './bundle-page';

export const DRIFT_VIEW_TYPE = 'mlops.driftPanel';

interface DriftPair {
  reference: vscode.Uri;
  current: vscode.Uri;
}

function host(panel: vscode.WebviewPanel, pair: DriftPair, extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const label = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri);
  panel.title = vscode.l10n.t('Drift: {0}', path.basename(pair.current.fsPath));
  panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
  panel.webview.html = bundlePage(panel.webview, dist, 'drift', panel.title);
  const post = (m: DriftHostMessage) => void panel.webview.postMessage(m);
  // Saved by the webview, so the serializer can reopen the same comparison after a reload.
  const state: PersistedDriftPanel = {
    kind: 'drift',
    reference: pair.reference.toString(),
    current: pair.current.toString(),
  };
  const load = async () => {
    const folder = vscode.workspace.getWorkspaceFolder(pair.current)?.uri.fsPath ?? path.dirname(pair.current.fsPath);
    const settings = projectBlock(folder, 'drift', parseDriftSettings);
    if (!settings.ok) return post({ type: 'error', message: settings.message });
    try {
      const comparison = await compareFiles(
        { path: pair.reference.fsPath, label: label(pair.reference) },
        { path: pair.current.fsPath, label: label(pair.current) },
        settings.value,
      );
      post(driftLoad(comparison, state));
    } catch (err) {
      if (!(err instanceof DataFileError)) log.error(`drift panel: ${String(err)}`);
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  receivePanelMessages(panel.webview, 'drift panel', isDriftPanelMessage, log, () => load());
}

const isDataFile = (uri: vscode.Uri) =>
  (DATA_EXTENSIONS as readonly string[]).includes(path.extname(uri.fsPath).toLowerCase());

async function pickFile(title: string, exclude?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const glob = `**/*.{${DATA_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
  const files = (await vscode.workspace.findFiles(glob, '**/{node_modules,.git,.dvc/cache,.mlops}/**', 2000)).filter(
    (f) => f.toString() !== exclude?.toString(),
  );
  if (files.length === 0) {
    void showInfo(vscode.l10n.t('No data files ({0}) in the workspace to compare.', DATA_EXTENSIONS.join(', ')));
    return undefined;
  }
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.uri;
}

/** Explorer: (clicked, selection); palette: nothing. Two data files selected = reference (first) and current. */
async function pairFrom(args: unknown[]): Promise<DriftPair | undefined> {
  const uris = [args[0], ...(Array.isArray(args[1]) ? args[1] : [])].filter(
    (a): a is vscode.Uri => a instanceof vscode.Uri && isDataFile(a),
  );
  const unique = [...new Map(uris.map((u) => [u.toString(), u])).values()];
  if (unique.length >= 2) return { reference: unique[0]!, current: unique[1]! };
  const reference = unique[0] ?? (await pickFile('Drift: the reference data (what the model was trained on)'));
  if (!reference) return undefined;
  const current = await pickFile(
    `Drift: the current data to compare with ${vscode.workspace.asRelativePath(reference)}`,
    reference,
  );
  return current ? { reference, current } : undefined;
}

export function registerDriftPanel(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const open = new Map<string, vscode.WebviewPanel>();
  const track = (panel: vscode.WebviewPanel, pair: DriftPair) => {
    const key = `${pair.reference}\0${pair.current}`;
    open.set(key, panel);
    panel.onDidDispose(() => open.delete(key));
    host(panel, pair, extensionUri, log);
  };
  return [
    vscode.commands.registerCommand('mlops.openDriftPanel', async (...args: unknown[]) => {
      const pair = await pairFrom(args);
      if (!pair) return;
      const existing = open.get(`${pair.reference}\0${pair.current}`);
      if (existing) return existing.reveal();
      const panel = vscode.window.createWebviewPanel(
        DRIFT_VIEW_TYPE,
        vscode.l10n.t('Drift'),
        vscode.ViewColumn.Active,
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
        },
      );
      track(panel, pair);
    }),
    vscode.window.registerWebviewPanelSerializer(DRIFT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const saved = state as Partial<PersistedDriftPanel> | undefined;
        if (saved?.kind !== 'drift' || typeof saved.reference !== 'string' || typeof saved.current !== 'string') {
          panel.dispose();
          return;
        }
        track(panel, { reference: vscode.Uri.parse(saved.reference), current: vscode.Uri.parse(saved.current) });
      },
    }),
  ];
}
