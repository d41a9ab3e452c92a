// The quality gate of a run read in one workspace folder (vscode-free, unit-tested with two folders): the rules of
// that folder's .mlops.json "checks", its store and its registry (core/checks/run-gate.ts). The folder is the one
// the caller knows the run belongs to (Retrain ran it there; a run the editor started), else the first folder whose
// store holds the run — which, for a backend several folders share (one MLflow server), is only a guess, so
// callers that know pass theirs.
import * as l10n from '@vscode/l10n';
import { gateForRun, type RunGate } from '../../core/checks';
import type { FolderBackends } from '../tracking-backend';

/** `against` overrides every relative rule's baseline; `folder`: the workspace folder the run belongs to. */
export async function folderGate(
  backends: Pick<FolderBackends, 'ofRun' | 'store' | 'registry'>,
  runId: string,
  against?: string,
  folder?: string,
): Promise<RunGate> {
  const where = folder === undefined ? await backends.ofRun(runId) : { store: await backends.store(folder), folder };
  const cwd = where.folder;
  if (cwd === undefined) return { state: 'none' };
  const run = await where.store.getRun(runId);
  if (!run) return { state: 'error', message: l10n.t('run {0} is not in {1}', runId, where.store.location) };
  return gateForRun(run, { store: where.store, openRegistry: () => backends.registry(cwd), cwd, against });
}
