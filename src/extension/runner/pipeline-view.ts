// The Pipeline view: stages in topological order with their status, the reasons under each, and
// inline actions (run, run downstream, stop).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunService, StageInfo, StageView } from './run-service';

type Node =
  | { kind: 'stage'; stage: StageInfo; runId?: undefined }
  | { kind: 'reason'; text: string }
  | { kind: 'problem'; text: string };

const icons: Record<StageView, [string, string?]> = {
  'up-to-date': ['pass', 'testing.iconPassed'],
  changed: ['circle-filled', 'charts.yellow'],
  'never-run': ['circle-outline'],
  frozen: ['lock'],
  running: ['sync~spin', 'charts.blue'],
  failed: ['error', 'testing.iconFailed'],
};

export class PipelineView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly service: RunService) {
    service.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'problem') {
      // The first line in the row, all of it in the tooltip; the log has it too.
      const item = new vscode.TreeItem(
        `Status unavailable: ${node.text.split('\n')[0]}`,
        vscode.TreeItemCollapsibleState.None,
      );
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.tooltip = `Status unavailable: ${node.text}`;
      item.command = { command: 'mlops.showOutput', title: 'Show Log' };
      return item;
    }
    if (node.kind === 'reason') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('debug-breakpoint-log-unverified');
      return item;
    }
    const s = node.stage;
    const view = this.service.viewOf(s.id) ?? s.view;
    const showReasons = view === 'changed' && s.reasons.length > 0;
    const item = new vscode.TreeItem(
      s.id,
      showReasons ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `stage:${s.id}`;
    item.description = view.replace(/-/g, ' ');
    const [icon, color] = icons[view];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = `${s.id} — ${view}${s.reasons.length > 0 ? `\n${s.reasons.join('\n')}` : ''}\n${path.basename(s.file)}`;
    item.contextValue = view === 'running' ? 'stage.running' : 'stage';
    item.command = { command: 'mlops.revealStage', title: 'Show in dvc.yaml', arguments: [s.id] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const problem = this.service.problem();
      if (problem !== undefined) return [{ kind: 'problem', text: problem }];
      return this.service.all().map((stage) => ({ kind: 'stage', stage }));
    }
    if (node.kind === 'stage') return node.stage.reasons.map((text) => ({ kind: 'reason', text }));
    return [];
  }
}
