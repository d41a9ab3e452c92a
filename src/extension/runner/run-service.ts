// The one place the editor starts, watches and stops pipeline runs. CodeLens, the Pipeline view, the
// task provider and the palette all go through it, so trust checks, the one-run-at-a-time rule,
// progress and notifications behave the same everywhere.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from '../notify';
import { DEFAULT_EXPERIMENT, runPipelines, type RunOptions, type RunOutcome } from '../../core/runner/run';
import { runInWorkspace } from '../../core/experiments/workspace-run';
import type { Expansion } from '../../core/pipeline/model';
import type { StageView } from '../../core/runner/stage-view';
import type { Workspace } from '../../core/runner/workspace';
import type { WorkspaceStatus } from '../../core/runner/workspace-status';
import type { TrackingStore } from '../../core/tracking/types';
import type { ExecutorChoice } from '../../core/executors/choose';
import { RayError } from '../../core/executors/ray/jobs-client';
import { requestScope } from '../run-scopes';
import { untrustedMessage } from './messages';
import { refuseUntrusted } from '../trust';
import { selectedPythonBin } from './python-env';
import { RunTerminal, type RunRequest } from './run-terminal';
import { definitionOf, requestOf } from './task-definition';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { gateSentence } from '../../core/checks';
import type { GateOf } from './gate';

export type { StageView } from '../../core/runner/stage-view';

export interface StageInfo {
  /** The workspace folder holding the stage (ids are relative to it, so two folders may share one). */
  folder: string;
  id: string;
  name: string;
  file: string;
  view: StageView;
  reasons: string[];
  /** The foreach/matrix template it was expanded from. */
  expansion?: Expansion;
}

export interface RunServiceDeps {
  /** The store a folder's runs are recorded in (its own `.mlops/`, or the MLflow server). */
  store: (folder: string) => Promise<TrackingStore>;
  /** Where the commands run (mlops.executor): local processes, or a Ray cluster. */
  executor: () => Promise<ExecutorChoice>;
  experiment: () => string | undefined;
  log: vscode.LogOutputChannel;
  /** The pipelines and their status (read once for every view). */
  model: WorkspaceModel;
  /** The quality gate of a finished run, shown in its notification. */
  gate: GateOf;
}

