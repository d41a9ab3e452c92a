// Text a person reads in the editor, translated. `Localized` is a brand that only the translators return:
// `vscode.l10n.t` in files that import vscode, and `t` of @vscode/l10n in the vscode-free files (their unit tests
// run without VS Code), which activate() points at the bundle VS Code loaded (`useEditorBundle`), so both read
// one translation. The augmentations below make both return `Localized`; notify.ts takes nothing else, so a
// plain string passed to a notification is a type error, and `l10n.t(\`${x}\`)` an export error of
// @vscode/l10n-dev (`npm run l10n`, which writes l10n/bundle.l10n.json). Where VS Code's own types take a plain
// string (quick picks, input boxes, status bar items, tree items, panel titles), eslint.config.mjs refuses a
// string literal, a template or a concatenation as the text. docs/ARCHITECTURE.md lists both rules.
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';

declare const localized: unique symbol;
export type Localized = string & { readonly [localized]: true };

type Replacement = string | number | boolean;

declare module 'vscode' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- augmenting VS Code's own namespace (its declaration)
  export namespace l10n {
    export function t(message: string, ...args: Replacement[]): Localized;
    export function t(message: string, args: Record<string, Replacement>): Localized;
    export function t(options: { message: string; args?: Replacement[]; comment: string | string[] }): Localized;
  }
}

declare module '@vscode/l10n' {
  export function t(message: string, ...args: Replacement[]): Localized;
  export function t(message: string, args: Record<string, Replacement>): Localized;
}

/**
 * Text already written for people elsewhere and shown as it is: a core message (a refusal's reason, a typed
 * error's message, a diagnostic), English as the CLI prints it, or a name (a stage, a run, a file).
 */
export function untranslated(text: string): Localized {
  return text as Localized;
}

/** Points the vscode-free files' translator at the bundle VS Code loaded for this extension (none in English). */
export function useEditorBundle(api: typeof vscode): void {
  const contents = api.l10n.bundle;
  if (contents) l10n.config({ contents });
}

/** A thrown error's message, shown as it is: core's typed errors are written for people (docs/ARCHITECTURE.md). */
export function errorMessage(err: unknown): Localized {
  return untranslated(err instanceof Error ? err.message : String(err));
}
