// The queue in the status bar — "$(sync~spin) 1 running · 2 queued · 1 failed" — from the workspace model's
// experiments (no polling: queue entries are files it watches), every folder's queue counted, and the
// notifications: an experiment that failed (with its logs a click away), and a folder's queue that emptied (how many
// succeeded and failed), naming the folder when the window has several.
// What to count and say is decided in queue-news.ts (pure, unit-tested).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showInfo, showWarning } from '../notify';
import type { QueueEntry, QueueStatus } from '../../core/experiments/queue-store';
import { type QueueNews, type QueueTally, queueCounts, queueNews, queueText } from './queue-news';
import type { WorkspaceModel } from '../workspace/workspace-model';

export function registerQueueStatus(model: WorkspaceModel): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('mlops.queue', vscode.StatusBarAlignment.Left, 9);
  item.name = 'MLOps experiment queue';
  item.command = 'mlops.queue.menu';
  // Each folder has its own queue: the item counts them all, the news is each folder's own.
  const queues = new Map<string, readonly QueueEntry[]>();
  const seen = new Map<string, Map<string, QueueStatus>>();
  const tallies = new Map<string, QueueTally>();
  const show = (): void => {
    const roots = model.roots();
    const text = queueText(queueCounts(roots.flatMap((r) => queues.get(r) ?? [])));
    if (text) {
      item.text = text;
      item.tooltip = vscode.l10n.t('Experiment queue: click for cancel, logs and the experiments table');
      item.show();
    } else item.hide();
  };
  const update = async (folder: string): Promise<void> => {
    const snapshot = await model.experiments(folder);
    const queue = snapshot?.queue ?? [];
    queues.set(folder, queue);
    show();
    // The first look only records: news is what changes while the editor watches.
    const before = seen.get(folder);
    const tally = tallies.get(folder) ?? { succeeded: 0, failed: 0 };
    tallies.set(folder, tally);
    if (before) for (const n of queueNews(before, queue, tally)) announce(n, folder, model.roots().length > 1);
    seen.set(folder, new Map(queue.map((e) => [e.task.id, e.status])));
  };
  for (const folder of model.roots()) void update(folder);
  return [item, model.onDidChangeExperiments((folder) => void update(folder))];
}

/** Tells of an experiment that failed or a queue that emptied; `named`: the folder's name is said (several open). */
function announce(n: QueueNews, folder: string, named: boolean): void {
  const where = path.basename(folder);
  if (n.kind === 'failed') {
    const name = n.entry.task.exp.name;
    const failed = named
      ? n.entry.message
        ? vscode.l10n.t('Experiment {0} of {1} failed: {2}', name, where, n.entry.message)
        : vscode.l10n.t('Experiment {0} of {1} failed', name, where)
      : n.entry.message
        ? vscode.l10n.t('Experiment {0} failed: {1}', name, n.entry.message)
        : vscode.l10n.t('Experiment {0} failed', name);
    void showWarning(failed, vscode.l10n.t('Show Logs')).then((pick) => {
      if (pick) void vscode.commands.executeCommand('mlops.experiments.logs', [name], { folder });
    });
    return;
  }
  void showInfo(
    named
      ? vscode.l10n.t('The experiment queue of {0} is empty: {1} succeeded, {2} failed.', where, n.succeeded, n.failed)
      : vscode.l10n.t('The experiment queue is empty: {0} succeeded, {1} failed.', n.succeeded, n.failed),
    vscode.l10n.t('Show Experiments'),
  ).then((pick) => {
    if (pick) void vscode.commands.executeCommand('mlops.experiments.showTable');
  });
}
