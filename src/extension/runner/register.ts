// Wires the runner into the editor: run commands, CodeLens, the Pipeline view, the `mlops` task type and the
// graph panel, all over the run service and the workspace model (which watches the files).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chooseFolder } from '../folder-choice';
import { refuseUntrusted } from '../trust';
import { DagPanels } from '../panels/dag-panel';
import { OutputDecorations } from './file-decorations';
import { PipelineView } from './pipeline-view';
import { StageCodeLens } from './codelens';
import { RunService, type RunServiceDeps } from './run-service';
import { parseStageFilter } from '../../core/runner/stage-filter';
import { pickStages, stageAtCursor } from './stage-pick';
import { registerTaskProvider } from './task-provider';
import type { Localized } from '../localized';

/** A stage id from a CodeLens (string) or a Pipeline view row ({ stage: { id } }); none from the palette. */
function stageIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as { stage?: { id?: unknown } } | undefined)?.stage?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The stages a run command was given: one id, a list (a group from the graph or a CodeLens), a Pipeline view row
 * or a graph group's context ({ stages }); none from the palette.
 */
function stageIdsOf(arg: unknown): string[] | undefined {
  const one = stageIdOf(arg);
  if (one !== undefined) return [one];
  const list = Array.isArray(arg) ? arg : (arg as { stages?: unknown } | undefined)?.stages;
  return Array.isArray(list) && list.length > 0 && list.every((x) => typeof x === 'string') ? list : undefined;
}

/**
 * The workspace folder a command's stages belong to: a CodeLens and the graph pass it after the stage ids, a
 * Pipeline view row carries it (a stage's, or a group's). Undefined: the first folder.
 */
function folderOf(arg: unknown, given: unknown): string | undefined {
  if (typeof given === 'string') return given;
  const row = arg as { folder?: unknown; stage?: { folder?: unknown } } | undefined;
  const folder = row?.stage?.folder ?? row?.folder;
  return typeof folder === 'string' ? folder : undefined;
}

