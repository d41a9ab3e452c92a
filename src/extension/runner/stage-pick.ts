// Choosing stages in the editor: the stage under the cursor in a dvc.yaml (one of its expansions when the cursor
// is in a `foreach`/`matrix` template), and a quick pick of expansions showing each one's status and why.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showInfo } from '../notify';
import { nodeId } from '../../core/pipeline/dag';
import { contains } from '../../core/pipeline/ide/target';
import { stateText } from '../../core/runner/stage-view';
import type { RunService } from './run-service';
import type { Localized } from '../localized';

/**
 * The stage under the cursor of the active dvc.yaml editor, and the workspace folder holding it; asks which
 * expansion when it is a template.
 */
export async function stageAtCursor(service: RunService): Promise<{ id: string; folder: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const root = editor && service.folderOf(editor.document.uri.fsPath);
  if (!editor || !root || !/^dvc\.ya?ml$/.test(path.basename(editor.document.uri.fsPath))) {
    void showInfo(vscode.l10n.t('Put the cursor on a stage in a dvc.yaml to focus the graph on it.'));
    return undefined;
  }
  const pipeline = service.model.pipelineOf(editor.document);
  const at = editor.selection.active;
  const here = pipeline.stages
    .filter((s) => contains(s.range, { line: at.line, character: at.character }))
    .map((s) => nodeId(pipeline, s, path.resolve(root)));
  if (here.length <= 1) return here[0] === undefined ? undefined : { id: here[0], folder: root };
  const [chosen] = await pickStages(service, root, here, {
    title: vscode.l10n.t('Focus the graph on which expansion?'),
    many: false,
  });
  return chosen === undefined ? undefined : { id: chosen, folder: root };
}

/** A quick pick of stages (`@key` of each expansion) with status and reasons; resolves to the chosen ids. */
export async function pickStages(
  service: RunService,
  folder: string,
  ids: readonly string[],
  options: { title: Localized; many: boolean; picked?: (id: string) => boolean },
): Promise<string[]> {
  const items = ids.map((id) => {
    const info = service.info(id, folder);
    const view = service.viewOf(id, folder) ?? 'unknown';
    const at = id.indexOf('@', id.lastIndexOf(':') + 1);
    return {
      id,
      label: at < 0 ? id : id.slice(at),
      description: stateText[view],
      detail: info?.reasons.slice(0, 3).join('; ') || undefined,
      picked: options.picked?.(id) ?? false,
    };
  });
  if (options.many) {
    const chosen = await vscode.window.showQuickPick(items, {
      title: options.title,
      canPickMany: true,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return chosen?.map((c) => c.id) ?? [];
  }
  const chosen = await vscode.window.showQuickPick(items, { title: options.title, matchOnDescription: true });
  return chosen ? [chosen.id] : [];
}
