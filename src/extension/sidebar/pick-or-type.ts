// A quick pick that also accepts a new value: showQuickPick only filters its items, so a model name or a
// stage that is not listed yet could never be entered.
import * as vscode from 'vscode';
import type { Localized } from '../localized';

export interface Suggestion {
  label: string;
  description?: string;
}

/** Resolves with the chosen or typed value (trimmed), or undefined when dismissed. */
export function pickOrType(
  title: Localized,
  placeholder: Localized,
  suggestions: readonly Suggestion[],
): Promise<string | undefined> {
  const known = new Set(suggestions.map((s) => s.label));
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = suggestions;
  qp.onDidChangeValue((value) => {
    const typed = value.trim();
    // Listed last: Enter still takes the first matching suggestion; a value matching none is taken as typed.
    qp.items =
      typed && !known.has(typed) ? [...suggestions, { label: typed, description: vscode.l10n.t('new') }] : suggestions;
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const value = (qp.selectedItems[0]?.label ?? qp.value).trim();
      resolve(value || undefined);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
