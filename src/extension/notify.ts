// The editor's edges for text: notifications and the output channel. Both show errors that echo URLs and
// requests (a tracking URI with a password, a query-string token), so every line passes through core's one
// `redactSecrets` here; lint forbids calling `window.show…Message` anywhere else. Messages and buttons are
// `Localized` (localized.ts): a plain string here is a type error.
import * as vscode from 'vscode';
import { redactSecrets } from '../core/secrets/redact';
import type { Localized } from './localized';

type Show = <T extends Localized>(message: Localized, ...items: T[]) => Thenable<T | undefined>;
type ShowModal = <T extends Localized>(
  message: Localized,
  options: vscode.MessageOptions,
  ...items: T[]
) => Thenable<T | undefined>;

function redacting(show: (message: string, ...rest: never[]) => Thenable<unknown>): Show & ShowModal {
  return ((message: string, ...rest: never[]) => show(redactSecrets(message), ...rest)) as unknown as Show & ShowModal;
}

/* eslint-disable no-restricted-syntax -- the one place notifications are shown from */
export const showError = redacting((m, ...r) => vscode.window.showErrorMessage(m, ...r));
export const showWarning = redacting((m, ...r) => vscode.window.showWarningMessage(m, ...r));
export const showInfo = redacting((m, ...r) => vscode.window.showInformationMessage(m, ...r));
/* eslint-enable no-restricted-syntax */

/** Methods of a LogOutputChannel whose first argument is text bound for the channel. */
const WRITES = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * The output channel with every line redacted (the language client writes the server's log to it too). A proxy,
 * so the channel keeps every other method and event as VS Code made it.
 */
export function redactingLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !WRITES.has(key) || typeof value !== 'function') return value;
      return (first: unknown, ...rest: unknown[]) =>
        (value as (...args: unknown[]) => unknown).apply(target, [
          typeof first === 'string' ? redactSecrets(first) : first instanceof Error ? redactError(first) : first,
          ...rest,
        ]);
    },
  });
}

function redactError(err: Error): Error {
  const copy = new Error(redactSecrets(err.message));
  copy.stack = err.stack && redactSecrets(err.stack);
  return copy;
}