/** `withService`: features built on the run service (Retrain → Promote) register with it. */
export function registerRunner(
  deps: RunServiceDeps,
  extensionUri: vscode.Uri,
  withService: (service: RunService) => vscode.Disposable[] = () => [],
): vscode.Disposable[] {
  const service = new RunService(deps);
  const graph = new DagPanels(service, extensionUri, deps.log);
  const decorations = new OutputDecorations(service);
  const pipeline = new PipelineView(service);
  const pipelineView = vscode.window.createTreeView('mlops.pipeline', { treeDataProvider: pipeline });
  // The filter in the view's title: its text as the description, how many stages it lets through as the message.
  const showFilter = (): void => {
    const text = pipeline.filterText;
    void vscode.commands.executeCommand('setContext', 'mlops.pipelineFiltered', text !== '');
    pipelineView.description = text === '' ? undefined : vscode.l10n.t('filter: {0}', text);
    if (text === '') {
      pipelineView.message = undefined;
      return;
    }
    const { shown, total } = pipeline.shownCount();
    pipelineView.message =
      shown === 0
        ? vscode.l10n.t('No stage matches "{0}".', text)
        : vscode.l10n.t('{0} of {1} stages match "{2}".', shown, total, text);
  };
  service.onDidChange(showFilter);

  /** The stages a command was given (and their folder), or the one picked from every folder's stages. */
  const pick = async (
    arg: unknown,
    folder: unknown,
    title: Localized,
  ): Promise<{ targets: string[]; folder?: string } | undefined> => {
    // Refuse before asking which stage: the answer could not be used.
    if (refuseUntrusted()) return undefined;
    const given = stageIdsOf(arg);
    const where = folderOf(arg, folder);
    if (given) return { targets: given, ...(where === undefined ? {} : { folder: where }) };
    const several = service.roots().length > 1;
    const chosen = await vscode.window.showQuickPick(
      service.all().map((s) => ({
        label: s.id,
        description: several ? `${s.view} · ${path.basename(s.folder)}` : s.view,
        stage: s,
      })),
      { title },
    );
    return chosen ? { targets: [chosen.stage.id], folder: chosen.stage.folder } : undefined;
  };

  service.refreshStatus(0);

  return [
    service,
    ...withService(service),
    pipelineView,
    registerTaskProvider(service),
    vscode.window.registerFileDecorationProvider(decorations),
    decorations,
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', pattern: '**/dvc.{yaml,yml}' },
        // A `.dvc` file is a stage too: its status and Run actions sit on its first line.
        { scheme: 'file', pattern: '**/*.dvc' },
      ],
      new StageCodeLens(service),
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(() => service.refreshStatus(0)),
    vscode.commands.registerCommand('mlops.runStage', async (arg?: unknown, folder?: unknown) => {
      const chosen = await pick(arg, folder, vscode.l10n.t('Run one stage'));
      if (chosen) await service.run({ ...chosen, single: true, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.runStageWithUpstream', async (arg?: unknown, folder?: unknown) => {
      const chosen = await pick(arg, folder, vscode.l10n.t('Run a stage and what it needs'));
      if (chosen) await service.run({ ...chosen, single: false, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.runDownstream', async (arg?: unknown, folder?: unknown) => {
      const chosen = await pick(arg, folder, vscode.l10n.t('Run a stage and everything downstream'));
      if (chosen) await service.run({ ...chosen, single: false, downstream: true, force: false });
    }),
    vscode.commands.registerCommand('mlops.runGroup', async (arg?: unknown, folder?: unknown) => {
      const chosen = await pick(arg, folder, vscode.l10n.t('Run a group of stages and what they need'));
      if (chosen) await service.run({ ...chosen, single: false, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.chooseExpansions', async (ids?: unknown, given?: unknown) => {
      if (refuseUntrusted() || !Array.isArray(ids)) return;
      const folder = folderOf(undefined, given) ?? service.root();
      if (folder === undefined) return;
      const chosen = await pickStages(service, folder, ids as string[], {
        title: vscode.l10n.t('Run which expansions? (with what they need)'),
        many: true,
        picked: (id) => service.viewOf(id, folder) !== 'up-to-date',
      });
      if (chosen.length > 0)
        await service.run({ targets: chosen, folder, single: false, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.pipeline.filter', async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter the Pipeline view'),
        prompt: vscode.l10n.t(
          'Words of a stage name, status:changed (never-run, failed, up-to-date…), file:data/dvc.yaml',
        ),
        value: pipeline.filterText,
        validateInput: (value) => parseStageFilter(value).error,
      });
      if (text === undefined) return;
      pipeline.setFilter(text);
      showFilter();
    }),
    vscode.commands.registerCommand('mlops.pipeline.clearFilter', () => {
      pipeline.setFilter('');
      showFilter();
    }),
    // Run all: `dvc repro -P` of a folder (run-scopes.ts), the folder its caller names, the only one, else asked.
    vscode.commands.registerCommand('mlops.runPipeline', async (...args: unknown[]) => {
      const folder = await chooseFolder(
        service.roots(),
        args,
        vscode.l10n.t('Run every pipeline of which folder?'),
        (f) => service.folderOf(f),
      );
      if (folder !== undefined)
        await service.run({ targets: [], folder, single: false, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.stopRun', () => service.stop()),
    vscode.commands.registerCommand('mlops.showPipeline', () => vscode.commands.executeCommand('mlops.pipeline.focus')),
    graph,
    vscode.commands.registerCommand('mlops.showPipelineGraph', (arg?: unknown, folder?: unknown) =>
      graph.show(stageIdOf(arg), folderOf(arg, folder)),
    ),
    vscode.commands.registerCommand('mlops.focusStageInGraph', async (arg?: unknown, folder?: unknown) => {
      const given = stageIdOf(arg);
      const at = given === undefined ? await stageAtCursor(service) : { id: given, folder: folderOf(arg, folder) };
      if (at) graph.focus(at.id, at.folder);
    }),
    vscode.commands.registerCommand('mlops.revealStage', async (arg?: unknown, folder?: unknown) => {
      const id = stageIdOf(arg);
      const info = id ? service.info(id, folderOf(arg, folder)) : undefined;
      if (!info) return;
      const doc = await vscode.workspace.openTextDocument(info.file);
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) =>
          new RegExp(`^\\s+${info.name.split('@')[0]?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`).test(l),
        );
      const pos = new vscode.Position(Math.max(0, line), 0);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    }),
  ];
}
