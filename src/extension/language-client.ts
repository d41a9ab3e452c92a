// Starts the bundled pipeline language server (dist/server.js) over node IPC and connects it to VS Code.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/**
 * Documents the server reads as the user types: every dvc.yaml (DVC accepts no other name for a
 * pipeline file) and the files that can be params files. Params files with other names or in Python
 * are still followed on save through the file watcher below.
 */
const documentSelector = [
  { scheme: 'file', pattern: '**/dvc.yaml' },
  { scheme: 'file', pattern: '**/*.{yaml,yml,json,toml}' },
  { scheme: 'file', pattern: '**/params*.py' },
];

export function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Deps are any file: creating or deleting a data file must re-check the pipelines that name it.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { fileEvents: watcher, configurationSection: 'mlops' },
    outputChannel: log,
    // The server runs git (a value's change against HEAD) only in a trusted workspace.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
  const client = new LanguageClient('mlops.pipeline', 'MLOps Pipeline Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    watcher,
    { dispose: () => void client.stop() },
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification('mlops/workspaceTrusted')),
  );
  client.start().catch((error: unknown) => log.error(`Pipeline language server did not start: ${String(error)}`));
  return client;
}
