// Wires the experiments features into VS Code: the table (command and serializer), the "Modify params" form's
// submission (core's sweep parser → tasks → the queue, and the queue started for "Run"), the experiment
// actions, the queue's commands (start, stop, the status bar's menu: each in the folder its caller names, else the
// only one, else the one the user picks) and its status bar item.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chooseFolder } from '../folder-choice';
import { editorScope } from '../run-scopes';
import { namedFolder } from '../folder-args';
import { showError, showInfo, showWarning } from '../notify';
import { enqueue, prepareTasks } from '../../core/experiments/enqueue';
import type { RunOn } from '../../core/experiments/isolated-run';
import { listQueue } from '../../core/experiments/queue-store';
import { planSweep } from '../../core/experiments/sweeps';
import type { ExpPanelMessage } from '../../webview/experiments-contract';
import {
  registerExperimentsSerializer,
  showExperimentsPanel,
  type ExperimentsPanelDeps,
} from '../panels/experiments-panel';
import { untrustedMessage } from '../runner/messages';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { executorSetting, registerExperimentCommands } from './experiment-commands';
import { type QueueControlDeps, startQueue, stopQueue } from './queue-control';
import { registerQueueStatus } from './queue-status';
import { disposeRayJobLogs } from './ray-job-log';
import { errorMessage, type Localized } from '../localized';

