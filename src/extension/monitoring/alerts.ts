// Monitoring alerts in the editor: the "alerts" of .mlops.json evaluated by core/monitoring when runs arrive
// (the local store's runs changing on disk, and every minute for a remote backend), shown three ways: a
// notification when an alert starts firing (actions: Retrain, Show Alerts), a status bar item while any
// fires, and the sidebar's Alerts section with every rule's state and message.
import * as vscode from 'vscode';
import { type AlertResult, evaluateAlerts, parseAlertRules } from '../../core/monitoring';
import { projectBlock } from '../../core/project-config';
import type { TrackingStore } from '../../core/tracking/types';
import { showWarning } from '../notify';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { errorMessage } from '../localized';

/** Runs logged to a remote server raise no file event: look again this often. */
const POLL_MS = 60_000;

type AlertNode = { kind: 'alert'; alert: AlertResult } | { kind: 'message'; text: string };

export class AlertsService implements vscode.TreeDataProvider<AlertNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: AlertNode[] = [];
  /** Names firing at the last evaluation: only a newly firing alert notifies. */
  private firing = new Set<string>();
  private readonly status = vscode.window.createStatusBarItem('mlops.alerts', vscode.StatusBarAlignment.Left, 8);
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly workspace: WorkspaceModel,
    private readonly store: () => Promise<TrackingStore>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status.name = 'MLOps alerts';
    this.status.command = 'mlops.alerts.focus';
    this.subscription = workspace.onDidChangeRuns(() => void this.evaluate());
    this.timer = setInterval(() => void this.evaluate(), POLL_MS);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.status.dispose();
    this.changed.dispose();
  }

  /** One evaluation at a time; a request during one is served by it. */
  evaluate(): Promise<void> {
    this.pending ??= this.evaluateNow().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async evaluateNow(): Promise<void> {
    const root = this.workspace.root();
    if (root === undefined) return;
    const rules = projectBlock(root, 'alerts', parseAlertRules);
    if (!rules.ok) return this.show([{ kind: 'message', text: rules.message }], []);
    if (rules.value.length === 0) {
      return this.show([{ kind: 'message', text: vscode.l10n.t('No alerts: add "alerts" to .mlops.json') }], []);
    }
    try {
      const report = await evaluateAlerts(await this.store(), rules.value);
      this.show(
        report.alerts.map((alert) => ({ kind: 'alert', alert })),
        report.alerts.filter((a) => a.fired),
      );
    } catch (err) {
      this.log.warn(`alerts: ${String(err)}`);
      this.show([{ kind: 'message', text: vscode.l10n.t('Alerts not evaluated: {0}', errorMessage(err)) }], []);
    }
  }

  private show(nodes: AlertNode[], fired: AlertResult[]): void {
    this.nodes = nodes;
    this.changed.fire();
    if (fired.length === 0) this.status.hide();
    else {
      this.status.text =
        fired.length === 1
          ? vscode.l10n.t('$(bell-dot) 1 alert')
          : vscode.l10n.t('$(bell-dot) {0} alerts', fired.length);
      this.status.tooltip = fired.map((a) => `${a.name}: ${a.message}`).join('\n');
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.status.show();
    }
    const fresh = fired.filter((a) => !this.firing.has(a.name));
    this.firing = new Set(fired.map((a) => a.name));
    for (const alert of fresh) {
      const retrain = vscode.l10n.t('Retrain');
      const show = vscode.l10n.t('Show Alerts');
      void showWarning(
        vscode.l10n.t('Alert "{0}" ({1}): {2}', alert.name, alert.experiment, alert.message),
        retrain,
        show,
      ).then((a) => {
        if (a === retrain) void vscode.commands.executeCommand('mlops.retrainAndPromote');
        if (a === show) void vscode.commands.executeCommand('mlops.alerts.focus');
      });
    }
  }

  getChildren(node?: AlertNode): AlertNode[] {
    return node ? [] : this.nodes;
  }

  getTreeItem(node: AlertNode): vscode.TreeItem {
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
  store: () => Promise<TrackingStore>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const service = new AlertsService(workspace, store, log);
  const view = vscode.window.createTreeView('mlops.alerts', { treeDataProvider: service });
  void service.evaluate();
  return [service, view, vscode.commands.registerCommand('mlops.alerts.refresh', () => service.evaluate())];
}
