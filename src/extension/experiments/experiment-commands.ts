// The actions on experiments, one command each (`mlops.experiments.<action>`), called alike by the table's
// buttons (row ids), the sidebar's context menu (tree items carrying a row) and other features (row ids or
// experiment names): apply to the working copy, make a branch, reproduce, register its model output, remove,
// compare (the metrics panels), plots (the Plots panel at the experiments' own commits), logs (a Ray job's read from
// the cluster), its Ray dashboard page, and cancel. Everything goes through core/experiments; whatever
// writes or runs is refused in an untrusted workspace (package.json also gates the commands on trust).
import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from '../notify';
import {
  applyExperiment,
  branchExperiment,
  type FetchOutputs,
  outputsFromMlflow,
  removeExperiment,
  reproduceTask,
} from '../../core/experiments/actions';
import { MlflowClient } from '../../core/tracking/mlflow/client';
import { mlflowBackend } from '../tracking-backend';
import { enqueue } from '../../core/experiments/enqueue';
import { repoRoot } from '../../core/git';
import { removeEntry, type QueueEntry } from '../../core/experiments/queue-store';
import { expRefName } from '../../core/experiments/refs';
import { dropSnapshot } from '../../core/experiments/snapshot';
import type { ExpRow } from '../../core/experiments/table-rows';
import { untrustedMessage } from '../runner/messages';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { killWorker, type QueueControlDeps, showLogs, startQueue } from './queue-control';
import { dashboardPage } from './ray-job-log';
import { errorMessage } from '../localized';
import { SHOW_PLOTS_FOR_REVISIONS } from '../panels/plots-panel';
import { perFolder } from '../folder-args';

type ExperimentRow = Extract<ExpRow, { kind: 'experiment' }>;

/** Row ids, names or tree items (`{ row }`) from whatever invoked a command. */
export function experimentKeys(...args: unknown[]): string[] {
  const keys = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') keys.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null && typeof (v as { row?: { id?: unknown } }).row?.id === 'string')
      keys.add((v as { row: { id: string } }).row.id);
  };
  args.forEach(visit);
  return [...keys];
}

/** The experiment rows that `keys` name (by row id, or by experiment name). */
export function experimentsNamed(rows: readonly ExpRow[], keys: readonly string[]): ExperimentRow[] {
  const wanted = new Set(keys);
  return rows.filter((r): r is ExperimentRow => r.kind === 'experiment' && (wanted.has(r.id) || wanted.has(r.name)));
}

