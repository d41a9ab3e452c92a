// Hosts the experiments table (the extension's main panel): one panel per window, over every folder of the
// window (core/experiments/table-folders.ts: each folder's rows under its own row when there are several),
// served under the panels' CSP. It answers `ready` with every row and the table settings saved in
// workspaceState, sends the rows again whenever the workspace model says a folder's experiments or queue
// changed (live while the queue runs: queued → running → success with its metrics), then the finished
// experiments' quality gates (the model's experimentGates per folder, sent again whenever it says they changed),
// filters on the host, checks the form's sweeps with core's parser against the folder the form queues in, and
// turns buttons into the same commands the palette and the sidebar run, each on the folder its rows belong to.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showError, showInfo } from '../notify';
import { planSweep } from '../../core/experiments/sweeps';
import { checkParams } from '../../core/experiments/params-set';
import { paramsInWorkingCopy } from '../../core/experiments/values';
import { type CombinedTable, combineFolders, idsByFolder } from '../../core/experiments/table-folders';
import type { ExperimentsSnapshot } from '../../core/experiments/table-load';
import type { TableGates } from '../../core/checks/table-gates';
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

/** The open table, and how to open its form on a folder (once the page is ready). */
let current: { panel: vscode.WebviewPanel; openForm(folder: string): void } | undefined;

/** The folder the form queues in by default: the active editor's workspace folder, else the first. */
function activeFolder(model: WorkspaceModel): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri;
  return (file?.scheme === 'file' ? model.folderOf(file.fsPath) : undefined) ?? model.root();
}

/** Opens the table, or reveals the one already open; with `formIn`, its "Modify params" form on that folder. */
export function showExperimentsPanel(deps: ExperimentsPanelDeps, formIn?: string): void {
  if (current) {
    current.panel.reveal();
    if (formIn !== undefined) current.openForm(formIn);
    return;
  }
  const panel = vscode.window.createWebviewPanel(
    EXPERIMENTS_VIEW_TYPE,
    vscode.l10n.t('Experiments'),
    vscode.ViewColumn.Active,
    {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')],
    },
  );
  const opened = attach(panel, deps);
  if (formIn !== undefined) opened.openForm(formIn);
}

/** After a window reload VS Code hands the panel back. */
export function registerExperimentsSerializer(deps: ExperimentsPanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(EXPERIMENTS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
      attach(panel, deps);
    },
  });
}

