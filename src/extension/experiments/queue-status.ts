// The queue in the status bar — "$(sync~spin) 1 running · 2 queued · 1 failed" — from the workspace model's
// experiments (no polling: queue entries are files it watches), and the notifications: an experiment that
// failed (with its logs a click away), and the queue that emptied (how many succeeded and failed).
// What to count and say is decided in queue-news.ts (pure, unit-tested).
import * as vscode from 'vscode';
import { showInfo, showWarning } from '../notify';
import type { QueueStatus } from '../../core/experiments/queue-store';
import { type QueueNews, type QueueTally, queueCounts, queueNews, queueText } from './queue-news';
import type { WorkspaceModel } from '../workspace/workspace-model';

export function registerQueueStatus(model: WorkspaceModel): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('mlops.queue', vscode.StatusBarAlignment.Left, 9);
  item.name = 'MLOps experiment queue';
  item.command = 'mlops.queue.menu';
  let seen: Map<string, QueueStatus> | undefined;
  const tally: QueueTally = { succeeded: 0, failed: 0 };
  const update = async (): Promise<void> => {
    const snapshot = await model.experiments();
    const queue = snapshot?.queue ?? [];
    const text = queueText(queueCounts(queue));
    if (text) {
      item.text = text;
      item.tooltip = vscode.l10n.t('Experiment queue: click for cancel, logs and the experiments table');
      item.show();
    } else item.hide();
    // The first look only records: news is what changes while the editor watches.
    if (seen) for (const n of queueNews(seen, queue, tally)) announce(n);
    seen = new Map(queue.map((e) => [e.task.id, e.status]));
  };
  void update();
  return [item, model.onDidChangeExperiments(() => void update())];
}

function announce(n: QueueNews): void {
  if (n.kind === 'failed') {
    const name = n.entry.task.exp.name;
    const failed = n.entry.message
      ? vscode.l10n.t('Experiment {0} failed: {1}', name, n.entry.message)
      : vscode.l10n.t('Experiment {0} failed', name);
    void showWarning(failed, vscode.l10n.t('Show Logs')).then((pick) => {
      if (pick) void vscode.commands.executeCommand('mlops.experiments.logs', [name]);
    });
    return;
  }
  void showInfo(
    vscode.l10n.t('The experiment queue is empty: {0} succeeded, {1} failed.', n.succeeded, n.failed),
    vscode.l10n.t('Show Experiments'),
  ).then((pick) => {
    if (pick) void vscode.commands.executeCommand('mlops.experiments.showTable');
  });
}
