// The page of one webview bundle (dist/webview/<kind>.js and .css) in a panel: the one place the extension
// turns a bundle's files into webview URIs for panelHtml's strict shell, so every panel loads alike.
import * as vscode from 'vscode';
import type { PanelBundle } from '../../webview/contract';
import { panelHtml } from './panel-html';

export function bundlePage(webview: vscode.Webview, dist: vscode.Uri, kind: PanelBundle, title: string): string {
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, file)).toString();
  return panelHtml({
    kind,
    title,
    cspSource: webview.cspSource,
    scriptUri: uri(`${kind}.js`),
    styleUri: uri(`${kind}.css`),
  });
}
