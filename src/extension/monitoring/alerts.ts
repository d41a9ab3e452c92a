// Monitoring alerts in the editor: each workspace folder's "alerts" of its own .mlops.json evaluated on its own
// store's runs (folder-alerts.ts) when they arrive (the folder's local store changing on disk, as the workspace
// model reports per folder, and every minute for a remote backend), shown three ways: a notification when an
// alert starts firing (actions: Retrain in that folder, Show Alerts), a status bar item while any fires, and the
// sidebar's Alerts section with every rule's state and message — under a row per folder when there are several.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AlertResult } from '../../core/monitoring';
import type { TrackingStore } from '../../core/tracking/types';
import { showWarning } from '../notify';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { untranslated } from '../localized';
import { folderTreeItem } from '../sidebar/folder-item';
import { type FolderAlerts, firingKeys, folderAlerts } from './folder-alerts';

/** Runs logged to a remote server raise no file event: look again this often. */
const POLL_MS = 60_000;

/** Every node carries its folder: Retrain from an alert's menu runs in the folder whose rule fired. */
type AlertNode =
  | { kind: 'folder'; folder: string }
  | { kind: 'alert'; folder: string; alert: AlertResult }
  | { kind: 'message'; folder: string; text: string };

export class AlertsService implements vscode.TreeDataProvider<AlertNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Each folder's last evaluation. */
  private readonly results = new Map<string, FolderAlerts>();
  /** Alerts firing at the last evaluation (firingKeys): only a newly firing alert notifies. */
  private firing = new Set<string>();
  private readonly status = vscode.window.createStatusBarItem('mlops.alerts', vscode.StatusBarAlignment.Left, 8);
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;
  private pending: Promise<void> | undefined;
  /** Folders whose runs changed during an evaluation: evaluated again right after it. */
  private readonly again = new Set<string>();

  constructor(
    private readonly workspace: WorkspaceModel,
    /** The store a folder records in: each folder's alerts read its own runs. */
    private readonly storeOf: (folder: string) => Promise<TrackingStore>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status.name = 'MLOps alerts';
    this.status.command = 'mlops.alerts.focus';
    this.subscription = workspace.onDidChangeRuns((folder) => void this.evaluate(folder));
    this.timer = setInterval(() => void this.evaluate(), POLL_MS);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.status.dispose();
    this.changed.dispose();
  }

  /** One evaluation at a time (of `folder`, or of every folder); a request during one is served after it. */
  evaluate(folder?: string): Promise<void> {
    for (const f of folder === undefined ? this.workspace.roots() : [folder]) this.again.add(f);
    this.pending ??= this.evaluateNow().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async evaluateNow(): Promise<void> {
    while (this.again.size > 0) {
      const folders = [...this.again];
      this.again.clear();
      for (const result of await Promise.all(folders.map((f) => folderAlerts(f, this.storeOf)))) {
        if (result.state === 'unavailable') this.log.warn(`alerts in ${result.folder}: ${result.message}`);
        this.results.set(result.folder, result);
      }
    }
    // Folders closed since are forgotten.
    const roots = this.workspace.roots();
    for (const f of [...this.results.keys()]) if (!roots.includes(f)) this.results.delete(f);
    this.show();
  }

  private show(): void {
    this.changed.fire();
    const fired = [...this.results.values()].flatMap((r) =>
      r.state === 'evaluated' ? r.alerts.filter((a) => a.fired).map((alert) => ({ folder: r.folder, alert })) : [],
    );
    const several = this.workspace.roots().length > 1;
    if (fired.length === 0) this.status.hide();
    else {
      this.status.text =
        fired.length === 1
          ? vscode.l10n.t('$(bell-dot) 1 alert')
          : vscode.l10n.t('$(bell-dot) {0} alerts', fired.length);
      this.status.tooltip = fired
        .map(({ folder, alert }) => `${several ? `${path.basename(folder)} · ` : ''}${alert.name}: ${alert.message}`)
        .join('\n');
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.status.show();
    }
    const now = new Set([...this.results.values()].flatMap(firingKeys));
    const fresh = fired.filter(({ folder, alert }) => !this.firing.has(`${folder}\0${alert.name}`));
    this.firing = now;
    for (const { folder, alert } of fresh) {
      const retrain = vscode.l10n.t('Retrain');
      const show = vscode.l10n.t('Show Alerts');
      void showWarning(
        several
          ? vscode.l10n.t(
              'Alert "{0}" ({1}) in {2}: {3}',
              alert.name,
              alert.experiment,
              path.basename(folder),
              alert.message,
            )
          : vscode.l10n.t('Alert "{0}" ({1}): {2}', alert.name, alert.experiment, alert.message),
        retrain,
        show,
      ).then((a) => {
        if (a === retrain) void vscode.commands.executeCommand('mlops.retrainAndPromote', { folder });
        if (a === show) void vscode.commands.executeCommand('mlops.alerts.focus');
      });
    }
  }

  getChildren(node?: AlertNode): AlertNode[] {
    const roots = this.workspace.roots();
    if (node === undefined && roots.length > 1) return roots.map((folder) => ({ kind: 'folder', folder }));
    if (node !== undefined && node.kind !== 'folder') return [];
    const folder = node?.folder ?? roots[0];
    const result = folder === undefined ? undefined : this.results.get(folder);
    if (folder === undefined || result === undefined) return [];
    if (result.state === 'evaluated') return result.alerts.map((alert) => ({ kind: 'alert', folder, alert }));
    const text =
      result.state === 'no-rules'
        ? vscode.l10n.t('No alerts: add "alerts" to .mlops.json')
        : untranslated(result.message);
    return [{ kind: 'message', folder, text }];
  }

  getTreeItem(node: AlertNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const result = this.results.get(node.folder);
      const firing = result?.state === 'evaluated' ? result.alerts.filter((a) => a.fired).length : 0;
      const item = folderTreeItem(node.folder);
      item.description = firing > 0 ? vscode.l10n.t('{0} firing', firing) : undefined;
      return item;
    }
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.tooltip = node.text;
      return item;
    }
    const { alert } = node;
    const item = new vscode.TreeItem(alert.name);
    item.description = `${alert.fired ? vscode.l10n.t('FIRING') : vscode.l10n.t('ok')} · ${alert.experiment}`;
    item.tooltip = alert.run ? vscode.l10n.t('{0}\nrun {1}', alert.message, alert.run) : alert.message;
    // Screen readers (and the e2e) hear the state and why, not only the name.
    item.accessibilityInformation = { label: `${alert.name}, ${item.description}: ${alert.message}` };
    item.iconPath = new vscode.ThemeIcon(
      alert.fired ? 'bell-dot' : 'pass',
      new vscode.ThemeColor(alert.fired ? 'list.warningForeground' : 'testing.iconPassed'),
    );
    item.contextValue = alert.fired ? 'alert.fired' : 'alert.ok';
    if (alert.run)
      item.command = { command: 'mlops.openRunPanel', title: vscode.l10n.t('Open Run'), arguments: [alert.run] };
    return item;
  }
}

export function registerAlerts(
  workspace: WorkspaceModel,
  storeOf: (folder: string) => Promise<TrackingStore>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const service = new AlertsService(workspace, storeOf, log);
  const view = vscode.window.createTreeView('mlops.alerts', { treeDataProvider: service });
  void service.evaluate();
  return [
    service,
    view,
    vscode.commands.registerCommand('mlops.alerts.refresh', () => service.evaluate()),
    // A folder added to the window brings its own rules and store.
    vscode.workspace.onDidChangeWorkspaceFolders(() => service.evaluate()),
  ];
}
