// Which workspace folder a command acts in, when several are open: the one its item or caller names (a tree item's
// `folder`, `{ folder }` after a panel's ids), the only one, else the user's choice, the active editor's folder
// offered first (folder-args.ts reads the arguments). What the experiments table's form does with its folder list,
// for the palette's commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeFirst, namedFolder } from './folder-args';
import type { Localized } from './localized';

/**
 * The folder for a command: named by its arguments, or the only one, or chosen (undefined when the user
 * dismisses the choice or no folder is open).
 */
export async function chooseFolder(
  roots: readonly string[],
  args: readonly unknown[],
  title: Localized,
  folderOf: (file: string) => string | undefined,
): Promise<string | undefined> {
  const named = namedFolder(args, roots);
  if (named !== undefined || roots.length <= 1) return named ?? roots[0];
  const file = vscode.window.activeTextEditor?.document.uri;
  const active = file?.scheme === 'file' ? folderOf(file.fsPath) : undefined;
  const pick = await vscode.window.showQuickPick(
    activeFirst(roots, active).map((folder) => ({
      label: path.basename(folder),
      description: folder === active ? vscode.l10n.t('active editor') : undefined,
      detail: folder,
      folder,
    })),
    { title },
  );
  return pick?.folder;
}
