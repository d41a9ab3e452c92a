// The run commands shared by the palette, the Experiments tree and the panels' buttons (one code path):
// open a run's metrics panel, compare runs, copy a run id.
import * as vscode from 'vscode';
import { showInfo } from '../notify';
import * as path from 'node:path';
import type { RunQuery, RunSummary } from '../../core/tracking/types';
import type { FolderBackends } from '../tracking-backend';
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

/** Runs to pick from every store of the window's folders (each folder's name beside its runs when there are several). */
export async function runChoices(
  backends: Pick<FolderBackends, 'stores'>,
  query: RunQuery,
): Promise<{ run: RunSummary; where?: string }[]> {
  const served = await backends.stores();
  const pages = await Promise.all(served.map((s) => s.backend.searchRuns(query)));
  const named = served.length > 1;
  return pages.flatMap((page, i) =>
    page.items.map((run) => ({
      run,
      ...(named ? { where: (served[i]?.folders ?? []).map((f) => path.basename(f)).join(', ') } : {}),
    })),
  );
}

async function pickRuns(backends: Pick<FolderBackends, 'stores'>, many: boolean): Promise<string[]> {
  const choices = await runChoices(backends, { pageSize: 200 });
  if (choices.length === 0) {
    showInfo(vscode.l10n.t('No runs recorded yet. Run the pipeline (MLOps: Run Pipeline) to record one.'));
    return [];
  }
  const items = choices.map(({ run: r, where }) => ({
    label: r.name,
    description: `${where ? `${where} · ` : ''}${r.experiment} · ${r.status}`,
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
      const chosen = ids.length > 0 ? ids : await pickRuns(deps.backends, false);
      for (const id of chosen) openMetricsPanel('run', [id], deps, open);
    }),
    vscode.commands.registerCommand('mlops.compareRuns', async (...args: unknown[]) => {
      let ids = runIdsFrom(...args);
      if (ids.length < 2) {
        const more = await pickRuns(deps.backends, true);
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
