// A run's task definition (type `mlops`) and the request it stands for, both ways, in one place. VS Code keys
// a CustomExecution task by an id computed from its definition (from the properties package.json's
// `taskDefinitions` declares, no others) and keeps one callback per id: when our provider lists its tasks
// (Tasks: Run Task, or VS Code's own task detection at any moment), the provided task's callback replaces the
// one `executeTask` stored for a task with an equal definition. So everything that makes two runs differ must
// be a declared property of the definition (a Retrain run as an experiment once ran as a plain run because
// `asExperiment` was not: the provided "run pipeline" task had the same id), and the callback builds its
// request from the definition VS Code hands it, never from what a closure captured.
import type * as vscode from 'vscode';
import type { RunRequest } from './run-terminal';

export const TASK_TYPE = 'mlops';

/** The fields users may write in tasks.json (package.json's taskDefinitions lists the same). */
export interface MlopsTaskDefinition extends vscode.TaskDefinition {
  stages?: string[];
  downstream?: boolean;
  single?: boolean;
  force?: boolean;
  experiment?: boolean;
}

/** The definition of a request's task: equal requests, equal definitions (and task ids); the folder is the task's scope. */
export function definitionOf(request: RunRequest): MlopsTaskDefinition {
  const def: MlopsTaskDefinition = {
    type: TASK_TYPE,
    stages: request.targets,
    downstream: request.downstream,
    single: request.single,
    force: request.force,
  };
  // Written only when set, so tasks.json entries and provided tasks made before it keep their ids.
  if (request.asExperiment) def.experiment = true;
  return def;
}

/** The request a definition stands for (a hand-written tasks.json entry may leave any field out). */
export function requestOf(def: vscode.TaskDefinition, folder: string): RunRequest {
  const d = def as MlopsTaskDefinition;
  return {
    targets: Array.isArray(d.stages) ? d.stages.filter((s): s is string => typeof s === 'string') : [],
    downstream: d.downstream === true,
    single: d.single === true,
    force: d.force === true,
    asExperiment: d.experiment === true,
    folder,
  };
}
