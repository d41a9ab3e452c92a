// `mlops.plots.showForRevisions`: a panel with the DVC plots of several revisions overlaid — experiments by name
// (as the Experiments table lists them), commits, branches, tags or `workspace`. The table calls it with the
// selected rows' names; from the palette it offers the working copy, HEAD, branches and tags. One panel per set
// of revisions: asking again for the same set reveals it. Contract: docs/ARCHITECTURE.md ("Commands other views call").
import * as vscode from 'vscode';
import { resolveRevisionNames } from '../../core/plots/revision-names';
import { WORKSPACE } from '../../core/revisions/git-tree';
import { findRepoRoot } from '../../core/revisions/repo-root';
import type { HostMessage, PersistedPlotsPanel } from '../../webview/contract';
import { isBandwidth, isPanelMessage } from '../../webview/contract-guards';
import { receivePanelMessages } from './receive';
import { showInfo } from '../notify';
import { bundlePage } from './bundle-page';
import { plotsFailure, plotsMessage } from './plots-model';
import { gitChoices } from '../../core/plots/compare-choices';

export const SHOW_PLOTS_FOR_REVISIONS = 'mlops.plots.showForRevisions';
const VIEW_TYPE = 'mlops.plotsPanel';

/** Revision names from the command's arguments: a `string[]`, strings, or items carrying `revision` or `name`. */
export function revisionNamesFrom(...args: unknown[]): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') names.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      const item = value as { revision?: unknown; name?: unknown };
      if (typeof item.revision === 'string') names.add(item.revision);
      else if (typeof item.name === 'string') names.add(item.name);
    }
  };
  args.forEach(visit);
  return [...names].filter((n) => n.trim() !== '');
}

export function registerPlotsPanel(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const open = new Map<string, vscode.WebviewPanel>();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const keyOf = (revisions: readonly string[]): string => [...revisions].sort().join('\0');
  /** Fills a panel (new, or restored after a reload) with the plots of `revisions`. */
  const track = (panel: vscode.WebviewPanel, root: string, revisions: string[], keptSmooth?: number): void => {
    const key = keyOf(revisions);
    open.set(key, panel);
    panel.onDidDispose(() => open.delete(key));
    panel.webview.html = bundlePage(panel.webview, dist, 'plots', panel.title);
    const post = (m: HostMessage): void => void panel.webview.postMessage(m);
    let smooth = keptSmooth;
    receivePanelMessages(panel.webview, 'plots panel', isPanelMessage, log, async (m) => {
      if (m.type === 'smoothPlots') smooth = m.bandwidth;
      else if (m.type !== 'ready') return;
      try {
        const named = await resolveRevisionNames(root, revisions);
        post(
          plotsMessage({
            root,
            revisions: named.names,
            treeOf: named.treeOf,
            owners: named.names,
            notes: named.problems,
            ...(smooth === undefined ? {} : { smooth }),
          }),
        );
      } catch (err) {
        log.warn(`plots for ${revisions.join(', ')}: ${String(err)}`);
        post(plotsFailure(err));
      }
    });
  };
  const rootOf = (): string | undefined => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return folder === undefined ? undefined : findRepoRoot(folder);
  };
  const command = vscode.commands.registerCommand(SHOW_PLOTS_FOR_REVISIONS, async (...args: unknown[]) => {
    const root = rootOf();
    if (root === undefined) {
      void showInfo(vscode.l10n.t('Open a folder with a dvc.yaml to show its plots.'));
      return;
    }
    let revisions = revisionNamesFrom(...args);
    if (revisions.length === 0) {
      const picked = await vscode.window.showQuickPick([WORKSPACE, ...gitChoices(root).map((c) => c.revision)], {
        canPickMany: true,
        title: vscode.l10n.t('Show plots for revisions'),
        placeHolder: vscode.l10n.t('Pick the revisions to overlay'),
      });
      revisions = picked ?? [];
    }
    if (revisions.length === 0) return;
    const existing = open.get(keyOf(revisions));
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('Plots: {0}', revisions.join(', ')),
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [dist] },
    );
    track(panel, root, revisions);
  });
  // After a window reload VS Code hands back the panel with what the page saved: its revisions.
  const serializer = vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      const saved = state as Partial<PersistedPlotsPanel> | undefined;
      const root = rootOf();
      const revisions = Array.isArray(saved?.revisions) ? revisionNamesFrom(saved.revisions) : [];
      if (saved?.kind !== 'plots' || revisions.length === 0 || root === undefined) {
        panel.dispose();
        return;
      }
      panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
      // The bandwidth the page saved, only if it is one the slider can set (the page is untrusted content).
      track(panel, root, revisions, isBandwidth(saved.smooth) ? saved.smooth : undefined);
    },
  });
  return vscode.Disposable.from(command, serializer);
}
