// What each editor action that names no stage runs, said in DVC's words and decided here once (vscode-free, unit
// tested): the run service, Retrain and the experiments table's form all ask this, never an empty target list.
// - Run all (the Pipeline view's button, *Run Pipeline*, the provided "run pipeline" task, a tasks.json `mlops` entry
//   without `stages`): `dvc repro -P` of the folder — every stage of every dvc.yaml (and `.dvc` file) under it; a
//   button on a view of every stage means all of them.
// - An experiment nobody named targets for (Retrain, and each experiment the table's form runs or queues): what
//   `dvc exp run` runs when typed in the folder, its ./dvc.yaml, and every pipeline (`-P`) where the folder has none
//   (DVC refuses there; a button has no target to offer instead). core/experiments/scope.ts holds that default.
// Reproduce is not here: it runs what the experiment recorded (core/experiments/scope.ts `recordedScope`). Actions
// on stages (CodeLens, the Pipeline view's rows, the graph) name stage ids and run those with what they need.
import { defaultExperimentScope } from '../core/experiments/scope';
import { allPipelines, type RunScope } from '../core/runner/targets';

/** The editor's actions that name no stage. */
export type UnnamedRun = 'run-all' | 'experiment';

/** The scope of `what` in the workspace folder `folder` (targets relative to it). */
export function editorScope(what: UnnamedRun, folder: string): RunScope {
  return what === 'run-all' ? allPipelines(folder, folder) : defaultExperimentScope(folder);
}

/**
 * The scope of a run request: its stage ids (relative to the folder; each with what it needs, or alone, as the
 * request says), or, naming none, Run all — or, run as an experiment (Retrain), an experiment's default.
 */
export function requestScope(
  request: { targets: readonly string[]; asExperiment?: boolean },
  folder: string,
): RunScope {
  if (request.targets.length > 0) return { targets: [...request.targets], recursive: false };
  return editorScope(request.asExperiment ? 'experiment' : 'run-all', folder);
}
