// A revision's files as DVC's file system shows them to `plots`, `metrics` and `params` (dvc/fs/dvc.py): git's
// files (or the working copy's) first, then what DVC's data index of that revision knows (data-index.ts) — a
// cached output read from the workspace's DVC cache by the hash the revision's dvc.lock or `.dvc` file recorded,
// a cached folder listed from its `.dir` object. The working copy gets the same: DVC reads an output missing
// from the disk out of the cache. `missingFile` says why a file cannot be read, in DVC's words.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileSystem } from '../fs';
import { treeAt, type TreeView } from './git-tree';
import { DataIndexDirError, DataIndexView } from './data-index';

/** A revision's files with its DVC data index beside them. */
export interface DvcTreeView extends TreeView {
  index: DataIndexView;
}

/** The files of `revision` under `root`: the working copy or git's, with the cached outputs beside them. */
export function revisionFiles(root: string, revision: string): DvcTreeView {
  return withCachedOutputs(root, treeAt(root, revision));
}

/** `tree` (a revision under `root`) with its cached outputs readable from the workspace's DVC cache. */
export function withCachedOutputs(root: string, tree: TreeView): DvcTreeView {
  const index = new DataIndexView(root, tree);
  const readCached = (p: string): Buffer | undefined => {
    const found = index.lookup(p);
    try {
      return found.kind === 'file' && found.object !== undefined ? fs.readFileSync(found.object) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    ...tree,
    index,
    readBytes: (p) => tree.readBytes(p) ?? readCached(p),
    readText: (p) => tree.readText(p) ?? readCached(p)?.toString('utf8'),
    stat(p) {
      const found = tree.stat(p);
      if (found) return found;
      const entry = index.lookup(p);
      if (entry.kind === 'folder') return { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 };
      if (entry.kind !== 'file' || entry.object === undefined) return undefined;
      const size = fs.statSync(entry.object, { throwIfNoEntry: false })?.size;
      return size === undefined ? undefined : { isFile: true, isDirectory: false, size, mtimeMs: 0 };
    },
    list(p) {
      // A folder's names on disk (or in git) and in its cached listing (dvc/fs/dvc.py ls merges both).
      const own = tree.list(p);
      const entry = index.lookup(p);
      if (entry.kind !== 'folder') return own;
      return [...new Set([...(own ?? []), ...entry.names])];
    },
  };
}

/** A file that cannot be read, as DVC reports it: its exception type and message. */
export interface MissingFile {
  type: 'FileNotFoundError' | 'DataIndexDirError';
  message: string;
}

/** Why `file` (repository-relative) of `fs` cannot be read: DVC's words for an absent file, a cached output whose
 * object no cache holds, or a file under a folder whose listing none holds. */
export function missingFile(
  fs: FileSystem & Partial<Pick<DvcTreeView, 'index'>>,
  root: string,
  file: string,
): MissingFile {
  const entry = fs.index?.lookup(path.join(root, file));
  if (entry?.kind === 'unloadable') {
    const err = new DataIndexDirError(entry.key);
    return { type: err.type, message: err.message };
  }
  const why = entry?.kind === 'file' ? 'No storage files available' : 'No such file or directory';
  return { type: 'FileNotFoundError', message: `[Errno 2] ${why}: '${file}'` };
}

/** What to do about a file DVC's cache lacks or cannot load, for people (the JSON keeps DVC's message alone); '' for others. */
export function missingHint(type: string, message: string): string {
  if (type === 'DataIndexDirError')
    return ' (a DVC-tracked folder whose listing is not in the DVC cache: `dvc pull` it)';
  if (type === 'YAMLValidationError' || type === 'YAMLSyntaxError')
    return ' (DVC cannot load this file, so it reads nothing of the revision: `mlops validate FILE` says what it refuses and where)';
  if (message.includes('No storage files available'))
    return ' (DVC tracks it and it is not in the DVC cache: `dvc pull` it)';
  return '';
}
