// Extension entry point: wires the core into VS Code. Each feature registers itself from its own file.
import * as vscode from 'vscode';
import { startLanguageClient } from './language-client';
import { registerPanelCommands } from './panels/commands';
import { openStore } from './tracking-backend';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('MLOps Workbench', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('mlops.showOutput', () => output.show()),
  );
  startLanguageClient(context, output);
  context.subscriptions.push(
    ...registerPanelCommands({ extensionUri: context.extensionUri, store: () => openStore(context.secrets), log: output }),
  );
  output.info('MLOps Workbench activated');
}

export function deactivate(): void {}
