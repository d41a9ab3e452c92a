// The Pipeline view: stages grouped by dvc.yaml and foreach/matrix template with each group's counts and a Run
// action, rows labelled by the part that differs, reasons under a changed stage, a filter in the title
// (words, status:, file:). The rows come from pipeline-tree.ts; this file only makes TreeItems of them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isEmptyFilter, parseStageFilter, type StageFilter } from '../../core/runner/stage-filter';
import type { ShownState } from '../../core/runner/stage-view';
import { pipelineChildren, pipelineRoots, pipelineRow, type PipelineNode, type ViewStage } from './pipeline-tree';
import type { RunService } from './run-service';

type Node = PipelineNode | { kind: 'problem'; text: string };

const icons: Record<ShownState | 'reason', [string, string?]> = {
  'up-to-date': ['pass', 'testing.iconPassed'],
  changed: ['circle-filled', 'charts.yellow'],
  'never-run': ['circle-outline'],
  frozen: ['lock'],
  running: ['sync~spin', 'charts.blue'],
  failed: ['error', 'testing.iconFailed'],
  unknown: ['loading~spin'],
  reason: ['debug-breakpoint-log-unverified'],
};

export class PipelineView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: StageFilter | undefined;
  private roots: Node[] | undefined;

  constructor(private readonly service: RunService) {
    service.onDidChange(() => this.refresh());
  }

  /** The filter as typed ('' clears it); the view's description shows it. */
  get filterText(): string {
    return this.filter?.text ?? '';
  }

  /** Applies a filter; returns why it cannot be applied. */
  setFilter(text: string): string | undefined {
    const parsed = parseStageFilter(text);
    if (parsed.error !== undefined) return parsed.error;
    this.filter = isEmptyFilter(parsed.filter) ? undefined : parsed.filter;
    this.refresh();
    return undefined;
  }

  /** How many stages the filter lets through, of how many (for the view's message). */
  shownCount(): { shown: number; total: number } {
    const total = this.service.all().length;
    const shown = (this.roots ?? this.getChildren()).reduce((n, node) => n + countUnder(node), 0);
    return { shown, total };
  }

  private refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'problem') {
      // The first line in the row, all of it in the tooltip; the log has it too.
      const item = new vscode.TreeItem(
        vscode.l10n.t('Status unavailable: {0}', node.text.split('\n')[0] ?? ''),
        vscode.TreeItemCollapsibleState.None,
      );
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.tooltip = vscode.l10n.t('Status unavailable: {0}', node.text);
      item.command = { command: 'mlops.showOutput', title: vscode.l10n.t('Show Log') };
      return item;
    }
    const row = pipelineRow(node, this.filter !== undefined);
    const item = new vscode.TreeItem(
      row.label,
      row.children === 'none'
        ? vscode.TreeItemCollapsibleState.None
        : row.children === 'expanded'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    if (row.id) item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    const [icon, color] = icons[row.state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    if (row.contextValue) item.contextValue = row.contextValue;
    if (row.reveal && node.kind === 'stage')
      item.command = {
        command: 'mlops.revealStage',
        title: vscode.l10n.t('Show in dvc.yaml'),
        arguments: [row.reveal],
      };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (node) return node.kind === 'problem' ? [] : pipelineChildren(node);
    const problem = this.service.problem();
    if (problem !== undefined) return [{ kind: 'problem', text: problem }];
    this.roots ??= pipelineRoots(this.viewStages(), this.filter);
    return this.roots;
  }

  private viewStages(): ViewStage[] {
    const root = this.service.root() ?? '';
    return this.service.all().map((s) => ({
      id: s.id,
      file: path.relative(root, s.file).split(path.sep).join('/'),
      name: s.name,
      ...(s.expansion ? { expansion: s.expansion } : {}),
      state: this.service.viewOf(s.id) ?? s.view,
      reasons: s.reasons,
    }));
  }
}

function countUnder(node: Node): number {
  if (node.kind === 'group') return node.stages.length;
  return node.kind === 'stage' ? 1 : 0;
}
