// Hosts the pipeline graph panel: one per workspace, served under the strict CSP shell, answering `ready`
// with the laid-out graph and statuses, then sending `statusUpdated` whenever the run service's status
// changes (a re-layout only when stages or edges changed). Its clicks go through the same commands as
// the CodeLens and the Pipeline view, so workspace trust is checked in one place. In a multi-root window it shows
// one workspace folder's pipelines: the folder of the stage or file it was opened from (a CodeLens, a Pipeline view
// row, the active editor), else the first; opened from another folder, the same panel switches to that one.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { receivePanelMessages } from './receive';
import {
  isDagPanelMessage,
  type DagHostMessage,
  type DagPanelMessage,
  type DagRunMode,
  type DagWindow,
} from '../../webview/contract';
import type { RunService } from '../runner/run-service';
import { dagDrawing, dagStages, dagStatuses, type DagDrawing, type DagStages } from './dag-model';
import { bundlePage } from './bundle-page';
import { errorMessage } from '../localized';

export const DAG_VIEW_TYPE = 'mlops.dagPanel';

const runCommand: Record<DagRunMode, string> = {
  single: 'mlops.runStage',
  upstream: 'mlops.runStageWithUpstream',
  downstream: 'mlops.runDownstream',
};

class DagPanel {
  private stages: DagStages | undefined;
  private drawn: DagDrawing | undefined;
  /** Groups the reader opened or folded; undefined until they do (the first view chooses). */
  private expanded: Set<string> | undefined;
  private focused: string | undefined;
  private window: DagWindow = { width: 1200, height: 800 };
  /** A dvc.yaml or params file changed: the next status change checks the graph too. */
  private graphDirty = true;
  private ready = false;
  private pendingReveal: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statusSource = {
    viewOf: (id: string) => this.service.viewOf(id, this.folder),
    reasonsOf: (id: string) => this.service.info(id, this.folder)?.reasons ?? [],
  };

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly service: RunService,
    /** The workspace folder whose pipelines the panel draws. */
    private folder: string | undefined,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    panel.webview.html = bundlePage(panel.webview, dist, 'dag', 'Pipeline Graph');
    this.disposables.push(
      service.model.onDidChangePipelines((f) => {
        if (f === this.folder) this.graphDirty = true;
      }),
      service.onDidChange(() => this.statusChanged()),
      // A hidden webview is torn down; shown again, its page says `ready` and gets a full load.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      receivePanelMessages(panel.webview, 'pipeline graph', isDagPanelMessage, log, (m) => this.receive(m)),
    );
    panel.onDidDispose(() => {
      vscode.Disposable.from(...this.disposables).dispose();
      onDispose();
    });
  }

  /** Draws another folder's pipelines (the reader's open groups and focus belonged to the one before). */
  showFolder(folder: string | undefined): void {
    if (folder === undefined || folder === this.folder) return;
    this.folder = folder;
    this.graphDirty = true;
    this.expanded = undefined;
    this.focused = undefined;
    this.panel.title = graphTitle(this.service, folder);
    if (this.ready) this.load(true);
  }

  /** Brings a stage into view and gives it the keyboard focus, opening its group if it is folded. */
  reveal(stageId: string | undefined): void {
    this.panel.reveal();
    if (stageId === undefined) return;
    if (!this.ready) {
      this.pendingReveal = stageId;
      return;
    }
    const shown = this.drawn?.nodes.some((n) => n.id === stageId && n.kind === 'stage');
    if (!shown) {
      // Folded in a group, or outside the focused part: show it first.
      if (
        this.focused !== undefined &&
        !this.drawn?.nodes.some((n) => n.kind === 'group' && n.members.includes(stageId))
      )
        this.focused = undefined;
      const group = this.groupOf(stageId);
      if (group !== undefined) this.expanded = new Set([...(this.drawn?.expanded ?? []), group]);
      this.load(true, [stageId]);
    }
    this.post({ type: 'focus', stageId });
  }

  /** Limits the drawing to a stage with its upstream and downstream (undefined: the whole pipeline again). */
  focusOn(stageId: string | undefined): void {
    this.panel.reveal();
    this.focused = stageId;
    // Inside a focus the first view chooses again; leaving it returns to the groups chosen before.
    if (this.ready) this.load(true, stageId === undefined ? undefined : [stageId]);
  }

  private groupOf(stageId: string): string | undefined {
    const i = this.stages?.index.get(stageId);
    const g = i === undefined ? -1 : (this.stages?.grouped.groupOf[i] ?? -1);
    return g < 0 ? undefined : this.stages?.groups[g]?.id;
  }

  private post(message: DagHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: DagPanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Also after the panel was hidden and shown again: its page starts afresh.
        this.ready = true;
        this.window = message.window;
        this.load(true);
        if (this.pendingReveal !== undefined) this.reveal(this.pendingReveal);
        this.pendingReveal = undefined;
        break;
      case 'reveal':
        await vscode.commands.executeCommand('mlops.revealStage', message.stageId, this.folder);
        break;
      case 'run': {
        const group = this.stages?.groups.find((g) => g.id === message.stageId);
        const targets = group ? group.members.map((m) => m.stage.id) : [message.stageId];
        await vscode.commands.executeCommand(runCommand[message.mode], targets, this.folder);
        break;
      }
      case 'openGroups': {
        const all = this.stages?.groups.map((g) => g.id) ?? [];
        const current = new Set(this.drawn?.expanded ?? []);
        if (message.groupId === undefined) this.expanded = message.open ? new Set(all) : new Set();
        else {
          if (message.open) current.add(message.groupId);
          else current.delete(message.groupId);
          this.expanded = current;
        }
        this.load(true, message.groupId === undefined ? undefined : [message.groupId]);
        break;
      }
      case 'focusStage':
        this.focusOn(message.stageId);
        break;
    }
  }

  private statusChanged(): void {
    if (!this.ready) return;
    const known = this.stages?.index;
    if (this.graphDirty || !known || this.service.all(this.folder).some((s) => !known.has(s.id))) this.load(false);
    else this.post({ type: 'statusUpdated', ...dagStatuses(this.statusSource, this.drawn?.nodes ?? []) });
  }

  /**
   * Reads the stage graph; sends a new drawing when it changed or when `force` (a group opened, a focus), else
   * just the statuses. `reveal` names nodes the panel brings into view.
   */
  private load(force: boolean, reveal?: string[]): void {
    const root = this.folder;
    if (!root) {
      this.post({
        type: 'error',
        message: vscode.l10n.t('Open a folder that holds a dvc.yaml to see its pipeline graph.'),
      });
      return;
    }
    try {
      if (this.graphDirty || !this.stages) {
        this.graphDirty = false;
        const ws = this.service.model.pipelines(root);
        if (!ws) throw new Error('no workspace folder');
        const stages = dagStages(ws);
        force ||= stages.signature !== this.stages?.signature;
        this.stages = stages;
      }
      if (!force && this.drawn) {
        this.post({ type: 'statusUpdated', ...dagStatuses(this.statusSource, this.drawn.nodes) });
        return;
      }
      const focus = this.focused;
      const drawn = dagDrawing(this.stages, {
        window: this.window,
        ...(focus === undefined ? {} : { focus }),
        ...(this.expanded && focus === undefined ? { expanded: this.expanded } : {}),
      });
      this.drawn = drawn;
      if (focus !== undefined && drawn.focus === undefined) this.focused = undefined;
      this.post({
        type: 'load',
        nodes: drawn.nodes,
        layout: drawn.layout,
        ...dagStatuses(this.statusSource, drawn.nodes),
        ...(drawn.focus === undefined ? {} : { focus: drawn.focus }),
        ...(reveal ? { reveal } : {}),
      });
    } catch (err) {
      this.log.error(`pipeline graph: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      this.post({
        type: 'error',
        message: vscode.l10n.t('Could not read the pipeline: {0}', errorMessage(err)),
      });
    }
  }
}

/** The one graph panel of the workspace (revealed if open) and its serializer, so it survives a window reload. */
export class DagPanels implements vscode.Disposable {
  private current: DagPanel | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly service: RunService,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(DAG_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        this.current?.panel.dispose();
        this.adopt(panel, this.defaultFolder());
      },
    });
  }

  /**
   * Opens the panel (or reveals it) on `folder`'s pipelines (default: the active editor's folder, else the first)
   * and, given a stage, centres and focuses that stage.
   */
  show(stageId?: string, folder?: string): void {
    this.open(folder).reveal(stageId);
  }

  /** Opens the panel limited to a stage of `folder` with its upstream and downstream. */
  focus(stageId: string, folder?: string): void {
    this.open(folder).focusOn(stageId);
  }

  /** The folder of the file in the active editor, else the first: what "show the graph" means without a stage. */
  private defaultFolder(): string | undefined {
    const file = vscode.window.activeTextEditor?.document.uri;
    return (file?.scheme === 'file' ? this.service.folderOf(file.fsPath) : undefined) ?? this.service.root();
  }

  private open(given?: string): DagPanel {
    const folder = given ?? (this.current ? undefined : this.defaultFolder());
    if (!this.current) {
      const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
      this.adopt(
        vscode.window.createWebviewPanel(DAG_VIEW_TYPE, graphTitle(this.service, folder), vscode.ViewColumn.Active, {
          enableScripts: true,
          localResourceRoots: [dist],
        }),
        folder,
      );
    }
    const panel = this.current as DagPanel;
    panel.showFolder(folder);
    return panel;
  }

  private adopt(panel: vscode.WebviewPanel, folder: string | undefined): void {
    const created = new DagPanel(panel, this.service, folder, this.extensionUri, this.log, () => {
      if (this.current === created) this.current = undefined;
    });
    this.current = created;
  }

  /** Leaves the panel open: VS Code restores it through the serializer after a reload. */
  dispose(): void {
    this.serializer.dispose();
  }
}

/** "Pipeline Graph", with the folder's name when the window has several. */
function graphTitle(service: RunService, folder: string | undefined): string {
  return folder !== undefined && service.roots().length > 1
    ? vscode.l10n.t('Pipeline Graph — {0}', path.basename(folder))
    : vscode.l10n.t('Pipeline Graph');
}
