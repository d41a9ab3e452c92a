// The quality gate of a run as the editor asks for it (core/checks/run-gate.ts in the folder whose store holds
// the run, with that folder's backends): after a run, in the run panel, and in Retrain → Promote; and of every finished experiment
// for the Experiments table (core/checks/table-gates.ts, through the workspace model). A backend that fails is a
// gate without a verdict whose message says why, never an exception in a notification handler. Only in a
// trusted workspace: baselines are read with git.
import * as vscode from 'vscode';
import { gateForRun, type RunGate, tableGates } from '../../core/checks';
import { DEFAULT_EXPERIMENT } from '../../core/runner/run';
import type { GatesOf } from '../workspace/folder-models';
import type { FolderBackends } from '../tracking-backend';
import { errorMessage } from '../localized';

/** `against` overrides every relative rule's baseline (Retrain → Promote checks against production). */
export type GateOf = (runId: string, against?: string) => Promise<RunGate>;

/** A run's gate, read in the folder whose store holds the run (its rules, git revisions and registry). */
export function gateOf(backends: Pick<FolderBackends, 'ofRun' | 'registry'>): GateOf {
  return async (runId, against) => {
    // Baselines read git revisions and the GTO registry (git): a repository's config can run commands.
    if (!vscode.workspace.isTrusted)
      return { state: 'error', message: vscode.l10n.t('the quality gate runs git: trust the workspace to see it') };
    try {
      const { store: s, folder: cwd } = await backends.ofRun(runId);
      if (cwd === undefined) return { state: 'none' };
      const run = await s.getRun(runId);
      if (!run) return { state: 'error', message: vscode.l10n.t('run {0} is not in {1}', runId, s.location) };
      return await gateForRun(run, { store: s, openRegistry: () => backends.registry(cwd), cwd, against });
    } catch (err) {
      return {
        state: 'error',
        message: vscode.l10n.t('the gate could not be evaluated: {0}', errorMessage(err)),
      };
    }
  };
}

/** The table's gates: `best` means the best run of the experiment the editor records into. */
export function tableGatesOf(
  backends: Pick<FolderBackends, 'store' | 'registry'>,
  experiment: () => string | undefined,
): GatesOf {
  return async (folder, rows) => {
    // Untrusted: no column rather than a column of "?" (the run panel says why; the table has no room to).
    if (!vscode.workspace.isTrusted) return {};
    return tableGates(rows, {
      store: await backends.store(folder),
      openRegistry: () => backends.registry(folder),
      cwd: folder,
      experiment: experiment() ?? DEFAULT_EXPERIMENT,
    });
  };
}