export function registerExperiments(
  context: vscode.ExtensionContext,
  model: WorkspaceModel,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const queue: QueueControlDeps = { extensionUri: context.extensionUri, credentials: context, log };
  const submit = async (m: Extract<ExpPanelMessage, { type: 'submit' }>, root: string): Promise<Localized> => {
    if (!vscode.workspace.isTrusted) throw new Error(untrustedMessage());
    const plan = planSweep(m.sets);
    if (!plan.ok) throw new Error(plan.message);
    const prepared = await prepareTasks({
      dvcRoot: root,
      points: plan.points,
      // What `dvc exp run` runs in the folder (its ./dvc.yaml, else every pipeline): run-scopes.ts.
      scope: editorScope('experiment', root),
      runOn: runOn(m.executor),
    });
    if (!prepared.ok) throw new Error(prepared.message);
    const entries = enqueue(prepared.tasks);
    model.refreshExperiments(0);
    const names = entries.map((e) => e.task.exp.name).join(', ');
    if (m.mode === 'queue') return vscode.l10n.t('Queued {0} experiment(s): {1}.', entries.length, names);
    const started = await startQueue(queue, root, m.jobs, m.executor);
    if (started === 'already-running')
      return vscode.l10n.t('Queued {0} experiment(s) ({1}); the running queue takes them next.', entries.length, names);
    return m.executor === 'ray'
      ? vscode.l10n.t(
          'Running {0} experiment(s) on the Ray cluster, {1} at a time: {2}.',
          entries.length,
          m.jobs,
          names,
        )
      : vscode.l10n.t('Running {0} experiment(s) on this machine, {1} at a time: {2}.', entries.length, m.jobs, names);
  };
  const panelDeps: ExperimentsPanelDeps = {
    extensionUri: context.extensionUri,
    state: context.workspaceState,
    model,
    log,
    submit,
  };
  const guarded =
    (fn: (...args: unknown[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        void showError(errorMessage(err));
      }
    };
  /** The folder a queue command acts in: its item's or caller's, the only one, else the user's choice. */
  const folderFor = async (args: unknown[]): Promise<string | undefined> => {
    const roots = model.roots();
    if (roots.length === 0) throw new Error(vscode.l10n.t('Open a folder first: experiments live with the project.'));
    return chooseFolder(roots, args, vscode.l10n.t('Which folder’s experiment queue?'), (f) => model.folderOf(f));
  };
  const several = (): boolean => model.roots().length > 1;
  return [
    registerExperimentsSerializer(panelDeps),
    vscode.commands.registerCommand('mlops.experiments.showTable', () => showExperimentsPanel(panelDeps)),
    vscode.commands.registerCommand(
      'mlops.experiments.modifyParams',
      guarded(async (...args) => {
        const roots = model.roots();
        if (roots.length === 0)
          throw new Error(vscode.l10n.t('Open a folder first: experiments live with the project.'));
        const folder = await chooseFolder(roots, args, vscode.l10n.t('Queue experiments in which folder?'), (f) =>
          model.folderOf(f),
        );
        if (folder) showExperimentsPanel(panelDeps, folder);
      }),
    ),
    ...registerExperimentCommands(model, queue),
    disposeRayJobLogs(),
    ...registerQueueStatus(model),
    vscode.commands.registerCommand(
      'mlops.queue.start',
      guarded(async (...args) => {
        const root = await folderFor(args);
        if (!root) return;
        const jobs = await vscode.window.showQuickPick(['1', '2', '4'], {
          title: vscode.l10n.t('Experiments at once'),
        });
        if (!jobs) return;
        const started = await startQueue(queue, root, Number(jobs), executorSetting());
        if (started === 'already-running') void showInfo(vscode.l10n.t('The queue is already running.'));
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.queue.stop',
      guarded(async (...args) => {
        const root = await folderFor(args);
        if (!root) return;
        const stop = vscode.l10n.t('Stop');
        const pick = await showWarning(
          several()
            ? vscode.l10n.t('Stop the experiment queue of {0}?', path.basename(root))
            : vscode.l10n.t('Stop the experiment queue?'),
          {
            modal: true,
            detail: vscode.l10n.t('Nothing new starts. Killing also ends the running experiments (they end FAILED).'),
          },
          stop,
          vscode.l10n.t('Stop and Kill Running'),
        );
        if (pick) stopQueue(root, pick !== stop);
        model.refreshExperiments(0, root);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.queue.menu',
      guarded(async (...args) => {
        // The status bar counts every folder's queue: its menu lists every folder's entries, each acting in its own.
        const roots = [namedFolder(args, model.roots()) ?? model.roots()].flat();
        const items: (vscode.QuickPickItem & { run: () => Thenable<unknown> })[] = [
          {
            label: vscode.l10n.t('$(table) Show Experiments Table'),
            run: () => vscode.commands.executeCommand('mlops.experiments.showTable'),
          },
          {
            label: vscode.l10n.t('$(play) Start Queue'),
            run: () => vscode.commands.executeCommand('mlops.queue.start', ...args),
          },
          {
            label: vscode.l10n.t('$(debug-stop) Stop Queue…'),
            run: () => vscode.commands.executeCommand('mlops.queue.stop', ...args),
          },
          ...roots.flatMap((folder) => queueItems(folder, roots.length > 1)),
        ];
        const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Experiment queue') });
        await pick?.run();
      }),
    ),
  ];
}

/** A folder's unfinished queue entries in the queue's menu: logs of each, cancel while queued or running, remove once failed. */
function queueItems(folder: string, named: boolean): (vscode.QuickPickItem & { run: () => Thenable<unknown> })[] {
  const where = named ? `${path.basename(folder)} · ` : '';
  const act = (command: string, name: string) => () =>
    vscode.commands.executeCommand(`mlops.experiments.${command}`, [name], { folder });
  const entries = listQueue(folder).filter((e) => e.status !== 'SUCCESS');
  return [
    ...entries.map((e) => ({
      label: vscode.l10n.t('$(output) Logs: {0}', e.task.exp.name),
      description: `${where}${e.status.toLowerCase()}${e.message ? ` — ${e.message}` : ''}`,
      run: act('logs', e.task.exp.name),
    })),
    ...entries
      .filter((e) => e.status === 'QUEUED' || e.status === 'RUNNING')
      .map((e) => ({
        label: vscode.l10n.t('$(close) Cancel: {0}', e.task.exp.name),
        description: `${where}${e.status.toLowerCase()}`,
        run: act('cancel', e.task.exp.name),
      })),
    ...entries
      .filter((e) => e.status === 'FAILED')
      .map((e) => ({
        label: vscode.l10n.t('$(trash) Remove: {0}', e.task.exp.name),
        description: `${where}${e.status.toLowerCase()}`,
        run: act('remove', e.task.exp.name),
      })),
  ];
}

/** The form's "Run on", kept with each experiment it queues: the queue may be started later with another. */
function runOn(executor: 'local' | 'ray'): RunOn {
  if (executor === 'local') return { kind: 'local' };
  const c = vscode.workspace.getConfiguration('mlops');
  const address = c.get<string>('ray.address', '').trim();
  if (!address) throw new Error('Set mlops.ray.address to the Ray dashboard (http://HOST:8265) to run there.');
  const data = c.get<string>('ray.data', 'none').trim();
  return { kind: 'ray', address, ...(data && data !== 'none' ? { data } : {}) };
}
