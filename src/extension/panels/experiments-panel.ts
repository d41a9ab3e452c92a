// Hosts the experiments table (the extension's main panel): one panel per window, served under the panels'
// CSP. It answers `ready` with every row and the table settings saved in workspaceState, sends the rows again
// whenever the workspace model says the experiments or the queue changed (live while the queue runs: queued →
// running → success with its metrics), then the finished experiments' quality gates (the model's
// experimentGates, sent again whenever it says they changed), filters on the host, checks the form's sweeps with
// core's parser, and turns buttons into the same commands the palette and the sidebar run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showError, showInfo } from '../notify';
import { planSweep } from '../../core/experiments/sweeps';
import { checkParams } from '../../core/experiments/params-set';
import { paramsInWorkingCopy } from '../../core/experiments/values';
import {
  defaultExpSettings,
  encodeGates,
  encodeRows,
  type ExpHostMessage,
  type ExpPanelMessage,
  type ExpTableSettings,
  isExpPanelMessage,
} from '../../webview/experiments-contract';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { filterRows } from './experiments-filter';
import { bundlePage } from './bundle-page';
import { errorMessage, type Localized } from '../localized';

export const EXPERIMENTS_VIEW_TYPE = 'mlops.experimentsPanel';
const SETTINGS_KEY = 'mlops.experimentsTable';

export interface ExperimentsPanelDeps {
  extensionUri: vscode.Uri;
  state: vscode.Memento;
  model: WorkspaceModel;
  log: vscode.LogOutputChannel;
  /**
   * Queues the form's experiments in `folder` (and starts the queue for `run`); resolves with what to tell the
   * user.
   */
  submit(request: Extract<ExpPanelMessage, { type: 'submit' }>, folder: string): Promise<Localized>;
}

let current: vscode.WebviewPanel | undefined;

/**
 * The folder whose experiments the table shows: the active editor's workspace folder, else the first (a multi-root
 * window has one table, on the folder being worked in; opened again from another folder's file, it shows that one).
 */
function tableFolder(model: WorkspaceModel): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri;
  return (file?.scheme === 'file' ? model.folderOf(file.fsPath) : undefined) ?? model.root();
}

function tableTitle(model: WorkspaceModel, folder: string | undefined): Localized {
  return folder !== undefined && model.roots().length > 1
    ? vscode.l10n.t('Experiments — {0}', path.basename(folder))
    : vscode.l10n.t('Experiments');
}

let currentFolder: string | undefined;

/** Opens the table, or reveals the one already open (on the same folder). */
export function showExperimentsPanel(deps: ExperimentsPanelDeps): void {
  const folder = tableFolder(deps.model);
  if (current && folder === currentFolder) {
    current.reveal();
    return;
  }
  current?.dispose();
  const panel = vscode.window.createWebviewPanel(
    EXPERIMENTS_VIEW_TYPE,
    tableTitle(deps.model, folder),
    vscode.ViewColumn.Active,
    {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')],
    },
  );
  attach(panel, deps, folder);
}

/** After a window reload VS Code hands the panel back. */
export function registerExperimentsSerializer(deps: ExperimentsPanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(EXPERIMENTS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
      attach(panel, deps, tableFolder(deps.model));
    },
  });
}

function attach(panel: vscode.WebviewPanel, deps: ExperimentsPanelDeps, folder: string | undefined): void {
  current = panel;
  currentFolder = folder;
  const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
  panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
  panel.webview.html = bundlePage(panel.webview, dist, 'experiments', 'Experiments');
  const post = (m: ExpHostMessage): void => void panel.webview.postMessage(m);
  const settings = (): ExpTableSettings => ({
    ...defaultExpSettings,
    ...deps.state.get<ExpTableSettings>(SETTINGS_KEY),
  });
  let ready = false;

  const rows = async (kind: 'load' | 'rows'): Promise<void> => {
    const snapshot = await deps.model.experiments(folder);
    if (!snapshot) {
      post({ type: 'error', message: vscode.l10n.t('Open a folder first: experiments live with the project.') });
      return;
    }
    const filtered = filterRows(snapshot.rows, settings().filter);
    const common = {
      rows: encodeRows(snapshot.rows),
      visible: filtered.visible,
      ...(filtered.error ? { filterError: filtered.error } : {}),
    };
    if (kind === 'rows') post({ type: 'rows', ...common });
    else
      post({
        type: 'load',
        ...common,
        settings: settings(),
        trusted: vscode.workspace.isTrusted,
        ...(snapshot.problem ? { problem: snapshot.problem } : {}),
      });
  };

  // Only the newest request's answer is sent: an older one may finish later with the gates of older rows.
  let gatesAsked = 0;
  const gates = async (): Promise<void> => {
    const asked = ++gatesAsked;
    const found = await deps.model.experimentGates(folder);
    if (found && asked === gatesAsked) post({ type: 'gates', gates: encodeGates(found) });
  };

  const receive = async (m: ExpPanelMessage): Promise<void> => {
    switch (m.type) {
      case 'ready':
        ready = true;
        await rows('load');
        await gates();
        break;
      case 'settings': {
        const filterChanged = m.settings.filter !== settings().filter;
        await deps.state.update(SETTINGS_KEY, m.settings);
        if (filterChanged) await rows('rows');
        break;
      }
      case 'action':
        await vscode.commands.executeCommand(`mlops.experiments.${m.action}`, m.ids, { folder });
        break;
      case 'openForm': {
        const root = folder;
        if (!root) return;
        const c = vscode.workspace.getConfiguration('mlops');
        post({
          type: 'form',
          params: paramsInWorkingCopy(root),
          executor: c.get<string>('executor', 'local') === 'ray' ? 'ray' : 'local',
          rayAddress: c.get<string>('ray.address', '').trim(),
        });
        break;
      }
      case 'checkSweep': {
        const root = folder;
        const plan = planSweep(m.sets);
        if (!plan.ok) post({ type: 'sweepChecked', seq: m.seq, count: 0, error: plan.message });
        else {
          // Every point changes the same keys: checking the first finds any unknown one.
          const checked = root ? checkParams(root, plan.points[0] ?? []) : { ok: true as const };
          post({
            type: 'sweepChecked',
            seq: m.seq,
            count: plan.points.length,
            ...(checked.ok ? {} : { error: checked.message }),
          });
        }
        break;
      }
      case 'submit': {
        if (folder === undefined) return;
        const said = await deps.submit(m, folder);
        void showInfo(said);
        break;
      }
    }
  };

  const subscriptions = [
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isExpPanelMessage(m)) return;
      receive(m).catch((err: unknown) => {
        const message = errorMessage(err);
        deps.log.error(`experiments table: ${message}`);
        void showError(message);
      });
    }),
    deps.model.onDidChangeExperiments((changed) => {
      if (ready && changed === folder) void rows('rows');
    }),
    deps.model.onDidChangeGates((changed) => {
      if (ready && changed === folder) void gates();
    }),
  ];
  panel.onDidDispose(() => {
    if (current === panel) current = undefined;
    vscode.Disposable.from(...subscriptions).dispose();
  });
}
