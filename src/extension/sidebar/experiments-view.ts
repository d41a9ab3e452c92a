// The Experiments view: DVC experiments under their baseline commit, then tracked experiment → runs, page by page,
// with the filter and sort the user chose (remembered per workspace). Reads through the workspace model (DVC
// experiments) and the TrackingStore, so local store and MLflow look the same. In a window of several folders each
// folder is a row over its own experiments and its own store's runs; a store several folders share (an MLflow
// server) is listed once, beside the folders' rows (core/tracking/folder-backends.ts decides which is which).
import * as vscode from 'vscode';
import { folderTreeItem } from './folder-item';
import type { Experiment, RunSummary, TrackingStore } from '../../core/tracking/types';
import { type Served, sections } from '../../core/tracking/folder-backends';
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

/** A tracked experiment of one store: `key` names it across the window's stores (ids repeat between stores). */
interface StoreExperiment {
  experiment: Experiment;
  store: TrackingStore;
  key: string;
}

// A DVC experiment's node carries its folder: the experiment commands act in the folder named by `folder`.
type Node =
  | { kind: 'folder'; folder: string }
  | { kind: 'baseline'; group: BaselineGroup; open: boolean; folder: string; scoped: boolean }
  | { kind: 'dvcExperiment'; row: ExperimentRow; runId?: string; folder: string; scoped: boolean }
  | ({ kind: 'experiment' } & StoreExperiment)
  | { kind: 'run'; run: RunSummary; runId: string }
  | { kind: 'more'; key: string }
  | { kind: 'message'; text: string; icon: string };

export interface ExperimentsViewDeps {
  /** The window's folders, in its order. */
  folders: () => readonly string[];
  /** Every folder's store, once, with the folders recording there. */
  stores: () => Promise<Served<TrackingStore>[]>;
  /** A folder's DVC experiments under their baseline commits (the workspace model's). */
  experiments: (folder: string) => Promise<ExperimentsSnapshot> | undefined;
  query: () => ViewQuery;
  pinned: () => string[];
  /** Called with what the view found, so welcome views and context keys follow. */
  onState: (state: { runs: number; error?: string }) => void;
}

export class ExperimentsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Loaded pages per experiment key; cleared on refresh. */
  private pages = new Map<string, RunPage>();
  /** The tracked experiments of the last reading, by key (what "Load more" pages through). */
  private known = new Map<string, StoreExperiment>();
  /** Each folder's rows of the last reading (several folders). */
  private folderRows = new Map<string, Node[]>();

  constructor(private readonly deps: ExperimentsViewDeps) {}

  refresh(): void {
    this.pages.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = folderTreeItem(node.folder);
        item.contextValue = 'folder';
        return item;
      }
      case 'baseline': {
        const b = node.group.baseline;
        const item = new vscode.TreeItem(
          baselineLabel(b),
          node.open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        // Two folders of one repository share commits: ids are scoped by folder when there are several.
        item.id = node.scoped ? `${node.folder}#${b.id}` : b.id;
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
        item.id = node.scoped ? `${node.folder}#${row.id}` : row.id;
        item.description = experimentDescription(row, this.deps.pinned(), Date.now());
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
        item.id = `exp:${node.key}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = 'experiment';
        return item;
      }
      case 'run': {
        const { run } = node;
        const item = new vscode.TreeItem(plain(run.name), vscode.TreeItemCollapsibleState.None);
        item.id = `run:${run.id}`;
        item.description = runDescription(run, this.deps.pinned(), Date.now());
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
          arguments: [node.key],
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
      if (!node) return await this.top();
      if (node.kind === 'folder') return this.folderRows.get(node.folder) ?? [];
      if (node.kind === 'baseline')
        return node.group.experiments.map((row) => ({
          kind: 'dvcExperiment',
          row,
          folder: node.folder,
          scoped: node.scoped,
          ...(row.run ? { runId: row.run } : {}),
        }));
      if (node.kind !== 'experiment') return [];
      const page = this.pages.get(node.key) ?? (await this.fetch(node));
      const runs: Node[] = page.runs.map((run) => ({ kind: 'run', run, runId: run.id }));
      if (page.runs.length === 0) {
        const q = this.deps.query();
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
      return page.next ? [...runs, { kind: 'more', key: node.key }] : runs;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.onState({ runs: 0, error: message });
      return node ? [] : [{ kind: 'message', text: message, icon: 'warning' }];
    }
  }

  /**
   * The top rows. One folder: its baselines, then its store's experiments. Several: a row per folder over its
   * baselines and its own store's experiments, then the experiments of a store the folders share.
   */
  private async top(): Promise<Node[]> {
    const folders = this.deps.folders();
    const served = await this.deps.stores();
    const scoped = folders.length > 1;
    const [baselines, tracked] = await Promise.all([
      Promise.all(folders.map((folder) => this.baselines(folder, scoped))),
      Promise.all(served.map((s) => this.tracked(s.backend))),
    ]);
    const any = baselines.some((b) => b.length > 0) || tracked.some((t) => t.hasRuns);
    this.deps.onState({ runs: any ? 1 : 0 });
    this.known = new Map(tracked.flatMap((t) => t.nodes.map((n) => [n.key, n])));
    const nodesOf = (store: TrackingStore): Node[] => {
      const t = tracked[served.findIndex((s) => s.backend === store)];
      return t?.hasRuns ? t.nodes : [];
    };
    // Nothing anywhere: no rows, so the welcome view (how to make a first run) shows, as with one folder.
    if (!any) return [];
    if (!scoped) return [...(baselines[0] ?? []), ...served.flatMap((s) => nodesOf(s.backend))];
    const { own, shared } = sections(served);
    this.folderRows = new Map(
      folders.map((folder, i) => {
        const store = own.get(folder);
        const rows = [...(baselines[i] ?? []), ...(store ? nodesOf(store) : [])];
        return [
          folder,
          rows.length > 0 ? rows : [{ kind: 'message', text: vscode.l10n.t('No experiments yet'), icon: 'info' }],
        ];
      }),
    );
    return [
      ...folders.map((folder): Node => ({ kind: 'folder', folder })),
      ...shared.flatMap((s) => nodesOf(s.backend)),
    ];
  }

  private async baselines(folder: string, scoped: boolean): Promise<Node[]> {
    const snapshot = await this.deps.experiments(folder);
    return baselineGroups(snapshot?.rows ?? []).map((group, i) => ({
      kind: 'baseline',
      group,
      open: startsOpen(i),
      folder,
      scoped,
    }));
  }

  private async tracked(store: TrackingStore): Promise<{ hasRuns: boolean; nodes: (Node & StoreExperiment)[] }> {
    const { experiments, hasRuns } = await experimentsWithRuns(store);
    return {
      hasRuns,
      nodes: experiments.map((experiment) => ({
        kind: 'experiment',
        experiment,
        store,
        key: `${store.location}#${experiment.id}`,
      })),
    };
  }

  /** Appends the next page of an experiment (the "Load more" row). */
  async loadMore(key: string): Promise<void> {
    const current = this.pages.get(key);
    const experiment = this.known.get(key);
    if (!current?.next || !experiment) return;
    await this.fetch(experiment, current);
    this.changed.fire(undefined);
  }

  private async fetch(at: StoreExperiment, previous?: RunPage): Promise<RunPage> {
    const page = await loadRunPage(at.store, at.experiment.id, this.deps.query(), previous);
    this.pages.set(at.key, page);
    return page;
  }
}
