// The quality gate of a run as the editor asks for it (folder-gate.ts: core/checks/run-gate.ts in the run's folder,
// with that folder's backends): after a run, in the run panel, and in Retrain → Promote; and of every finished experiment
// for the Experiments table (core/checks/table-gates.ts, through the workspace model). A backend that fails is a
// gate without a verdict whose message says why, never an exception in a notification handler. Only in a
// trusted workspace: baselines are read with git.
import * as vscode from 'vscode';
import { type RunGate, tableGates } from '../../core/checks';
import { folderGate } from './folder-gate';
import { DEFAULT_EXPERIMENT } from '../../core/runner/run';
import type { GatesOf } from '../workspace/folder-models';
import type { FolderBackends } from '../tracking-backend';
import { errorMessage } from '../localized';

/**
 * `against` overrides every relative rule's baseline (Retrain → Promote checks against production); `folder`: the
 * workspace folder the run belongs to, when the caller knows it (folder-gate.ts).
 */
export type GateOf = (runId: string, against?: string, folder?: string) => Promise<RunGate>;

/** A run's gate, read in its folder (its rules, git revisions and registry). */
export function gateOf(backends: Pick<FolderBackends, 'ofRun' | 'store' | 'registry'>): GateOf {
  return async (runId, against, folder) => {
    // Baselines read git revisions and the GTO registry (git): a repository's config can run commands.
    if (!vscode.workspace.isTrusted)
      return { state: 'error', message: vscode.l10n.t('the quality gate runs git: trust the workspace to see it') };
    try {
      return await folderGate(backends, runId, against, folder);
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
