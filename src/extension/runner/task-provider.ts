// Tasks: Run Task lists "run pipeline" and one task per stage (type `mlops`); tasks.json entries of
// that type resolve to the same pseudoterminal execution.
import * as vscode from 'vscode';
import type { RunRequest } from './run-terminal';
import type { RunService } from './run-service';
import { TASK_TYPE, requestOf } from './task-definition';

export function registerTaskProvider(service: RunService): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks() {
      if (!vscode.workspace.isTrusted) return [];
      const all: RunRequest = { targets: [], downstream: false, single: false, force: false };
      // Each workspace folder's: VS Code shows a task's folder beside it.
      return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => [
        service.task(all, folder),
        ...service.all(folder.uri.fsPath).map((s) => service.task({ ...all, targets: [s.id] }, folder)),
      ]);
    },
    resolveTask(task) {
      const folder =
        task.scope && typeof task.scope === 'object'
          ? (task.scope as vscode.WorkspaceFolder)
          : vscode.workspace.workspaceFolders?.[0];
      if (!folder) return undefined;
      return service.task(requestOf(task.definition, folder.uri.fsPath), folder, task.definition);
    },
  });
}
