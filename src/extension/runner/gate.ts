// The quality gate of a run as the editor asks for it (core/checks/run-gate.ts with the editor's backend and
// workspace folder): after a run, in the run panel, and in Retrain → Promote. A backend that fails is a gate
// without a verdict whose message says why, never an exception in a notification handler. Only in a trusted
// workspace: baselines are read with git.
import * as vscode from 'vscode';
import { gateForRun, type RunGate } from '../../core/checks';
import type { ModelRegistry } from '../../core/registry/types';
import type { TrackingStore } from '../../core/tracking/types';
import { errorMessage } from '../localized';

/** `against` overrides every relative rule's baseline (Retrain → Promote checks against production). */
export type GateOf = (runId: string, against?: string) => Promise<RunGate>;

export function gateOf(
  store: () => Promise<TrackingStore>,
  registry: () => Promise<ModelRegistry>,
  root: () => string | undefined,
): GateOf {
  return async (runId, against) => {
    const cwd = root();
    if (cwd === undefined) return { state: 'none' };
    // Baselines read git revisions and the GTO registry (git): a repository's config can run commands.
    if (!vscode.workspace.isTrusted)
      return { state: 'error', message: vscode.l10n.t('the quality gate runs git: trust the workspace to see it') };
    try {
      const s = await store();
      const run = await s.getRun(runId);
      if (!run) return { state: 'error', message: vscode.l10n.t('run {0} is not in {1}', runId, s.location) };
      return await gateForRun(run, { store: s, openRegistry: registry, cwd, against });
    } catch (err) {
      return {
        state: 'error',
        message: vscode.l10n.t('the gate could not be evaluated: {0}', errorMessage(err)),
      };
    }
  };
}