export class RunService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The status or what is running changed. */
  readonly onDidChange = this.changed.event;
  private readonly finished = new vscode.EventEmitter<RunOutcome>();
  /** A run ended (or was refused): what `runAndWait` awaits. */
  readonly onDidFinishRun = this.finished.event;
  /** The current run reports to its caller (Retrain → Promote), not in the usual notification. */
  private quiet = false;
  /** Each folder's stages as the editor shows them (folder → id → info), rebuilt when the model recomputes it. */
  private readonly stages = new Map<string, Map<string, StageInfo>>();
  /** The folder of the run going (one run at a time) and its stages running now; failed stages per folder. */
  private runFolder: string | undefined;
  private readonly running = new Set<string>();
  private readonly failed = new Map<string, Set<string>>();
  private execution: vscode.TaskExecution | undefined;
  private readonly progress = vscode.window.createStatusBarItem('mlops.runProgress', vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: vscode.Disposable;
  readonly model: WorkspaceModel;

  constructor(private readonly deps: RunServiceDeps) {
    this.model = deps.model;
    this.progress.name = 'MLOps run progress';
    // A run writes outputs as it goes; its end recomputes once.
    this.model.pauseStatusWhile(() => this.isRunning());
    this.subscription = this.model.onDidChangeStatus((folder) => {
      this.stages.set(folder, stageInfos(folder, this.model.status(folder), this.model.pipelines(folder)));
      this.changed.fire();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.finished.dispose();
    this.progress.dispose();
  }

  /** The first workspace folder (the default folder of every question below). */
  root(): string | undefined {
    return this.model.root();
  }

  /** Every workspace folder, in the window's order. */
  roots(): readonly string[] {
    return this.model.roots();
  }

  /** The workspace folder holding `file`: the folder a CodeLens, the graph or a command about that file means. */
  folderOf(file: string): string | undefined {
    return this.model.folderOf(file);
  }

  info(id: string, folder = this.root()): StageInfo | undefined {
    return folder === undefined ? undefined : this.stages.get(folder)?.get(id);
  }

  /** A folder's stages; without a folder, every folder's, in the window's order. */
  all(folder?: string): StageInfo[] {
    return (folder === undefined ? this.roots() : [folder]).flatMap((f) => [...(this.stages.get(f)?.values() ?? [])]);
  }

  /**
   * Why no status can be shown for a folder (unreadable dvc.lock, an output .dvcignore ignores, ...), if its last
   * pass refused.
   */
  problem(root = this.root()): string | undefined {
    const status = root === undefined ? undefined : this.model.status(root);
    if (!status || status.ok || !root) return undefined;
    // Paths under the workspace as the user sees them in the explorer.
    return status.reason.split(root + path.sep).join('');
  }

  isRunning(): boolean {
    return this.execution !== undefined;
  }

  /** Recomputes every stage's status (debounced): hashes are cached, so unchanged files cost a stat. */
  refreshStatus(delayMs?: number): void {
    this.model.refreshStatus(delayMs);
  }

  /** The view of a stage now: running and failed (from this session's runs) win over the computed status. */
  viewOf(id: string, folder = this.root()): StageView | undefined {
    if (folder === undefined) return undefined;
    if (folder === this.runFolder && this.running.has(id)) return 'running';
    if (this.failed.get(folder)?.has(id)) return 'failed';
    return this.stages.get(folder)?.get(id)?.view;
  }

  /**
   * A task for the request (also what Tasks: Run Task lists), executed by our pseudoterminal. `definition`: a
   * tasks.json entry's own object (VS Code requires it back unchanged); otherwise the request's. The run is
   * the one the definition VS Code starts says (task-definition.ts says why).
   */
  task(request: RunRequest, folder: vscode.WorkspaceFolder, definition?: vscode.TaskDefinition): vscode.Task {
    const what =
      request.targets.length === 0
        ? 'run pipeline'
        : `run ${request.targets.join(' ')}${request.single ? '' : request.downstream ? ' and downstream' : ' with upstream'}`;
    const label = request.asExperiment ? `${what} as an experiment` : what;
    const task = new vscode.Task(
      definition ?? definitionOf(request),
      folder,
      label,
      'mlops',
      new vscode.CustomExecution(
        async (resolved) =>
          new RunTerminal((events, signal) =>
            this.execute(requestOf(resolved, folder.uri.fsPath), folder, events, signal),
          ),
      ),
      ['$mlops-python-traceback'],
    );
    task.presentationOptions = {
      reveal: vscode.TaskRevealKind.Always,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
    };
    return task;
  }

  /** Entry point of every "run" action. Refuses in an untrusted workspace and while another run is going. */
  async run(request: RunRequest): Promise<void> {
    if (refuseUntrusted()) return;
    const all = vscode.workspace.workspaceFolders ?? [];
    const folder = request.folder === undefined ? all[0] : all.find((f) => f.uri.fsPath === request.folder);
    if (!folder) return;
    if (this.execution) {
      void showWarning(
        vscode.l10n.t(
          'A run is already going ({0}). Stop it first, or wait for it to finish.',
          this.execution.task.name,
        ),
        vscode.l10n.t('Stop Run'),
      ).then((a) => a && this.stop());
      return;
    }
    this.execution = await vscode.tasks.executeTask(this.task(request, folder));
  }

  /**
   * Runs like `run` and resolves with the outcome, announcing nothing itself: the caller says what happened.
   * Undefined when nothing started (untrusted, another run going, no folder).
   */
  async runAndWait(request: RunRequest): Promise<RunOutcome | undefined> {
    if (!vscode.workspace.isTrusted || this.execution) return this.run(request).then(() => undefined);
    const done = new Promise<RunOutcome>((resolve) => {
      const sub = this.onDidFinishRun((outcome) => {
        sub.dispose();
        resolve(outcome);
      });
    });
    this.quiet = true;
    await this.run(request);
    if (!this.execution) {
      this.quiet = false;
      return undefined;
    }
    return done;
  }

  stop(): void {
    this.execution?.terminate();
  }

  private async execute(
    request: RunRequest,
    folder: vscode.WorkspaceFolder,
    events: Parameters<typeof runPipelines>[0]['events'],
    signal: AbortSignal,
  ): Promise<RunOutcome> {
    if (!vscode.workspace.isTrusted) return { ok: false, message: untrustedMessage() };
    // What is on disk at this moment (a dvc.yaml saved just before), for the run and every view.
    const root = folder.uri.fsPath;
    const ws = this.model.reload(root);
    if (!ws) return { ok: false, message: vscode.l10n.t('Open a folder that holds a dvc.yaml first.') };
    const experiment = this.deps.experiment() ?? DEFAULT_EXPERIMENT;
    const failed = new Set<string>();
    this.failed.set(root, failed);
    this.runFolder = root;
    this.progress.text = vscode.l10n.t('$(sync~spin) MLOps: running…');
    this.progress.command = 'mlops.stopRun';
    this.progress.tooltip = vscode.l10n.t('A pipeline run is going. Click to stop it.');
    this.progress.show();
    let outcome: RunOutcome;
    try {
      const chosen = await this.deps.executor();
      if (!chosen.ok) {
        outcome = {
          ok: false,
          message: vscode.l10n.t('{0} (settings: mlops.executor, mlops.ray.address)', chosen.message),
        };
        this.end(outcome, root);
        return outcome;
      }
      if (chosen.kind === 'ray')
        this.progress.text = vscode.l10n.t('$(sync~spin) MLOps: submitting to Ray at {0}…', chosen.address);
      const options: Omit<RunOptions, 'workspace' | 'runName' | 'tags'> = {
        executor: chosen.kind === 'ray' ? chosen.executor : undefined,
        root,
        // Stage ids, or what an action naming none means (Run all; Retrain's experiment): run-scopes.ts decides.
        ...requestScope(request, root),
        downstream: request.downstream,
        single: request.single,
        force: request.force,
        experiment,
        store: await this.deps.store(root),
        signal,
        pythonBin: await selectedPythonBin(folder.uri),
        events: {
          stageStart: (node, reasons) => {
            this.running.add(node.id);
            this.progress.text = vscode.l10n.t('$(sync~spin) MLOps: {0}', [...this.running].join(', '));
            this.changed.fire();
            return events?.stageStart?.(node, reasons);
          },
          log: (node, text, stream) => events?.log?.(node, text, stream),
          stageEnd: (node, result) => {
            this.running.delete(node.id);
            if (result.outcome === 'FAILED' || result.outcome === 'KILLED') failed.add(node.id);
            this.changed.fire();
            return events?.stageEnd?.(node, result);
          },
        },
      };
      // An experiment loads the workspace itself, after writing its params (none here) as DVC's stash does.
      outcome = request.asExperiment
        ? await runInWorkspace({ ...options, changes: [] })
        : await runPipelines({ ...options, workspace: ws });
    } catch (err) {
      // The cluster refused or stopped answering: the run is recorded FAILED; say why.
      if (!(err instanceof RayError)) throw err;
      outcome = { ok: false, message: err.message };
    } finally {
      this.running.clear();
      this.runFolder = undefined;
      this.execution = undefined;
      this.progress.hide();
      this.model.refreshStatus(0, root);
    }
    this.end(outcome, root);
    return outcome;
  }

  private end(outcome: RunOutcome, folder: string): void {
    const quiet = this.quiet;
    this.quiet = false;
    this.finished.fire(outcome);
    if (!quiet) void this.notify(outcome, folder);
  }

  private async notify(outcome: RunOutcome, folder: string): Promise<void> {
    if (!outcome.ok) {
      void showError(vscode.l10n.t('The run did not start: {0}', outcome.message));
      return;
    }
    const { report } = outcome;
    const ran = report.stages.filter((s) => s.outcome !== 'SKIPPED').length;
    const metrics = vscode.l10n.t('Open Metrics');
    const logs = vscode.l10n.t('Show Logs');
    const actions = [metrics, logs];
    const act = (choice: string | undefined): void => {
      if (choice === metrics) void vscode.commands.executeCommand('mlops.openRunPanel', report.runId);
      if (choice === logs) void vscode.commands.executeCommand('workbench.action.terminal.focus');
    };
    if (report.status === 'FINISHED') {
      const upToDate = report.stages.length - ran;
      // The run's own folder's rules, store and registry (a server several folders share holds it for each).
      const gate = await this.deps.gate(report.runId, undefined, folder);
      // The gate's sentence is core's (the CLI prints the same), appended as it is.
      const said =
        ran === 1
          ? vscode.l10n.t('Run finished: 1 stage ran, {0} up to date.{1}', upToDate, gateSentence(gate))
          : vscode.l10n.t('Run finished: {0} stages ran, {1} up to date.{2}', ran, upToDate, gateSentence(gate));
      if (gate.state === 'checked' && !gate.report.passed) void showWarning(said, ...actions).then(act);
      else void showInfo(said, ...actions).then(act);
    } else {
      const bad = report.stages.find((s) => s.outcome === 'FAILED' || s.outcome === 'KILLED');
      const status = report.status.toLowerCase();
      const said = !bad
        ? vscode.l10n.t('Run {0}.', status)
        : bad.exitCode === undefined
          ? vscode.l10n.t('Run {0} in stage {1}.', status, bad.id)
          : vscode.l10n.t('Run {0} in stage {1} (exit code {2}).', status, bad.id, bad.exitCode);
      void showError(said, ...actions).then(act);
    }
  }
}

function stageInfos(
  folder: string,
  status: WorkspaceStatus | undefined,
  ws: Workspace | undefined,
): Map<string, StageInfo> {
  if (!status?.ok) return new Map();
  return new Map(
    [...status.byId].map(([id, s]) => {
      const expansion = ws?.nodes.get(id)?.stage.expansion;
      const info: StageInfo = { folder, id, name: s.name, file: s.file, view: s.status, reasons: s.reasons };
      return [id, expansion ? { ...info, expansion } : info];
    }),
  );
}
