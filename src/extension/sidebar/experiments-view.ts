// The Experiments view: experiment → runs, page by page, with the filter and sort the user chose
// (remembered per workspace). Reads through the TrackingStore, so local store and MLflow look the same.
import * as vscode from 'vscode';
import type { Experiment, RunSummary, TrackingStore } from '../../core/tracking/types';
import { experimentsWithRuns, loadRunPage, type RunPage, type ViewQuery } from './experiments-model';
import { plain, runDescription, runTooltip, startsOpen, statusIcon } from './run-presentation';
import type { ExperimentsSnapshot } from '../../core/experiments/table-load';
import {
  baselineGroups,
  baselineLabel,
  experimentDescription,
  experimentIcon,
  type BaselineGroup,
  type ExperimentRow,
} from './baseline-groups';

export type { ViewQuery } from './experiments-model';

type Node =
  | { kind: 'baseline'; group: BaselineGroup; open: boolean }
  | { kind: 'dvcExperiment'; row: ExperimentRow; runId?: string }
  | { kind: 'experiment'; experiment: Experiment }
  | { kind: 'run'; run: RunSummary; runId: string }
  | { kind: 'more'; experiment: Experiment }
  | { kind: 'message'; text: string; icon: string };

export class ExperimentsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Loaded pages per experiment id; cleared on refresh. */
  private pages = new Map<string, RunPage>();

  constructor(
    private readonly store: () => Promise<TrackingStore>,
    private readonly query: () => ViewQuery,
    private readonly pinned: () => string[],
    /** DVC experiments under their baseline commits (the workspace model's). */
    private readonly dvcExperiments: () => Promise<ExperimentsSnapshot> | undefined,
    /** Called with what the view found, so welcome views and context keys follow. */
    private readonly onState: (state: { runs: number; error?: string }) => void,
  ) {}

  refresh(): void {
    this.pages.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'baseline': {
        const b = node.group.baseline;
        const item = new vscode.TreeItem(
          baselineLabel(b),
          node.open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = b.id;
        item.description =
          node.group.experiments.length === 1
            ? vscode.l10n.t('1 experiment')
            : vscode.l10n.t('{0} experiments', node.group.experiments.length);
        item.iconPath = new vscode.ThemeIcon('git-commit');
        item.contextValue = 'baseline';
        return item;
      }
      case 'dvcExperiment': {
        const { row } = node;
        const item = new vscode.TreeItem(plain(row.name), vscode.TreeItemCollapsibleState.None);
        item.id = row.id;
        item.description = experimentDescription(row, this.pinned(), Date.now());
        const icon = experimentIcon(row.status);
        item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
        item.contextValue = `dvcExperiment.${row.status}`;
        item.tooltip = `${plain(row.name)} — ${row.status}${row.commit ? ` (${row.commit.slice(0, 7)})` : ''}`;
        if (row.run)
          item.command = {
            command: 'mlops.openRunPanel',
            title: vscode.l10n.t('Open Run Metrics'),
            arguments: [row.run],
          };
        item.accessibilityInformation = {
          label: vscode.l10n.t('Experiment {0}, {1}, {2}', plain(row.name), row.status, String(item.description)),
        };
        return item;
      }
      case 'experiment': {
        const item = new vscode.TreeItem(plain(node.experiment.name), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `exp:${node.experiment.id}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = 'experiment';
        return item;
      }
      case 'run': {
        const { run } = node;
        const item = new vscode.TreeItem(plain(run.name), vscode.TreeItemCollapsibleState.None);
        item.id = `run:${run.id}`;
        item.description = runDescription(run, this.pinned(), Date.now());
        const tip = new vscode.MarkdownString(runTooltip(run, Date.now()));
        tip.isTrusted = false;
        tip.supportHtml = false;
        item.tooltip = tip;
        const icon = statusIcon(run.status);
        item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
        item.contextValue = `run.${run.status.toLowerCase()}${run.lifecycle === 'deleted' ? '.deleted' : ''}`;
        item.command = { command: 'mlops.openRunPanel', title: vscode.l10n.t('Open Run Metrics'), arguments: [run.id] };
        item.accessibilityInformation = {
          label: vscode.l10n.t(
            'Run {0}, {1}, {2}',
            plain(run.name),
            run.status.toLowerCase(),
            String(item.description),
          ),
        };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more runs…'), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = {
          command: 'mlops.experiments.loadMore',
          title: vscode.l10n.t('Load more'),
          arguments: [node.experiment.id],
        };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      const store = await this.store();
      if (!node) {
        const [{ experiments, hasRuns }, snapshot] = await Promise.all([
          experimentsWithRuns(store),
          this.dvcExperiments(),
        ]);
        const groups: Node[] = baselineGroups(snapshot?.rows ?? []).map((group, i) => ({
          kind: 'baseline',
          group,
          open: startsOpen(i),
        }));
        this.onState({ runs: hasRuns || groups.length > 0 ? 1 : 0 });
        if (!hasRuns) return groups;
        return [...groups, ...experiments.map((experiment): Node => ({ kind: 'experiment', experiment }))];
      }
      if (node.kind === 'baseline')
        return node.group.experiments.map((row) => ({
          kind: 'dvcExperiment',
          row,
          ...(row.run ? { runId: row.run } : {}),
        }));
      if (node.kind !== 'experiment') return [];
      const page = this.pages.get(node.experiment.id) ?? (await this.fetch(store, node.experiment.id, undefined));
      const runs: Node[] = page.runs.map((run) => ({ kind: 'run', run, runId: run.id }));
      if (page.runs.length === 0) {
        const q = this.query();
        return [
          {
            kind: 'message',
            text: q.filterText
              ? vscode.l10n.t('No runs match “{0}”', plain(q.filterText))
              : vscode.l10n.t('No runs yet'),
            icon: 'info',
          },
        ];
      }
      return page.next ? [...runs, { kind: 'more', experiment: node.experiment }] : runs;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.onState({ runs: 0, error: message });
      return node ? [] : [{ kind: 'message', text: message, icon: 'warning' }];
    }
  }

  /** Appends the next page of an experiment (the "Load more" row). */
  async loadMore(experimentId: string): Promise<void> {
    const current = this.pages.get(experimentId);
    if (!current?.next) return;
    await this.fetch(await this.store(), experimentId, current);
    this.changed.fire(undefined);
  }

  private async fetch(store: TrackingStore, experimentId: string, previous: RunPage | undefined): Promise<RunPage> {
    const page = await loadRunPage(store, experimentId, this.query(), previous);
    this.pages.set(experimentId, page);
    return page;
  }
}
