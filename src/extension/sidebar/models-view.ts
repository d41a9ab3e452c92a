// The Models view: model → versions, each with its stage/alias badges and the run and commit it came from.
import * as vscode from 'vscode';
import type { ModelInfo, ModelRegistry, ModelVersionInfo } from '../../core/registry/types';
import { plain, startsOpen } from './run-presentation';

export type ModelNode =
  | { kind: 'model'; model: ModelInfo; open: boolean }
  | { kind: 'version'; model: string; version: ModelVersionInfo; runId?: string }
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

  constructor(
    private readonly registry: () => Promise<ModelRegistry>,
    private readonly onState: (state: { models: number; error?: string }) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    switch (node.kind) {
      case 'model': {
        const item = new vscode.TreeItem(
          plain(node.model.name),
          node.open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `model:${node.model.name}`;
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
        item.id = `model:${node.model}:${v.version}`;
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
      }));
    }
    if (node) return [];
    try {
      const models = await (await this.registry()).listModels();
      this.onState({ models: models.length });
      return models.map((model, i) => ({ kind: 'model', model, open: startsOpen(i) }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.onState({ models: 0, error: message });
      return [];
    }
  }
}
