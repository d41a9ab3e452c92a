// The HTML shell of a metrics panel: a strict Content-Security-Policy with a per-load nonce, no inline
// handlers, scripts and styles only from the extension's bundle. Pure (no vscode import) so the
// headless browser tests serve exactly the page VS Code shows.
import { randomBytes } from 'node:crypto';
import type { PanelBundle } from '../../webview/contract';

export interface PanelHtmlOptions {
  kind: PanelBundle;
  title: string;
  /** The webview's `cspSource` (origin allowed for scripts, styles, fonts, images). */
  cspSource: string;
  /** URIs (as strings) of the bundle's script and stylesheet. */
  scriptUri: string;
  styleUri: string;
  /** Extra nonce-bearing script to run first (tests install their fake `acquireVsCodeApi` here). */
  preludeUri?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

function attr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function panelHtml(options: PanelHtmlOptions, nonce = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${options.cspSource}`,
    `img-src ${options.cspSource} data:`,
    `font-src ${options.cspSource}`,
  ].join('; ');
  const prelude = options.preludeUri ? `<script nonce="${nonce}" src="${attr(options.preludeUri)}"></script>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>${attr(options.title)}</title>
</head>
<body data-panel="${options.kind}">
<main id="app" aria-live="polite"></main>
${prelude}<script nonce="${nonce}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}
