// The experiments table of a window of several folders (a multi-root workspace): every folder's rows
// (table-rows.ts: its working copy, baselines and experiments) under a row naming the folder, in the window's
// folder order. Two folders may be two DVC projects of one git repository, so they share commits: each row's
// id is then scoped by its folder (`<folder>#<id>`) and the table keeps, per scoped id, which folder and which
// folder-local id it stands for — what the actions, the filter and the form need to act on the right repository.
// A window of one folder keeps its rows and ids as they are (pins saved before stay valid). Pure.
import type { ExpRow } from './table-rows';

/** The row heading one folder's rows. */
export interface FolderRow {
  kind: 'folder';
  id: string;
  /** The folder's name as the window shows it. */
  name: string;
  folder: string;
  /** Why experiments cannot be made there (no git, no commit), if so. */
  problem?: string;
}

/** A row of the table: a folder's heading, or one of a folder's rows (`folder` set when the table has several). */
export type TableRow = FolderRow | (ExpRow & { folder?: string });

export interface FolderTable {
  folder: string;
  name: string;
  rows: readonly ExpRow[];
  problem?: string;
}

export interface CombinedTable {
  rows: TableRow[];
  /** Each row id of the table → its folder and the id that folder's own rows use. */
  origin: ReadonlyMap<string, { folder: string; id: string }>;
  /** The id a folder's row has in this table (its filter's matches are sent so). */
  idIn(folder: string, id: string): string;
}

export const folderRowId = (folder: string): string => `folder:${folder}`;

export function combineFolders(tables: readonly FolderTable[]): CombinedTable {
  const origin = new Map<string, { folder: string; id: string }>();
  if (tables.length === 1) {
    const [only] = tables as [FolderTable];
    for (const r of only.rows) origin.set(r.id, { folder: only.folder, id: r.id });
    return { rows: [...only.rows], origin, idIn: (_folder, id) => id };
  }
  const idIn = (folder: string, id: string): string => `${folder}#${id}`;
  const rows: TableRow[] = [];
  for (const t of tables) {
    rows.push({
      kind: 'folder',
      id: folderRowId(t.folder),
      name: t.name,
      folder: t.folder,
      ...(t.problem ? { problem: t.problem } : {}),
    });
    for (const r of t.rows) {
      const id = idIn(t.folder, r.id);
      origin.set(id, { folder: t.folder, id: r.id });
      rows.push(
        r.kind === 'experiment'
          ? { ...r, id, folder: t.folder, parent: idIn(t.folder, r.parent) }
          : { ...r, id, folder: t.folder },
      );
    }
  }
  return { rows, origin, idIn };
}

/** Row ids of the table grouped by the folder they belong to, as that folder's own ids; unknown ids dropped. */
export function idsByFolder(table: Pick<CombinedTable, 'origin'>, ids: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const o = table.origin.get(id);
    if (!o) continue;
    const list = out.get(o.folder);
    if (list) list.push(o.id);
    else out.set(o.folder, [o.id]);
  }
  return out;
}
