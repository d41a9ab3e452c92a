// Wires the experiments features into VS Code: the table (command and serializer), the "Modify params" form's
// submission (core's sweep parser → tasks → the queue, and the queue started for "Run"), the experiment
// actions, the queue's commands (start, stop, the status bar's menu) and its status bar item.
import * as vscode from 'vscode';
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
import { UNTRUSTED_MESSAGE } from '../runner/messages';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { executorSetting, registerExperimentCommands } from './experiment-commands';
import { type QueueControlDeps, startQueue, stopQueue } from './queue-control';
import { registerQueueStatus } from './queue-status';
import { disposeRayJobLogs } from './ray-job-log';

export function registerExperiments(
  context: vscode.ExtensionContext,
  model: WorkspaceModel,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const queue: QueueControlDeps = { extensionUri: context.extensionUri, credentials: context, log };
  const submit = async (m: Extract<ExpPanelMessage, { type: 'submit' }>): Promise<string> => {
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    const root = model.root();
    if (!root) throw new Error('Open a folder first: experiments live with the project.');
    const plan = planSweep(m.sets);
    if (!plan.ok) throw new Error(plan.message);
    const prepared = await prepareTasks({ dvcRoot: root, points: plan.points, targets: [], runOn: runOn(m.executor) });
    if (!prepared.ok) throw new Error(prepared.message);
    const entries = enqueue(prepared.tasks);
    model.refreshExperiments(0);
    const names = entries.map((e) => e.task.exp.name).join(', ');
    if (m.mode === 'queue') return `Queued ${entries.length} experiment(s): ${names}.`;
    const started = await startQueue(queue, root, m.jobs, m.executor);
    const where = m.executor === 'ray' ? 'on the Ray cluster' : 'on this machine';
    return started === 'already-running'
      ? `Queued ${entries.length} experiment(s) (${names}); the running queue takes them next.`
      : `Running ${entries.length} experiment(s) ${where}, ${m.jobs} at a time: ${names}.`;
  };
  const panelDeps: ExperimentsPanelDeps = {
    extensionUri: context.extensionUri,
    state: context.workspaceState,
    model,
    log,
    submit,
  };
  const guarded = (fn: () => Promise<void>) => async (): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      void showError(err instanceof Error ? err.message : String(err));
    }
  };
  const root = (): string => {
    const r = model.root();
    if (!r) throw new Error('Open a folder first: experiments live with the project.');
    return r;
  };
  return [
    registerExperimentsSerializer(panelDeps),
    vscode.commands.registerCommand('mlops.experiments.showTable', () => showExperimentsPanel(panelDeps)),
    ...registerExperimentCommands(model, queue),
    disposeRayJobLogs(),
    ...registerQueueStatus(model),
    vscode.commands.registerCommand(
      'mlops.queue.start',
      guarded(async () => {
        const jobs = await vscode.window.showQuickPick(['1', '2', '4'], { title: 'Experiments at once' });
        if (!jobs) return;
        const started = await startQueue(queue, root(), Number(jobs), executorSetting());
        if (started === 'already-running') void showInfo('The queue is already running.');
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.queue.stop',
      guarded(async () => {
        const pick = await showWarning(
          'Stop the experiment queue?',
          { modal: true, detail: 'Nothing new starts. Killing also ends the running experiments (they end FAILED).' },
          'Stop',
          'Stop and Kill Running',
        );
        if (pick) stopQueue(root(), pick !== 'Stop');
        model.refreshExperiments(0);
      }),
    ),
    vscode.commands.registerCommand(
      'mlops.queue.menu',
      guarded(async () => {
        const entries = listQueue(root()).filter((e) => e.status !== 'SUCCESS');
        const items: (vscode.QuickPickItem & { run: () => Thenable<unknown> })[] = [
          {
            label: '$(table) Show Experiments Table',
            run: () => vscode.commands.executeCommand('mlops.experiments.showTable'),
          },
          { label: '$(play) Start Queue', run: () => vscode.commands.executeCommand('mlops.queue.start') },
          { label: '$(debug-stop) Stop Queue…', run: () => vscode.commands.executeCommand('mlops.queue.stop') },
          ...entries.map((e) => ({
            label: `$(output) Logs: ${e.task.exp.name}`,
            description: `${e.status.toLowerCase()}${e.message ? ` — ${e.message}` : ''}`,
            run: () => vscode.commands.executeCommand('mlops.experiments.logs', [e.task.exp.name]),
          })),
          ...entries
            .filter((e) => e.status === 'QUEUED' || e.status === 'RUNNING')
            .map((e) => ({
              label: `$(close) Cancel: ${e.task.exp.name}`,
              description: e.status.toLowerCase(),
              run: () => vscode.commands.executeCommand('mlops.experiments.cancel', [e.task.exp.name]),
            })),
        ];
        const pick = await vscode.window.showQuickPick(items, { title: 'Experiment queue' });
        await pick?.run();
      }),
    ),
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
