// Hosts a metrics panel (one run, or several compared): serves the bundle under a strict CSP, answers
// `ready` with the full state, then streams increments while a shown run is RUNNING. Panel buttons run
// the same commands as the palette and the tree. The Plots section's "Compare with…" offers git's revisions and the
// registry's promoted model versions, read again when the workspace model says the models changed (a file event,
// or one of our model commands on an MLflow registry) and when the panel is shown again.
import * as vscode from 'vscode';
import { isPanelMessage, isSettings } from '../../webview/contract-guards';
import { receivePanelMessages } from './receive';
import { showInfo } from '../notify';
import { followRun, readHistories, type RunFollower } from '../../core/tracking/follow';
import type { RunSummary } from '../../core/tracking/types';
import {
  defaultSettings,
  toSeries,
  type HostMessage,
  type PanelKind,
  type PanelMessage,
  type PersistedPanel,
  type ViewSettings,
} from '../../webview/contract';
import { bundlePage } from './bundle-page';
import type { GateOf } from '../runner/gate';
import { plotsFailure, runPlotsMessage, runsPlotsMessage } from './plots-model';
import { findRepoRoot } from '../../core/revisions/repo-root';
import { errorMessage } from '../localized';
import { gitChoices, modelChoices, offeredChoice, type CompareChoice } from '../../core/plots/compare-choices';
import type { FolderBackends } from '../tracking-backend';
import type { WorkspaceModel } from '../workspace/workspace-model';

export const viewTypes: Record<PanelKind, string> = { run: 'mlops.runPanel', compare: 'mlops.comparePanel' };

/** Live updates while a run is RUNNING and the panel is visible: a point appears within this delay. */
const LIVE_POLL_MS = 500;

export interface PanelDeps {
  extensionUri: vscode.Uri;
  /** Each run is read from the store holding it; the plots, "Compare with…" and the gate from its folder. */
  backends: Pick<FolderBackends, 'ofRun' | 'stores' | 'registry'>;
  log: vscode.LogOutputChannel;
  /** The run panel shows the run's quality gate. */
  gate: GateOf;
  /** When the registry's models change. */
  workspace: WorkspaceModel;
}

function title(kind: PanelKind, runs: readonly RunSummary[], runIds: readonly string[]): string {
  if (kind === 'run') return `Run: ${runs[0]?.name ?? runIds[0] ?? ''}`;
  return `Compare ${runIds.length} runs`;
}

