// The row naming a workspace folder in a multi-root window, above that folder's items in the Experiments and
// Models views (core/tracking/folder-backends.ts decides when there is one): one look for both views.
import * as path from 'node:path';
import * as vscode from 'vscode';

export function folderTreeItem(folder: string): vscode.TreeItem {
  const item = new vscode.TreeItem(path.basename(folder), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `folder:${folder}`;
  item.tooltip = folder;
  // Read out as its name (a string tooltip would be read instead: the whole path).
  item.accessibilityInformation = { label: path.basename(folder) };
  item.iconPath = new vscode.ThemeIcon('root-folder');
  return item;
}
