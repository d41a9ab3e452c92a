// Commands on runs and on the Experiments view: filter, sort, paging, rename, delete/restore, check out a run's
// commit, the active experiment. Every one also works from the palette (it asks for what it lacks).
import * as vscode from 'vscode';
import { registerTrustedCommand } from '../trust';
import { untrustedGitMessage } from '../runner/messages';
import { showError, showInfo, showWarning } from '../notify';
import { simpleGit } from 'simple-git';
import { parseOrderBy } from '../../core/tracking/filter';
import { runNameProblem } from '../../core/tracking/run-name';
import type { TrackingStore } from '../../core/tracking/types';
import { runChoices, runIdsFrom } from '../panels/commands';
import type { FolderBackends } from '../tracking-backend';
import type { ViewQuery } from './experiments-view';
import { parseFilterInput } from './filter-input';
import { plain } from './run-presentation';
import type { Sidebar } from './sidebar';
import { errorMessage, type Localized } from '../localized';
import { DEFAULT_EXPERIMENT } from '../../core/runner/run';

const QUERY_KEY = 'mlops.experiments.query';
const ACTIVE_EXPERIMENT_KEY = 'mlops.activeExperiment';

/** The filter and sort typed by the user, remembered per workspace. */
export function savedQuery(state: vscode.Memento): ViewQuery {
  const saved = state.get<{ filterText?: string; orderText?: string }>(QUERY_KEY) ?? {};
  const filterText = saved.filterText ?? '';
  const orderText = saved.orderText ?? '';
  const parsed = parseFilterInput(filterText);
  let orderBy: ViewQuery['orderBy'] = [];
  try {
    orderBy = orderText ? parseOrderBy(orderText) : [];
  } catch {
    orderBy = [];
  }
  return { filter: parsed.filter ?? {}, filterText, orderBy, orderText };
}

export function activeExperiment(state: vscode.Memento): string | undefined {
  return state.get<string>(ACTIVE_EXPERIMENT_KEY);
}

async function pickRun(backends: FolderBackends, title: string): Promise<string | undefined> {
  const choices = await runChoices(backends, { pageSize: 200, lifecycle: 'all' });
  const pick = await vscode.window.showQuickPick(
    choices.map(({ run: r, where }) => ({
      label: r.name,
      description: `${where ? `${where} · ` : ''}${r.experiment} · ${r.status}${r.lifecycle === 'deleted' ? ' · deleted' : ''}`,
      runId: r.id,
    })),
    { title },
  );
  return pick?.runId;
}

