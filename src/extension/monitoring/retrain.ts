// Retrain → gate against production → Promote, in one workspace folder (the one an alert names, the only one, or
// the user's choice; everything below is that folder's): runs its pipeline on the current data as an experiment
// (as `dvc exp run` does in the working copy: a recorded run, and a commit of the result under refs/exps/ whose
// dvc.lock names the new model), checks the new run with the quality gate of its .mlops.json against the version
// holding the production stage (GTO) or alias (MLflow), and offers Promote only when the gate passes. Promote
// registers the model output as the next version at the experiment's commit — so the version's commit holds
// the model it names, and a retrain never needs the user to commit first — and moves the production stage to
// it. Needs workspace trust (it runs the pipeline and git): package.json's enablement and the handler both check.
import * as vscode from 'vscode';
import { nodeFileSystem } from '../../core/fs';
import { experimentRefOf } from '../../core/experiments/workspace-run';
import { git } from '../../core/git';
import { registerAndPromote } from '../../core/registry/promote-run';
import { chooseFolder } from '../folder-choice';
import type { FolderBackends } from '../tracking-backend';
import { showError, showInfo, showWarning } from '../notify';
import type { GateOf } from '../runner/gate';
import type { RunService } from '../runner/run-service';
import { registerTrustedCommand } from '../trust';
import { errorMessage } from '../localized';

/** The stage (GTO) or alias (MLflow) production models hold; `against` for the gate and the promotion's target. */
export const PRODUCTION_STAGE = 'prod';

export interface RetrainDeps {
  service: RunService;
  gate: GateOf;
  /** Each folder's store and registry: a retrain reads and promotes in its own folder's. */
  backends: Pick<FolderBackends, 'store' | 'registry'>;
  /** After a promotion: the Models view shows the new version. */
  refresh: () => void;
}

export function registerRetrain(deps: RetrainDeps): vscode.Disposable {
  const model = deps.service.model;
  return registerTrustedCommand(
    'mlops.retrainAndPromote',
    vscode.l10n.t('Retraining runs the pipeline: trust the workspace first.'),
    async (...args: unknown[]) => {
      // The folder an alert names (its own .mlops.json fired it), the only one, else the user's choice: its
      // pipeline, its gate and its registry, never the first folder's.
      const folder = await chooseFolder(model.roots(), args, vscode.l10n.t('Retrain which folder?'), (f) =>
        model.folderOf(f),
      );
      if (folder === undefined) return;
      // No stage named: an experiment's default in the folder (run-scopes.ts: its ./dvc.yaml, else every pipeline).
      const outcome = await deps.service.runAndWait({
        targets: [],
        downstream: false,
        single: false,
        force: false,
        asExperiment: true,
        folder,
      });
      if (!outcome) return;
      if (!outcome.ok) return void showError(vscode.l10n.t('Retraining did not start: {0}', outcome.message));
      const { report } = outcome;
      if (report.status !== 'FINISHED') {
        const bad = report.stages.find((s) => s.outcome === 'FAILED' || s.outcome === 'KILLED');
        return void showError(
          bad
            ? vscode.l10n.t('Retraining {0} in stage {1}; nothing to promote.', report.status.toLowerCase(), bad.id)
            : vscode.l10n.t('Retraining {0}; nothing to promote.', report.status.toLowerCase()),
        );
      }
      const gate = await deps.gate(report.runId, PRODUCTION_STAGE, folder);
      const openRunLabel = vscode.l10n.t('Open Run');
      const promote = vscode.l10n.t('Promote');
      const openRun = () => vscode.commands.executeCommand('mlops.openRunPanel', report.runId);
      if (gate.state === 'none') {
        const a = await showWarning(
          vscode.l10n.t(
            'Retrained, but there is no quality gate to check it against production: add "checks" to .mlops.json. Promote from the Models view if you are sure.',
          ),
          openRunLabel,
        );
        if (a) await openRun();
        return;
      }
      if (gate.state === 'error' || !gate.report.passed) {
        const why =
          gate.state === 'error'
            ? gate.message
            : gate.report.checks
                .filter((c) => !c.passed && c.severity === 'error')
                .map((c) => c.message)
                .join('; ');
        const a = await showWarning(
          vscode.l10n.t('Retrained model not promoted: the gate against {0} did not pass — {1}', PRODUCTION_STAGE, why),
          openRunLabel,
        );
        if (a) await openRun();
        return;
      }
      const lines = gate.report.checks.map((c) => c.message).join('; ');
      const choice = await showInfo(
        vscode.l10n.t('Retrained model passed the gate against {0}: {1}', PRODUCTION_STAGE, lines),
        promote,
        openRunLabel,
      );
      if (choice === openRunLabel) return void (await openRun());
      if (choice !== promote) return;
      try {
        const run = await (await deps.backends.store(folder)).getRun(report.runId);
        if (!run) throw new Error(`run ${report.runId} is no longer in the store`);
        const ref = experimentRefOf(run.tags);
        const commit =
          ref === undefined ? undefined : (await git(folder, ['rev-parse', '--verify', `${ref}^{commit}`])).trim();
        const registry = await deps.backends.registry(folder);
        const done = await registerAndPromote(registry, run, folder, nodeFileSystem, PRODUCTION_STAGE, commit);
        deps.refresh();
        void showInfo(vscode.l10n.t('Promoted {0} {1} to {2}.', done.model, done.version, done.stage));
      } catch (err) {
        void showError(vscode.l10n.t('Could not promote: {0}', errorMessage(err)));
      }
    },
  );
}
