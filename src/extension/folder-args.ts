// Which workspace folder a command's arguments name, read the same way by every command of a multi-root window: a
// tree item's `folder` (a sidebar row), or `{ folder }` after a panel's ids; the order a folder chooser offers them
// in (the active editor's first); and a selection of tree items spanning folders split into one call per folder.
// Pure (no vscode import), unit-tested; folder-choice.ts asks the user when nothing is named.

/** The first folder of the window an argument names (a path string is not one: commands take names and ids as strings). */
export function namedFolder(args: readonly unknown[], roots: readonly string[]): string | undefined {
  for (const a of args) {
    const folder = (a as { folder?: unknown } | undefined)?.folder;
    if (typeof folder === 'string' && roots.includes(folder)) return folder;
  }
  return undefined;
}

/** The window's folders with the active editor's first (the order a chooser offers them in). */
export function activeFirst(roots: readonly string[], active: string | undefined): string[] {
  return active !== undefined && roots.includes(active) ? [active, ...roots.filter((r) => r !== active)] : [...roots];
}

/**
 * A sidebar selection may span folders (tree items carry theirs): one call per folder, with that folder's items
 * and `{ folder }`. Arguments naming no folder's items (the table's ids and `{ folder }`) pass as they are.
 */
export function perFolder(args: readonly unknown[]): unknown[][] {
  // The tree passes the clicked item and the selection holding it: each item once.
  const items = [...new Set(args.flatMap((a) => (Array.isArray(a) ? a : [a])).filter(isFolderItem))];
  const folders = [...new Set(items.map((i) => i.folder))];
  if (folders.length < 2) return [[...args]];
  return folders.map((folder) => [items.filter((i) => i.folder === folder), { folder }]);
}

function isFolderItem(v: unknown): v is { row: { id: string }; folder: string } {
  const item = v as { row?: { id?: unknown }; folder?: unknown } | null;
  return typeof item?.row?.id === 'string' && typeof item.folder === 'string';
}