function attach(panel: vscode.WebviewPanel, deps: ExperimentsPanelDeps): NonNullable<typeof current> {
  const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
  panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
  panel.webview.html = bundlePage(panel.webview, dist, 'experiments', 'Experiments');
  const post = (m: ExpHostMessage): void => void panel.webview.postMessage(m);
  const settings = (): ExpTableSettings => ({
    ...defaultExpSettings,
    ...deps.state.get<ExpTableSettings>(SETTINGS_KEY),
  });
  let ready = false;
  /** The table last sent: which folder and which of its rows each row id stands for. */
  let table: CombinedTable | undefined;
  const folders = (): { folder: string; name: string }[] =>
    deps.model.roots().map((folder) => ({ folder, name: path.basename(folder) }));
  const known = (folder: string | undefined): string | undefined =>
    folder !== undefined && deps.model.roots().includes(folder) ? folder : undefined;

  const rows = async (kind: 'load' | 'rows'): Promise<void> => {
    const roots = folders();
    const snapshots = await Promise.all(roots.map((f) => deps.model.experiments(f.folder)));
    if (roots.length === 0 || snapshots.some((s) => !s)) {
      post({ type: 'error', message: vscode.l10n.t('Open a folder first: experiments live with the project.') });
      return;
    }
    const tables = roots.map((f, i) => ({ ...f, snapshot: snapshots[i] as ExperimentsSnapshot }));
    table = combineFolders(
      tables.map((t) => ({
        folder: t.folder,
        name: t.name,
        rows: t.snapshot.rows,
        ...(t.snapshot.problem ? { problem: t.snapshot.problem } : {}),
      })),
    );
    const combined = table;
    // Each folder's rows are filtered as its own (the filter language knows no folders).
    let visible: string[] | null = null;
    let filterError: string | undefined;
    for (const t of tables) {
      const filtered = filterRows(t.snapshot.rows, settings().filter);
      filterError ??= filtered.error;
      if (filtered.visible) (visible ??= []).push(...filtered.visible.map((id) => combined.idIn(t.folder, id)));
    }
    const common = {
      rows: encodeRows(combined.rows),
      visible,
      ...(filterError ? { filterError } : {}),
    };
    // One folder: its problem above the table; several: each on its folder's row.
    const problem = tables.length === 1 ? tables[0]?.snapshot.problem : undefined;
    if (kind === 'rows') post({ type: 'rows', ...common });
    else
      post({
        type: 'load',
        ...common,
        settings: settings(),
        trusted: vscode.workspace.isTrusted,
        ...(problem ? { problem } : {}),
      });
  };

  // Only the newest request's answer is sent: an older one may finish later with the gates of older rows.
  let gatesAsked = 0;
  const gates = async (): Promise<void> => {
    const asked = ++gatesAsked;
    const roots = deps.model.roots();
    const found = await Promise.all(roots.map((f) => deps.model.experimentGates(f)));
    const combined = table;
    if (!combined || asked !== gatesAsked) return;
    // Each folder's gates are keyed by its own row ids: the table's are scoped by folder when there are several.
    const all: TableGates = {};
    roots.forEach((folder, i) => {
      for (const [id, badge] of Object.entries(found[i] ?? {})) all[combined.idIn(folder, id)] = badge;
    });
    post({ type: 'gates', gates: encodeGates(all) });
  };

  const postForm = (folder: string): void => {
    const c = vscode.workspace.getConfiguration('mlops');
    post({
      type: 'form',
      folder,
      folders: folders(),
      params: paramsInWorkingCopy(folder),
      executor: c.get<string>('executor', 'local') === 'ray' ? 'ray' : 'local',
      rayAddress: c.get<string>('ray.address', '').trim(),
    });
  };
  /** A form asked for before the page was ready (the palette's command opening the table). */
  let formWanted: string | undefined;
  const opened: NonNullable<typeof current> = {
    panel,
    openForm: (folder) => {
      if (ready) postForm(folder);
      else formWanted = folder;
    },
  };
  current = opened;
  const receive = async (m: ExpPanelMessage): Promise<void> => {
    switch (m.type) {
      case 'ready':
        ready = true;
        await rows('load');
        await gates();
        if (formWanted !== undefined) postForm(formWanted);
        formWanted = undefined;
        break;
      case 'settings': {
        const filterChanged = m.settings.filter !== settings().filter;
        await deps.state.update(SETTINGS_KEY, m.settings);
        if (filterChanged) await rows('rows');
        break;
      }
      case 'action':
        if (!table) return;
        for (const [folder, ids] of idsByFolder(table, m.ids))
          await vscode.commands.executeCommand(`mlops.experiments.${m.action}`, ids, { folder });
        break;
      case 'openForm': {
        const folder = known(m.folder) ?? activeFolder(deps.model);
        if (folder) postForm(folder);
        break;
      }
      case 'checkSweep': {
        const folder = known(m.folder);
        const plan = planSweep(m.sets);
        if (!plan.ok) post({ type: 'sweepChecked', seq: m.seq, count: 0, error: plan.message });
        else {
          // Every point changes the same keys: checking the first finds any unknown one.
          const checked = folder ? checkParams(folder, plan.points[0] ?? []) : { ok: true as const };
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
        const folder = known(m.folder);
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
      if (ready && deps.model.roots().includes(changed)) void rows('rows');
    }),
    deps.model.onDidChangeGates((changed) => {
      if (ready && deps.model.roots().includes(changed)) void gates();
    }),
  ];
  panel.onDidDispose(() => {
    if (current?.panel === panel) current = undefined;
    vscode.Disposable.from(...subscriptions).dispose();
  });
  return opened;
}
