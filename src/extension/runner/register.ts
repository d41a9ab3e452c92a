// Wires the runner into the editor: run commands, CodeLens, the Pipeline view, the `mlops` task type and the
// graph panel, all over the run service and the workspace model (which watches the files).
import * as vscode from 'vscode';
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

  const pick = async (arg: unknown, title: Localized): Promise<string[] | undefined> => {
    // Refuse before asking which stage: the answer could not be used.
    if (refuseUntrusted()) return undefined;
    const given = stageIdsOf(arg);
    if (given) return given;
    const chosen = await vscode.window.showQuickPick(
      service.all().map((s) => ({ label: s.id, description: s.view })),
      { title },
    );
    return chosen ? [chosen.label] : undefined;
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
    vscode.commands.registerCommand('mlops.runStage', async (arg?: unknown) => {
      const ids = await pick(arg, vscode.l10n.t('Run one stage'));
      if (ids) await service.run({ targets: ids, single: true, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.runStageWithUpstream', async (arg?: unknown) => {
      const ids = await pick(arg, vscode.l10n.t('Run a stage and what it needs'));
      if (ids) await service.run({ targets: ids, single: false, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.runDownstream', async (arg?: unknown) => {
      const ids = await pick(arg, vscode.l10n.t('Run a stage and everything downstream'));
      if (ids) await service.run({ targets: ids, single: false, downstream: true, force: false });
    }),
    vscode.commands.registerCommand('mlops.runGroup', async (arg?: unknown) => {
      const ids = await pick(arg, vscode.l10n.t('Run a group of stages and what they need'));
      if (ids) await service.run({ targets: ids, single: false, downstream: false, force: false });
    }),
    vscode.commands.registerCommand('mlops.chooseExpansions', async (ids?: unknown) => {
      if (refuseUntrusted() || !Array.isArray(ids)) return;
      const chosen = await pickStages(service, ids as string[], {
        title: vscode.l10n.t('Run which expansions? (with what they need)'),
        many: true,
        picked: (id) => service.viewOf(id) !== 'up-to-date',
      });
      if (chosen.length > 0) await service.run({ targets: chosen, single: false, downstream: false, force: false });
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
    vscode.commands.registerCommand('mlops.runPipeline', () =>
      service.run({ targets: [], single: false, downstream: false, force: false }),
    ),
    vscode.commands.registerCommand('mlops.stopRun', () => service.stop()),
    vscode.commands.registerCommand('mlops.showPipeline', () => vscode.commands.executeCommand('mlops.pipeline.focus')),
    graph,
    vscode.commands.registerCommand('mlops.showPipelineGraph', (arg?: unknown) => graph.show(stageIdOf(arg))),
    vscode.commands.registerCommand('mlops.focusStageInGraph', async (arg?: unknown) => {
      const id = stageIdOf(arg) ?? (await stageAtCursor(service));
      if (id) graph.focus(id);
    }),
    vscode.commands.registerCommand('mlops.revealStage', async (arg?: unknown) => {
      const id = stageIdOf(arg);
      const info = id ? service.info(id) : undefined;
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