export function registerExperimentCommands(model: WorkspaceModel, queue: QueueControlDeps): vscode.Disposable[] {
  const resolve = async (args: unknown[]): Promise<{ root: string; rows: ExperimentRow[]; queue: QueueEntry[] }> => {
    // The experiments table passes its folder ({ folder }) after the ids, a sidebar item carries its own (the
    // registration below calls once per folder); a single-folder window needs none.
    const given = args.find((a): a is { folder: string } => typeof (a as { folder?: unknown })?.folder === 'string');
    const root = given?.folder ?? model.root();
    const snapshot = await model.experiments(root);
    if (!root || !snapshot) throw new Error('Open a folder first: experiments live with the project.');
    const rows = experimentsNamed(snapshot.rows, experimentKeys(...args));
    if (rows.length === 0) throw new Error('Select an experiment first (in the experiments table or the sidebar).');
    return { root, rows, queue: snapshot.queue };
  };
  const trusted = (): void => {
    if (!vscode.workspace.isTrusted) throw new Error(untrustedMessage());
  };
  const committed = (
    rows: ExperimentRow[],
    nothing = 'nothing to apply, branch or reproduce',
  ): (ExperimentRow & { commit: string })[] => {
    const made = rows.filter((r): r is ExperimentRow & { commit: string } => r.commit !== null);
    if (made.length === 0) throw new Error(`That experiment has not finished yet: ${nothing}.`);
    return made;
  };
  const found = (r: ExperimentRow & { commit: string }) => ({
    baseline: r.baseline,
    name: r.name,
    ref: expRefName(r),
    commit: r.commit,
  });
  const gitRoot = async (root: string): Promise<string> => {
    const g = await repoRoot(root);
    if (!g) throw new Error(`${root} is not in a git repository`);
    return g;
  };
  const entryOf = (q: QueueEntry[], r: ExperimentRow) => q.find((e) => e.task.id === r.queueId);

  const handlers: Record<string, (args: unknown[]) => Promise<void>> = {
    apply: async (args) => {
      trusted();
      const { root, rows } = await resolve(args);
      const [exp] = committed(rows);
      if (!exp) return;
      // Outputs the DVC cache lacks (an experiment made on Ray elsewhere) come from its MLflow run, asked only then.
      const fetch: FetchOutputs = async (runId, paths) => {
        const mlflow = await mlflowBackend(queue.credentials);
        if (!mlflow) throw new Error(vscode.l10n.t('the tracking backend is not an MLflow server'));
        const client = new MlflowClient({ trackingUri: mlflow.uri, auth: mlflow.auth });
        return outputsFromMlflow(client, root)(runId, paths);
      };
      const applied = await applyExperiment(await gitRoot(root), root, found(exp), fetch);
      model.reload();
      const written = applied.files.length + applied.fetched.length;
      void showInfo(
        written === 1
          ? vscode.l10n.t('Applied experiment {0} to the working copy (1 file).', exp.name)
          : vscode.l10n.t('Applied experiment {0} to the working copy ({1} files).', exp.name, written),
      );
      if (applied.missing.length > 0)
        void showWarning(
          vscode.l10n.t(
            'Not in the DVC cache nor brought from its run ({0}): {1}. Run dvc pull, or choose the MLflow server the experiment ran with.',
            applied.fetchError ?? vscode.l10n.t('no tracked run'),
            applied.missing.join(', '),
          ),
        );
    },
    branch: async (args) => {
      trusted();
      const { root, rows } = await resolve(args);
      const [exp] = committed(rows);
      if (!exp) return;
      const branch = await vscode.window.showInputBox({
        title: vscode.l10n.t('Branch from experiment {0}', exp.name),
        value: exp.name,
        validateInput: (v) =>
          /^[^\s~^:?*[\\]+$/.test(v) && !v.includes('..') ? undefined : vscode.l10n.t('not a valid branch name'),
      });
      if (!branch) return;
      await branchExperiment(await gitRoot(root), found(exp), branch);
      void showInfo(vscode.l10n.t('Created branch {0} from experiment {1}.', branch, exp.name));
    },
    reproduce: async (args) => {
      trusted();
      const { root, rows } = await resolve(args);
      const g = await gitRoot(root);
      const tasks = await Promise.all(committed(rows).map((r) => reproduceTask(g, root, found(r))));
      enqueue(tasks);
      await startQueue(queue, root, 1, executorSetting());
      void showInfo(
        vscode.l10n.t(
          'Reproducing {0} (queued from {1}).',
          tasks.map((t) => t.exp.name).join(', '),
          rows.map((r) => r.name).join(', '),
        ),
      );
    },
    remove: async (args) => {
      trusted();
      const { root, rows, queue: q } = await resolve(args);
      const names = rows.map((r) => r.name).join(', ');
      const remove = vscode.l10n.t('Remove');
      const ok = await showWarning(
        rows.length > 1
          ? vscode.l10n.t('Remove experiments {0}?', names)
          : vscode.l10n.t('Remove experiment {0}?', names),
        { modal: true },
        remove,
      );
      if (ok !== remove) return;
      const g = await gitRoot(root);
      for (const r of rows) {
        const entry = entryOf(q, r);
        if (r.status === 'running') throw new Error(`${r.name} is running: cancel it first.`);
        if (r.commit) await removeExperiment(g, found(r as ExperimentRow & { commit: string }));
        if (entry) {
          removeEntry(root, entry.task.id);
          await dropSnapshot(entry.task.gitRoot, entry.task.id);
        }
      }
      model.refreshExperiments(0);
    },
    register: async (args) => {
      trusted();
      const { rows } = await resolve(args);
      const run = rows.find((r) => r.run)?.run;
      if (!run) throw new Error(`${rows[0]?.name} has no tracked run (made by DVC): register from a run of ours.`);
      // Registered in the registry of the folder whose store holds the run: the experiment's own.
      await vscode.commands.executeCommand('mlops.models.register', [run]);
    },
    compare: async (args) => {
      const { rows } = await resolve(args);
      const runs = runsOf(rows);
      await vscode.commands.executeCommand(runs.length > 1 ? 'mlops.compareRuns' : 'mlops.openRunPanel', runs);
    },
    plots: async (args) => {
      // Each experiment's plots as its commit holds them (a run panel shows the working copy's), DVC's made ones too.
      const { rows } = await resolve(args);
      const names = committed(rows, 'no commit holds its plots yet').map((r) => r.name);
      await vscode.commands.executeCommand(SHOW_PLOTS_FOR_REVISIONS, names);
    },
    logs: async (args) => {
      const { root, rows, queue: q } = await resolve(args);
      const entry = rows.map((r) => entryOf(q, r)).find((e) => e !== undefined);
      if (!entry) throw new Error(`${rows[0]?.name} did not run from the queue: its output is in its run's log.`);
      await showLogs(queue, root, entry);
    },
    dashboard: async (args) => {
      const { rows } = await resolve(args);
      const job = rows.map((r) => r.executor).find((e) => e?.kind === 'ray');
      if (job?.kind !== 'ray') throw new Error(`${rows[0]?.name} did not run on Ray: it has no page on a dashboard.`);
      await vscode.env.openExternal(dashboardPage(job));
    },
    cancel: async (args) => {
      trusted();
      const { root, rows, queue: q } = await resolve(args);
      for (const r of rows) {
        const entry = entryOf(q, r);
        if (!entry || (r.status !== 'queued' && r.status !== 'running')) continue;
        if (entry.status === 'RUNNING') killWorker(entry);
        else {
          removeEntry(root, entry.task.id);
          await dropSnapshot(entry.task.gitRoot, entry.task.id);
        }
      }
      model.refreshExperiments(0);
    },
  };
  return Object.entries(handlers).map(([action, handler]) =>
    vscode.commands.registerCommand(`mlops.experiments.${action}`, async (...args: unknown[]) => {
      try {
        for (const part of perFolder(args)) await handler(part);
      } catch (err) {
        void showError(errorMessage(err));
      }
    }),
  );
}

function runsOf(rows: readonly ExperimentRow[]): string[] {
  const runs = rows.flatMap((r) => (r.run ? [r.run] : []));
  if (runs.length === 0) throw new Error('Those experiments have no tracked runs (made by DVC): nothing to compare.');
  return runs;
}

export function executorSetting(): 'local' | 'ray' {
  return vscode.workspace.getConfiguration('mlops').get<string>('executor', 'local') === 'ray' ? 'ray' : 'local';
}
