// Messages from a panel page, taken only when its contract's guard accepts them. A page shows data from
// repositories and tracking servers, so a message of another shape is refused, not acted on, and logged: it
// means a bug in the page or content that got to run script in it.
import type * as vscode from 'vscode';

export function receivePanelMessages<T>(
  webview: vscode.Webview,
  panel: string,
  guard: (value: unknown) => value is T,
  log: vscode.LogOutputChannel,
  handle: (message: T) => unknown,
): vscode.Disposable {
  return webview.onDidReceiveMessage((m: unknown) => {
    if (guard(m)) return void handle(m);
    let shown: string;
    try {
      shown = JSON.stringify(m)?.slice(0, 200) ?? String(m);
    } catch {
      shown = typeof m;
    }
    log.warn(`${panel}: refused a message of an unexpected shape: ${shown}`);
  });
}