export function registerRunCommands(
  context: vscode.ExtensionContext,
  sidebar: Sidebar,
  backends: FolderBackends,
  statusBar: vscode.StatusBarItem,
): vscode.Disposable[] {
  const state = context.workspaceState;
  const ids = async (title: Localized, args: unknown[]): Promise<string[]> => {
    const given = runIdsFrom(...args);
    if (given.length > 0) return given;
    const picked = await pickRun(backends, title);
    return picked ? [picked] : [];
  };
  /** Each run's own store (the folder that recorded it). */
  const storeOf = async (id: string): Promise<TrackingStore> => (await backends.ofRun(id)).store;
  const showActive = (): void => {
    const name = activeExperiment(state);
    statusBar.text = vscode.l10n.t('$(beaker) {0}', name ?? DEFAULT_EXPERIMENT);
    statusBar.tooltip = vscode.l10n.t('MLOps: active experiment (new runs are recorded here). Click to change.');
    statusBar.command = 'mlops.setActiveExperiment';
    statusBar.show();
  };
  showActive();

  return [
    vscode.commands.registerCommand('mlops.refresh', () => sidebar.refresh()),
    vscode.commands.registerCommand('mlops.experiments.filter', async () => {
      const current = savedQuery(state);
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter runs'),
        value: current.filterText,
        prompt: vscode.l10n.t("A name, or conditions: accuracy > 0.9 and params.lr = '0.1' and status = 'FINISHED'"),
        validateInput: (v) => parseFilterInput(v).error,
      });
      if (text === undefined) return;
      await state.update(QUERY_KEY, { filterText: text, orderText: current.orderText });
      void vscode.commands.executeCommand('setContext', 'mlops.filtered', text.trim() !== '');
      sidebar.refresh();
    }),
    vscode.commands.registerCommand('mlops.experiments.clearFilter', async () => {
      await state.update(QUERY_KEY, { filterText: '', orderText: savedQuery(state).orderText });
      void vscode.commands.executeCommand('setContext', 'mlops.filtered', false);
      sidebar.refresh();
    }),
    vscode.commands.registerCommand('mlops.experiments.sort', async () => {
      const current = savedQuery(state);
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sort runs'),
        value: current.orderText,
        prompt: vscode.l10n.t(
          'e.g. metrics.accuracy DESC, start_time — any metric, param or time; empty = newest first',
        ),
        validateInput: (v) => {
          try {
            parseOrderBy(v);
            return undefined;
          } catch (err) {
            return err instanceof Error ? err.message : String(err);
          }
        },
      });
      if (text === undefined) return;
      await state.update(QUERY_KEY, { filterText: current.filterText, orderText: text });
      sidebar.refresh();
    }),
    vscode.commands.registerCommand('mlops.experiments.loadMore', (experimentId: string) =>
      sidebar.experiments.loadMore(experimentId),
    ),
    vscode.commands.registerCommand('mlops.deleteRun', async (...args: unknown[]) => {
      const chosen = await ids(vscode.l10n.t('Delete run'), args);
      if (chosen.length === 0) return;
      const stores = await Promise.all(chosen.map(storeOf));
      for (const [i, id] of chosen.entries()) await stores[i]?.deleteRun(id);
      sidebar.refresh();
      const undo = await showInfo(
        chosen.length > 1
          ? vscode.l10n.t('Deleted {0} runs. Their data is kept.', chosen.length)
          : vscode.l10n.t('Deleted 1 run. Its data is kept.'),
        vscode.l10n.t('Undo'),
      );
      if (undo) {
        for (const [i, id] of chosen.entries()) await stores[i]?.restoreRun(id);
        sidebar.refresh();
      }
    }),
    vscode.commands.registerCommand('mlops.restoreRun', async (...args: unknown[]) => {
      const chosen = await ids(vscode.l10n.t('Restore a deleted run'), args);
      for (const id of chosen) await (await storeOf(id)).restoreRun(id);
      sidebar.refresh();
    }),
    vscode.commands.registerCommand('mlops.renameRun', async (...args: unknown[]) => {
      const [id] = await ids(vscode.l10n.t('Rename run'), args);
      if (!id) return;
      const s = await storeOf(id);
      const run = await s.getRun(id);
      if (!run) {
        showWarning(vscode.l10n.t('Run {0} no longer exists in {1}.', id, s.location));
        return;
      }
      const name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Rename run “{0}”', plain(run.name)),
        value: run.name,
        validateInput: runNameProblem,
      });
      if (name === undefined || name.trim() === run.name) return;
      try {
        await s.renameRun(id, name);
      } catch (err) {
        showError(vscode.l10n.t('Could not rename run “{0}”: {1}', plain(run.name), errorMessage(err)));
        return;
      }
      sidebar.refresh();
    }),
    registerTrustedCommand('mlops.checkoutRun', untrustedGitMessage(), async (...args: unknown[]) => {
      const [id] = await ids(vscode.l10n.t('Check out the commit of a run'), args);
      if (!id) return;
      const { store, folder } = await backends.ofRun(id);
      const run = await store.getRun(id);
      if (!run?.git) {
        showWarning(vscode.l10n.t('This run has no git commit recorded (it ran outside a git repository).'));
        return;
      }
      const branch = await vscode.window.showInputBox({
        title: vscode.l10n.t('New branch at {0}', run.git.commit.slice(0, 8)),
        value: `run/${run.name.replace(/[^\w.-]+/g, '-')}`,
      });
      if (!branch) return;
      // The repository of the folder that recorded the run.
      if (folder === undefined) return;
      try {
        await simpleGit({ baseDir: folder }).checkoutBranch(branch, run.git.commit);
        showInfo(vscode.l10n.t('Checked out {0} as branch {1}.', run.git.commit.slice(0, 8), branch));
      } catch (err) {
        showError(
          vscode.l10n.t(
            'Could not check out {0}: {1} — commit or stash your changes first.',
            run.git.commit.slice(0, 8),
            errorMessage(err),
          ),
        );
      }
    }),
    vscode.commands.registerCommand('mlops.setActiveExperiment', async () => {
      // The name is the window's (a run of any folder is recorded under it): every folder's store offers its own.
      const lists = await Promise.all((await backends.stores()).map((s) => s.backend.listExperiments()));
      const names = [...new Set(lists.flat().flatMap((e) => (e.lifecycle === 'active' ? [e.name] : [])))];
      const create = vscode.l10n.t('$(add) New experiment…');
      const pick = await vscode.window.showQuickPick([...names, create], {
        title: vscode.l10n.t('Active experiment'),
      });
      if (!pick) return;
      const name =
        pick === create
          ? await vscode.window.showInputBox({
              title: vscode.l10n.t('New experiment name'),
              validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name is needed')),
            })
          : pick;
      if (!name) return;
      await state.update(ACTIVE_EXPERIMENT_KEY, name.trim());
      showActive();
    }),
  ];
}
