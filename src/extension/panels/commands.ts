// The run commands shared by the palette, the Experiments tree and the panels' buttons (one code path):
// open a run's metrics panel, compare runs, copy a run id.
import * as vscode from 'vscode';
import { showInfo } from '../notify';
import type { TrackingStore } from '../../core/tracking/types';
import { openMetricsPanel, registerPanelSerializers, type PanelDeps } from './metrics-panel';

/**
 * Run ids from whatever invoked the command: a panel passes `string[]`; a tree passes the clicked item
 * and the selection (items carry `runId`); the palette passes nothing.
 */
export function runIdsFrom(...args: unknown[]): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') ids.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null && typeof (value as { runId?: unknown }).runId === 'string') {
      ids.add((value as { runId: string }).runId);
    }
  };
  args.forEach(visit);
  return [...ids];
}

async function pickRuns(store: TrackingStore, many: boolean): Promise<string[]> {
  const page = await store.searchRuns({ pageSize: 200 });
  if (page.items.length === 0) {
    showInfo(vscode.l10n.t('No runs recorded yet. Run the pipeline (MLOps: Run Pipeline) to record one.'));
    return [];
  }
  const items = page.items.map((r) => ({
    label: r.name,
    description: `${r.experiment} · ${r.status}`,
    detail: Object.entries(r.metrics)
      .slice(0, 4)
      .map(([k, v]) => `${k}=${v}`)
      .join('  '),
    runId: r.id,
  }));
  if (many) {
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: vscode.l10n.t('Compare runs'),
      placeHolder: vscode.l10n.t('Pick two or more runs'),
    });
    return picked?.map((p) => p.runId) ?? [];
  }
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open run metrics') });
  return picked ? [picked.runId] : [];
}

export function registerPanelCommands(deps: PanelDeps): vscode.Disposable[] {
  const open = new Map<string, vscode.WebviewPanel>();
  return [
    ...registerPanelSerializers(deps, open),
    vscode.commands.registerCommand('mlops.openRunPanel', async (...args: unknown[]) => {
      const ids = runIdsFrom(...args);
      const chosen = ids.length > 0 ? ids : await pickRuns(await deps.store(), false);
      for (const id of chosen) openMetricsPanel('run', [id], deps, open);
    }),
    vscode.commands.registerCommand('mlops.compareRuns', async (...args: unknown[]) => {
      let ids = runIdsFrom(...args);
      if (ids.length < 2) {
        const more = await pickRuns(await deps.store(), true);
        ids = [...new Set([...ids, ...more])];
      }
      if (ids.length < 2) {
        if (ids.length === 1) showInfo(vscode.l10n.t('Pick at least two runs to compare.'));
        return;
      }
      openMetricsPanel('compare', ids, deps, open);
    }),
    vscode.commands.registerCommand('mlops.copyRunId', async (...args: unknown[]) => {
      const ids = runIdsFrom(...args);
      if (ids.length === 0) return;
      await vscode.env.clipboard.writeText(ids.join('\n'));
      vscode.window.setStatusBarMessage(`Copied run id ${ids.join(', ')}`, 3000);
    }),
  ];
}
