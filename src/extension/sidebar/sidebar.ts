// The MLOps activity-bar container: Experiments and Models views, their context keys (which drive the
// welcome views), and refresh on change — the workspace model's runs, models, pipelines and experiments events (debounced);
// MLflow polled only while a view is visible, backing off while nothing changes.
import * as vscode from 'vscode';
import { type FolderBackends, isMlflowUri, onDidChangeSessionTrackingUri, trackingUri } from '../tracking-backend';
import { ExperimentsView, type ViewQuery } from './experiments-view';
import { ModelsView } from './models-view';
import type { WorkspaceModel } from '../workspace/workspace-model';

const DEBOUNCE_MS = 200;
const POLL_MIN_MS = 5_000;
const POLL_MAX_MS = 60_000;

export interface Sidebar {
  experiments: ExperimentsView;
  models: ModelsView;
  experimentsTree: vscode.TreeView<unknown>;
  refresh(): void;
}

export interface SidebarDeps {
  /** Tells when the local store's runs, the model tags or the pipelines change on disk. */
  workspace: WorkspaceModel;
  /** Each folder's store and registry. */
  backends: FolderBackends;
  query: () => ViewQuery;
  pinned: () => string[];
}

function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

export function createSidebar(context: vscode.ExtensionContext, deps: SidebarDeps): Sidebar {
  const experiments = new ExperimentsView({
    folders: () => deps.workspace.roots(),
    stores: () => deps.backends.stores(),
    experiments: (folder) => deps.workspace.experiments(folder),
    query: deps.query,
    pinned: deps.pinned,
    onState: ({ runs, error }) => {
      setContext('mlops.hasRuns', runs > 0);
      setContext('mlops.backendError', error !== undefined);
    },
  });
  const models = new ModelsView(
    () => deps.workspace.roots(),
    (folder) => deps.backends.registry(folder),
    ({ models: count, error }) => {
      setContext('mlops.hasModels', count > 0);
      setContext('mlops.noGit', error !== undefined && /is not in a git repository/.test(error));
    },
  );
  const experimentsTree = vscode.window.createTreeView('mlops.experiments', {
    treeDataProvider: experiments,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const modelsTree = vscode.window.createTreeView('mlops.models', { treeDataProvider: models, showCollapseAll: true });

  let timer: NodeJS.Timeout | undefined;
  const refresh = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      experiments.refresh();
      models.refresh();
    }, DEBOUNCE_MS);
  };

  // Local store and GTO tags change on disk: the workspace model watches them, no polling. dvc.yaml declares
  // artifacts (model paths), so a pipeline change refreshes too.
  const watched = [
    deps.workspace.onDidChangeRuns(refresh),
    deps.workspace.onDidChangeModels(refresh),
    deps.workspace.onDidChangePipelines(refresh),
    deps.workspace.onDidChangeExperiments(refresh),
  ];

  // A remote MLflow server cannot be watched: poll while a view is visible, backing off up to a minute.
  let pollDelay = POLL_MIN_MS;
  let poll: NodeJS.Timeout | undefined;
  const schedulePoll = (): void => {
    clearTimeout(poll);
    const visible = experimentsTree.visible || modelsTree.visible;
    if (!visible || !isMlflowUri(trackingUri())) return;
    poll = setTimeout(() => {
      experiments.refresh();
      pollDelay = Math.min(POLL_MAX_MS, pollDelay * 1.5);
      schedulePoll();
    }, pollDelay);
  };
  const onVisible = (): void => {
    pollDelay = POLL_MIN_MS;
    schedulePoll();
  };

  context.subscriptions.push(
    experimentsTree,
    modelsTree,
    ...watched,
    experimentsTree.onDidChangeVisibility(onVisible),
    modelsTree.onDidChangeVisibility(onVisible),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlops')) {
        refresh();
        onVisible();
      }
    }),
    onDidChangeSessionTrackingUri(() => {
      refresh();
      onVisible();
    }),
    { dispose: () => (clearTimeout(timer), clearTimeout(poll)) },
  );
  onVisible();
  return { experiments, models, experimentsTree: experimentsTree as vscode.TreeView<unknown>, refresh };
}
