// Hosts the pipeline graph panel: one per workspace, served under the strict CSP shell, answering `ready`
// with the laid-out graph and statuses, then sending `statusUpdated` whenever the run service's status
// changes (a re-layout only when stages or edges changed). Its clicks go through the same commands as
// the CodeLens and the Pipeline view, so workspace trust is checked in one place.
import * as vscode from 'vscode';
import { loadWorkspace } from '../../core/runner/workspace';
import { isDagPanelMessage, type DagHostMessage, type DagPanelMessage, type DagRunMode } from '../../webview/contract';
import type { RunService } from '../runner/run-service';
import { dagGraph, dagStatuses } from './dag-model';
import { panelHtml } from './panel-html';

export const DAG_VIEW_TYPE = 'mlops.dagPanel';

const runCommand: Record<DagRunMode, string> = {
  single: 'mlops.runStage',
  upstream: 'mlops.runStageWithUpstream',
  downstream: 'mlops.runDownstream',
};

class DagPanel {
  private signature = '';
  private shown = new Set<string>();
  /** A dvc.yaml or params file changed: the next status change checks the graph too. */
  private graphDirty = true;
  private ready = false;
  private pendingFocus: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly service: RunService,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    panel.webview.html = panelHtml({
      kind: 'dag',
      title: 'Pipeline Graph',
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'dag.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'dag.css')).toString(),
    });
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{dvc.yaml,dvc.yml,params.yaml,params.yml,params.json,params.toml}',
    );
    const dirty = () => (this.graphDirty = true);
    this.disposables.push(
      watcher,
      watcher.onDidChange(dirty),
      watcher.onDidCreate(dirty),
      watcher.onDidDelete(dirty),
      service.onDidChange(() => this.statusChanged()),
      // A hidden webview is torn down; shown again, its page says `ready` and gets a full load.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isDagPanelMessage(m)) void this.receive(m);
      }),
    );
    panel.onDidDispose(() => {
      vscode.Disposable.from(...this.disposables).dispose();
      onDispose();
    });
  }

  focus(stageId: string | undefined): void {
    this.panel.reveal();
    if (stageId === undefined) return;
    if (this.ready) this.post({ type: 'focus', stageId });
    else this.pendingFocus = stageId;
  }

  private post(message: DagHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: DagPanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Also after the panel was hidden and shown again: its page starts afresh.
        this.ready = true;
        this.load(true);
        if (this.pendingFocus !== undefined) this.post({ type: 'focus', stageId: this.pendingFocus });
        this.pendingFocus = undefined;
        break;
      case 'reveal':
        await vscode.commands.executeCommand('mlops.revealStage', message.stageId);
        break;
      case 'run':
        await vscode.commands.executeCommand(runCommand[message.mode], message.stageId);
        break;
    }
  }

  private statusChanged(): void {
    if (!this.ready) return;
    if (this.graphDirty || this.service.all().some((s) => !this.shown.has(s.id))) this.load(false);
    else this.post({ type: 'statusUpdated', statuses: dagStatuses(this.service) });
  }

  /** Reads the stage graph; sends a new drawing only when it changed (or `force`), else just the statuses. */
  private load(force: boolean): void {
    const root = this.service.root();
    if (!root) {
      this.post({ type: 'error', message: 'Open a folder that holds a dvc.yaml to see its pipeline graph.' });
      return;
    }
    try {
      this.graphDirty = false;
      const graph = dagGraph(loadWorkspace(root));
      const statuses = dagStatuses(this.service);
      if (!force && graph.signature === this.signature) {
        this.post({ type: 'statusUpdated', statuses });
        return;
      }
      this.signature = graph.signature;
      this.shown = new Set(graph.nodes.map((n) => n.id));
      this.post({ type: 'load', nodes: graph.nodes, layout: graph.layout, statuses });
    } catch (err) {
      this.log.error(`pipeline graph: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      this.post({
        type: 'error',
        message: `Could not read the pipeline: ${err instanceof Error ? err.message : String(err)}`,
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
        this.adopt(panel);
      },
    });
  }

  /** Opens the panel (or reveals it) and, given a stage, centres and focuses that stage. */
  show(stageId?: string): void {
    if (!this.current) {
      const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
      this.adopt(
        vscode.window.createWebviewPanel(DAG_VIEW_TYPE, 'Pipeline Graph', vscode.ViewColumn.Active, {
          enableScripts: true,
          localResourceRoots: [dist],
        }),
      );
    }
    this.current?.focus(stageId);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const created = new DagPanel(panel, this.service, this.extensionUri, this.log, () => {
      if (this.current === created) this.current = undefined;
    });
    this.current = created;
  }

  /** Leaves the panel open: VS Code restores it through the serializer after a reload. */
  dispose(): void {
    this.serializer.dispose();
  }
}
