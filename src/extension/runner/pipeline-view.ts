// The Pipeline view: stages grouped by dvc.yaml and foreach/matrix template with each group's counts and a Run
// action, rows labelled by the part that differs, reasons under a changed stage, a filter in the title
// (words, status:, file:). The rows come from pipeline-tree.ts; this file only makes TreeItems of them. In a
// multi-root window each workspace folder is a top row over its own stages (as VS Code's Explorer shows folders).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isEmptyFilter, parseStageFilter, type StageFilter } from '../../core/runner/stage-filter';
import type { ShownState } from '../../core/runner/stage-view';
import { pipelineChildren, pipelineRoots, pipelineRow, type PipelineNode, type ViewStage } from './pipeline-tree';
import type { RunService } from './run-service';

type Node = PipelineNode | { kind: 'problem'; text: string } | { kind: 'folder'; folder: string };

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
    const count = (node: Node): number =>
      node.kind === 'folder'
        ? this.folderChildren(node.folder).reduce((n, child) => n + count(child), 0)
        : countUnder(node);
    const shown = (this.roots ?? this.getChildren()).reduce((n, node) => n + count(node), 0);
    return { shown, total };
  }

  private refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(path.basename(node.folder), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `folder:${node.folder}`;
      item.tooltip = node.folder;
      // Said as its name (the tooltip, its path, would be read otherwise).
      item.accessibilityInformation = { label: path.basename(node.folder) };
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'folder';
      return item;
    }
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
    // Row ids are a folder's; with several folders two may share one (each has its dvc.yaml:train).
    if (row.id) item.id = this.service.roots().length > 1 ? `${this.folderOfRow(node)}|${row.id}` : row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    const [icon, color] = icons[row.state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    if (row.contextValue) item.contextValue = row.contextValue;
    if (row.reveal && node.kind === 'stage')
      item.command = {
        command: 'mlops.revealStage',
        title: vscode.l10n.t('Show in dvc.yaml'),
        arguments: [row.reveal, node.stage.folder],
      };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'folder') return this.folderChildren(node.folder);
    if (node) return node.kind === 'problem' ? [] : pipelineChildren(node);
    const roots = this.service.roots();
    this.roots ??=
      roots.length > 1
        ? roots.map((folder): Node => ({ kind: 'folder', folder }))
        : this.folderChildren(roots[0] ?? '');
    return this.roots;
  }

  /** A folder's rows: why its status is unavailable, or its stages grouped (and filtered). */
  private folderChildren(folder: string): Node[] {
    const problem = this.service.problem(folder);
    if (problem !== undefined) return [{ kind: 'problem', text: problem }];
    return pipelineRoots(this.viewStages(folder), this.filter);
  }

  private folderOfRow(node: PipelineNode): string | undefined {
    return node.kind === 'stage' ? node.stage.folder : node.kind === 'group' ? node.folder : undefined;
  }

  private viewStages(folder: string): ViewStage[] {
    return this.service.all(folder).map((s) => ({
      folder,
      id: s.id,
      file: path.relative(folder, s.file).split(path.sep).join('/'),
      name: s.name,
      ...(s.expansion ? { expansion: s.expansion } : {}),
      state: this.service.viewOf(s.id, folder) ?? s.view,
      reasons: s.reasons,
    }));
  }
}

function countUnder(node: Node): number {
  if (node.kind === 'group') return node.stages.length;
  return node.kind === 'stage' ? 1 : 0;
}
