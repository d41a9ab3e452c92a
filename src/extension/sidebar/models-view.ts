// The Models view: model → versions, each with its stage/alias badges and the run and commit it came from. In a
// window of several folders each folder is a row over the models of its own registry (its repository's GTO tags);
// a registry several folders share (an MLflow server, one repository holding two folders) is listed once, beside the
// folders' rows (core/tracking/folder-backends.ts). Model and version rows carry a folder of their registry: the
// model commands act on that folder's registry.
import * as vscode from 'vscode';
import { folderTreeItem } from './folder-item';
import { byLocation, type Served, sections } from '../../core/tracking/folder-backends';
import type { ModelInfo, ModelRegistry, ModelVersionInfo } from '../../core/registry/types';
import { plain, startsOpen } from './run-presentation';

export type ModelNode =
  | { kind: 'folder'; folder: string }
  | { kind: 'model'; model: ModelInfo; open: boolean; folder: string; scope: string }
  | { kind: 'version'; model: string; version: ModelVersionInfo; runId?: string; folder: string; scope: string }
  | { kind: 'message'; text: string; icon: string };

/** `[prod] [staging] @champion · run 1a2b3c4d · 0f1e2d3`; an MLflow version's label first (`v1.0.1 · @prod · …`). */
export function versionDescription(v: ModelVersionInfo): string {
  const label = v.label !== null && v.label !== v.version ? [plain(v.label)] : [];
  const badges = [...label, ...v.stages.map((s) => `[${plain(s)}]`), ...v.aliases.map((a) => `@${plain(a)}`)];
  const origin = [v.runId ? `run ${v.runId.slice(0, 8)}` : '', v.commit ? v.commit.slice(0, 7) : ''].filter(Boolean);
  return [...badges, ...origin].join(' · ').replace(/\] · \[/g, '] [');
}

export class ModelsView implements vscode.TreeDataProvider<ModelNode> {
  private readonly changed = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Each folder's rows of the last reading (several folders). */
  private folderRows = new Map<string, ModelNode[]>();

  constructor(
    private readonly folders: () => readonly string[],
    private readonly registry: (folder: string) => Promise<ModelRegistry>,
    private readonly onState: (state: { models: number; error?: string }) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder':
        return folderTreeItem(node.folder);
      case 'model': {
        const item = new vscode.TreeItem(
          plain(node.model.name),
          node.open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `model:${node.scope}${node.model.name}`;
        item.iconPath = new vscode.ThemeIcon('package');
        item.description =
          node.model.versions.length === 1
            ? vscode.l10n.t('1 version')
            : vscode.l10n.t('{0} versions', node.model.versions.length);
        item.contextValue = 'model';
        return item;
      }
      case 'version': {
        const v = node.version;
        const item = new vscode.TreeItem(plain(v.version), vscode.TreeItemCollapsibleState.None);
        item.id = `model:${node.scope}${node.model}:${v.version}`;
        item.description = versionDescription(v);
        item.iconPath = new vscode.ThemeIcon(v.stages.length > 0 || v.aliases.length > 0 ? 'verified-filled' : 'tag');
        const tip = new vscode.MarkdownString();
        tip.appendText(`${node.model} ${v.version}\n`);
        tip.appendText(`stages: ${v.stages.join(', ') || 'none'}; aliases: ${v.aliases.join(', ') || 'none'}\n`);
        tip.appendText(
          `run: ${v.runId ?? 'unknown'}\ncommit: ${v.commit ?? 'unknown'}\npath: ${v.path ?? 'unknown'}\nmd5: ${v.md5 ?? 'unknown'}`,
        );
        item.tooltip = tip;
        item.contextValue = 'modelVersion';
        item.command = { command: 'mlops.models.lineage', title: vscode.l10n.t('Open Lineage'), arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
    }
  }

  async getChildren(node?: ModelNode): Promise<ModelNode[]> {
    if (node?.kind === 'model') {
      return node.model.versions.map((version) => ({
        kind: 'version',
        model: node.model.name,
        version,
        runId: version.runId ?? undefined,
        folder: node.folder,
        scope: node.scope,
      }));
    }
    if (node?.kind === 'folder') return this.folderRows.get(node.folder) ?? [];
    if (node) return [];
    const folders = this.folders();
    // Each folder's registry on its own: one outside git fails alone.
    const opened: Opened[] = await Promise.all(
      folders.map((folder) =>
        this.registry(folder).then(
          (backend): Opened => ({ folder, backend }),
          (err: unknown): Opened => ({ folder, error: messageOf(err) }),
        ),
      ),
    );
    const served = byLocation(opened.flatMap((o) => (o.backend ? [{ folder: o.folder, backend: o.backend }] : [])));
    const listed: Listed[] = await Promise.all(
      served.map((s) =>
        s.backend.listModels().then(
          (models): Listed => ({ models }),
          (err: unknown): Listed => ({ error: messageOf(err) }),
        ),
      ),
    );
    const scoped = folders.length > 1;
    const rowsOf = (s: Served<ModelRegistry>): ModelNode[] => {
      const l = listed[served.indexOf(s)];
      if (l?.models === undefined) return [message(l?.error ?? '', 'warning')];
      const folder = s.folders[0] as string;
      const scope = scoped ? `${s.backend.location}#` : '';
      return l.models.map((model, n) => ({ kind: 'model', model, open: startsOpen(n), folder, scope }));
    };
    const count = listed.reduce((n, l) => n + (l.models?.length ?? 0), 0);
    // The welcome views (no git, no models) speak for the window: an error only when no registry answered.
    const error = listed.some((l) => l.models) ? undefined : [...opened, ...listed].find((o) => o.error)?.error;
    this.onState({ models: count, ...(error !== undefined ? { error } : {}) });
    if (!scoped) return served[0] && !error ? rowsOf(served[0]) : [];
    // No models and nothing to explain: no rows, so the welcome view (how to register one) shows.
    if (count === 0 && ![...opened, ...listed].some((o) => o.error !== undefined)) return [];
    const { own, shared } = sections(served);
    this.folderRows = new Map(
      opened.map((o): [string, ModelNode[]] => {
        if (o.error !== undefined) return [o.folder, [message(o.error, 'warning')]];
        const registry = served.find((s) => s.backend === own.get(o.folder));
        if (!registry) return [o.folder, [message(vscode.l10n.t('Its registry is shared: listed below'), 'info')]];
        const rows = rowsOf(registry);
        return [o.folder, rows.length > 0 ? rows : [message(vscode.l10n.t('No models yet'), 'info')]];
      }),
    );
    return [...folders.map((folder): ModelNode => ({ kind: 'folder', folder })), ...shared.flatMap(rowsOf)];
  }
}

type Opened =
  | { folder: string; backend: ModelRegistry; error?: undefined }
  | { folder: string; backend?: undefined; error: string };
type Listed = { models: ModelInfo[]; error?: undefined } | { models?: undefined; error: string };

const message = (text: string, icon: string): ModelNode => ({ kind: 'message', text, icon });
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
