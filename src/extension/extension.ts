// Extension entry point: wires the core into VS Code. Each feature registers itself from its own file.
import * as vscode from 'vscode';
import { redactingLog } from './notify';
import { registerPanelCommands } from './panels/commands';
import { registerDriftPanel } from './panels/drift-panel';
import { registerPlotsPanel } from './panels/plots-panel';
import { folderBackends, mlflowBackend } from './tracking-backend';
import { createSidebar } from './sidebar/sidebar';
import { registerModelCommands } from './sidebar/model-commands';
import { activeExperiment, registerRunCommands, savedQuery } from './sidebar/run-commands';
import { registerWorkspaceCommands } from './sidebar/workspace-commands';
import { registerRunner } from './runner/register';
import { gateOf, tableGatesOf } from './runner/gate';
import { registerAlerts } from './monitoring/alerts';
import { registerRetrain } from './monitoring/retrain';
import { editorExecutor, registerRayTokenCommand } from './runner/executor-settings';
import { registerLocalMlflow, stopLocalMlflow } from './local-mlflow';
import { WorkspaceModel } from './workspace/workspace-model';
import { registerExperiments } from './experiments/register';
import { useEditorBundle } from './localized';

export function activate(context: vscode.ExtensionContext): void {
  // First: the vscode-free files translate through @vscode/l10n, pointed here at the bundle VS Code loaded.
  useEditorBundle(vscode);
  // Every line redacted (notify.ts): errors echo tracking URIs, which may carry credentials.
  const output = redactingLog(vscode.window.createOutputChannel('MLOps Workbench', { log: true }));
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('mlops.showOutput', () => output.show()),
  );
  // Loaded after activate() returns: the client is most of the code, and nothing else waits for it.
  setImmediate(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, resolved at run time
    const client = require('./language-client.js') as typeof import('./language-client');
    client.startLanguageClient(context, output);
  });
  // Each folder records in its own backend (its `.mlops/` and repository, or the one MLflow server), as the CLI run
  // there does.
  const backends = folderBackends(context);
  const workspace = new WorkspaceModel({
    log: output,
    gatesOf: tableGatesOf(backends, () => activeExperiment(context.workspaceState)),
  });
  context.subscriptions.push(
    workspace,
    vscode.workspace.onDidGrantWorkspaceTrust(() => workspace.refreshGates()),
  );
  const gate = gateOf(backends);
  const sidebar = createSidebar(context, {
    workspace,
    backends,
    query: () => savedQuery(context.workspaceState),
    pinned: () => vscode.workspace.getConfiguration('mlops').get<string[]>('experiments.pinnedMetrics', []),
  });
  const experimentStatus = vscode.window.createStatusBarItem(
    'mlops.activeExperiment',
    vscode.StatusBarAlignment.Left,
    10,
  );
  experimentStatus.name = 'MLOps active experiment';
  context.subscriptions.push(
    experimentStatus,
    ...registerPanelCommands({ extensionUri: context.extensionUri, backends, log: output, gate, workspace }),
    ...registerDriftPanel(context.extensionUri, output),
    registerPlotsPanel(context.extensionUri, output),
    ...registerRunCommands(context, sidebar, backends, experimentStatus),
    ...registerModelCommands(sidebar, backends, (folder) => workspace.registryChanged(folder)),
    ...registerWorkspaceCommands(context, sidebar),
    ...registerRunner(
      {
        store: backends.store,
        executor: async () => editorExecutor(context.secrets, await mlflowBackend(context), output),
        experiment: () => activeExperiment(context.workspaceState),
        log: output,
        model: workspace,
        gate,
      },
      context.extensionUri,
      (service) => [registerRetrain({ service, gate, backends, refresh: () => sidebar.refresh() })],
    ),
    ...registerAlerts(workspace, (folder) => backends.store(folder), output),
    ...registerLocalMlflow(context, sidebar, output),
    registerRayTokenCommand(context.secrets),
    ...registerExperiments(context, workspace, output),
  );
  output.info('MLOps Workbench activated');
}

export function deactivate(): Promise<void> {
  return stopLocalMlflow();
}
