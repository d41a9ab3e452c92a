// Workspace trust in code: a command that runs git, DVC, Python or a pipeline command refuses in Restricted
// Mode with the reason and a way to trust the folder. package.json's `enablement` greys the same commands out
// (trusted-commands.ts holds the list), but commands reached through `executeCommand`, CodeLenses or a panel do
// not pass through `enablement`, so the check is made here too.
import * as vscode from 'vscode';
import { showWarning } from './notify';
import { untrustedMessage } from './runner/messages';
import type { TrustedCommand } from './trusted-commands';
import type { Localized } from './localized';

/** In an untrusted workspace: says why nothing will run (with a way to trust the folder) and returns true. */
export function refuseUntrusted(message: Localized = untrustedMessage()): boolean {
  if (vscode.workspace.isTrusted) return false;
  void showWarning(message, vscode.l10n.t('Manage Workspace Trust')).then(
    (a) => a && vscode.commands.executeCommand('workbench.trust.manage'),
  );
  return true;
}

/** Registers a command that runs only in a trusted workspace; elsewhere it explains with `message`. */
export function registerTrustedCommand(
  id: TrustedCommand,
  message: Localized,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: unknown[]) =>
    refuseUntrusted(message) ? undefined : handler(...args),
  );
}