export class MetricsPanel {
  private settings: ViewSettings;
  private followers = new Map<string, RunFollower>();
  /** Shown runs still RUNNING: the only reason to poll. */
  private running = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** The revision the plots are overlaid with ("Compare with…"), one of `choices`. */
  private compare: CompareChoice | null = null;
  /** What "Compare with…" offers: git's revisions, then promoted model versions. */
  private choices: CompareChoice[] = [];
  /** The `smooth` plots' bandwidth the reader set with the slider; DVC's initial one until then. */
  private smooth: number | undefined;
  /** The runs loaded: the compare panel overlays the plots of each. */
  private shown: RunSummary[] = [];
  /** The folder whose store holds the (first) run: its plots, revisions and registry are the panel's. */
  private folder: string | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly kind: PanelKind,
    private readonly runIds: string[],
    private readonly deps: PanelDeps,
    settings?: ViewSettings,
  ) {
    this.settings = settings ?? defaultSettings;
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.webview.html = bundlePage(panel.webview, dist, kind, title(kind, [], runIds));
    receivePanelMessages(panel.webview, `${kind} panel`, isPanelMessage, deps.log, (m) => this.receive(m));
    panel.onDidChangeViewState(() => {
      this.schedule();
      // Shown again: a version promoted meanwhile in a registry no file event tells of (MLflow) is offered.
      if (panel.visible) void this.refreshChoices();
    });
    const models = deps.workspace.onDidChangeModels(() => void this.refreshChoices());
    panel.onDidDispose(() => {
      this.disposed = true;
      clearTimeout(this.timer);
      models.dispose();
    });
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.load();
        break;
      case 'command':
        await vscode.commands.executeCommand(message.command, message.runIds);
        break;
      case 'settings':
        this.settings = message.settings;
        break;
      case 'export':
        await this.export(message);
        break;
      case 'comparePlots': {
        const choice = offeredChoice(this.choices, message.revision);
        if (choice === undefined) {
          this.deps.log.warn(
            `${this.kind} panel: refused to compare with '${message.revision}', which it did not offer`,
          );
          break;
        }
        this.compare = choice;
        this.postPlots();
        break;
      }
      case 'smoothPlots':
        this.smooth = message.bandwidth;
        this.postPlots();
        break;
    }
  }

  private async load(): Promise<void> {
    try {
      const found = await Promise.all(
        this.runIds.map(async (id) => {
          const at = await this.deps.backends.ofRun(id);
          return { ...at, run: await at.store.getRun(id) };
        }),
      );
      const held = found.filter((f): f is typeof f & { run: NonNullable<typeof f.run> } => f.run !== undefined);
      const runs = held.map((f) => f.run);
      if (runs.length === 0) {
        this.post({
          type: 'error',
          message: vscode.l10n.t(
            'Run {0} was not found in {1}. It may have been deleted.',
            this.runIds.join(', '),
            [...new Set(found.map((f) => f.store.location))].join(', '),
          ),
        });
        return;
      }
      this.folder = held[0]?.folder;
      const histories = await Promise.all(held.map((f) => readHistories(f.store, f.run)));
      this.panel.title = title(this.kind, runs, this.runIds);
      this.followers = new Map(
        held.map(({ store, run: r }, i) => [
          r.id,
          followRun(store, r.id, Object.fromEntries(Object.entries(histories[i] ?? {}).map(([k, v]) => [k, v.length]))),
        ]),
      );
      this.post({
        type: 'load',
        kind: this.kind,
        runs,
        histories: Object.fromEntries(
          runs.map((r, i) => [
            r.id,
            Object.fromEntries(Object.entries(histories[i] ?? {}).map(([k, v]) => [k, toSeries(v)])),
          ]),
        ),
        settings: this.settings,
      });
      this.running = new Set(runs.filter((r) => r.status === 'RUNNING').map((r) => r.id));
      this.schedule();
      this.shown = runs;
      this.choices = await this.readChoices();
      // After a window reload, what the reader had chosen: the overlay only if it is still offered.
      const kept = this.settings.plots;
      if (this.compare === null && kept?.compare !== undefined)
        this.compare = offeredChoice(this.choices, kept.compare) ?? null;
      if (this.smooth === undefined) this.smooth = kept?.smooth;
      this.postPlots();
      const [first] = runs;
      if (this.kind === 'run' && first?.status === 'FINISHED') {
        this.post({ type: 'gate', gate: await this.deps.gate(first.id) });
      }
    } catch (err) {
      this.deps.log.error(`metrics panel: ${String(err)}`);
      this.post({
        type: 'error',
        message: vscode.l10n.t('Could not load the run: {0}', errorMessage(err)),
      });
    }
  }

  /**
   * The DVC plots: the run panel's working copy (with the chosen revision overlaid), the compare panel's runs each
   * at its own revision. A failure is a message in the Plots section, not a crash.
   */
  private postPlots(): void {
    const root = this.repoRoot();
    if (root === undefined) return;
    try {
      this.post(
        this.kind === 'run'
          ? runPlotsMessage(root, this.runIds[0] ?? '', this.compare, this.choices, this.smooth)
          : runsPlotsMessage(root, this.shown, this.compare, this.choices, this.smooth),
      );
    } catch (err) {
      this.deps.log.warn(`plots: ${String(err)}`);
      this.post(plotsFailure(err, this.compare?.label ?? null, this.choices));
    }
  }

  private repoRoot(): string | undefined {
    const folder = this.folder ?? this.deps.workspace.root();
    return folder === undefined ? undefined : findRepoRoot(folder);
  }

  /** Git's revisions, then the registry's promoted versions (none, with a warning logged, if it cannot be read). */
  private async readChoices(): Promise<CompareChoice[]> {
    const root = this.repoRoot();
    if (root === undefined) return [];
    let models: CompareChoice[] = [];
    try {
      models = modelChoices(await (await this.deps.backends.registry(this.folder)).listModels());
    } catch (err) {
      this.deps.log.warn(`compare with a model version: the registry could not be read: ${String(err)}`);
    }
    return [...gitChoices(root), ...models];
  }

  /** The registry's versions changed: offer the new set (the plots are drawn again only if it differs). */
  private async refreshChoices(): Promise<void> {
    if (this.disposed || this.shown.length === 0) return;
    const next = await this.readChoices();
    if (JSON.stringify(next) === JSON.stringify(this.choices)) return;
    this.choices = next;
    // A version no longer promoted is no longer overlaid.
    if (this.compare !== null) this.compare = offeredChoice(next, this.compare.label) ?? null;
    this.postPlots();
  }

  /** Polls only while something is running and the panel is visible: no work when idle. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.disposed || this.running.size === 0 || !this.panel.visible) return;
    this.timer = setTimeout(() => void this.tick(), LIVE_POLL_MS);
  }

  private async tick(): Promise<void> {
    for (const id of [...this.running]) {
      try {
        const { run, points } = await (this.followers.get(id) as RunFollower).poll();
        if (points.length > 0) this.post({ type: 'append', runId: id, points });
        if (!run || run.status !== 'RUNNING') this.running.delete(id);
        if (run) this.post({ type: 'runUpdated', run });
        if (run?.status === 'FINISHED' && this.kind === 'run')
          this.post({ type: 'gate', gate: await this.deps.gate(id) });
      } catch (err) {
        this.deps.log.warn(`live update of run ${id} failed: ${String(err)}`);
      }
    }
    this.schedule();
  }

  private async export(message: Extract<PanelMessage, { type: 'export' }>): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(
        vscode.workspace.workspaceFolders?.[0]?.uri ?? this.deps.extensionUri,
        message.fileName,
      ),
      filters: { [message.format.toUpperCase()]: [message.format] },
    });
    if (!target) return;
    const bytes = message.format === 'png' ? Buffer.from(message.data, 'base64') : Buffer.from(message.data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    showInfo(vscode.l10n.t('Exported {0}', vscode.workspace.asRelativePath(target)));
  }
}

/** Opens a panel, or reveals the one already showing exactly these runs. */
export function openMetricsPanel(
  kind: PanelKind,
  runIds: string[],
  deps: PanelDeps,
  open: Map<string, vscode.WebviewPanel>,
): void {
  const key = `${kind}:${[...runIds].sort().join(',')}`;
  const existing = open.get(key);
  if (existing) {
    existing.reveal();
    return;
  }
  const panel = vscode.window.createWebviewPanel(viewTypes[kind], title(kind, [], runIds), vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')],
  });
  open.set(key, panel);
  panel.onDidDispose(() => open.delete(key));
  new MetricsPanel(panel, kind, runIds, deps);
}

/** After a window reload VS Code hands back each panel with the state the webview saved. */
export function registerPanelSerializers(deps: PanelDeps, open: Map<string, vscode.WebviewPanel>): vscode.Disposable[] {
  return (Object.keys(viewTypes) as PanelKind[]).map((kind) =>
    vscode.window.registerWebviewPanelSerializer(viewTypes[kind], {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const saved = state as Partial<PersistedPanel> | undefined;
        const runIds = Array.isArray(saved?.runIds)
          ? saved.runIds.filter((id): id is string => typeof id === 'string')
          : [];
        const key = `${kind}:${[...runIds].sort().join(',')}`;
        open.set(key, panel);
        panel.onDidDispose(() => open.delete(key));
        // The saved state comes from the page: checked as its messages are.
        new MetricsPanel(panel, kind, runIds, deps, isSettings(saved?.settings) ? saved.settings : undefined);
      },
    }),
  );
}
