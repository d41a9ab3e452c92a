// Files as they were at a git revision, behind the same FileSystem view the core reads the disk through, so
// loading a pipeline, a plot or a params file at `HEAD`, a branch or a tag is the same code as in the working
// copy. DVC does the same with its GitFileSystem when `plots diff`, `metrics diff` or `params diff` name a
// revision. One `git ls-tree` lists the revision; each file is read once with `git cat-file` when asked.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { FileStat, FileSystem } from '../fs';
import { nodeFileSystem } from '../fs';

/** A file-system view that also reads bytes (images are not text). */
export interface TreeView extends FileSystem {
  readBytes(path: string): Buffer | undefined;
}

/** The working copy. */
export const workspaceTree: TreeView = {
  ...nodeFileSystem,
  readBytes(p) {
    try {
      return fs.readFileSync(p);
    } catch {
      return undefined;
    }
  },
};

/** A revision as DVC names it in its output: `workspace` for the working copy, else as the user wrote it. */
export const WORKSPACE = 'workspace';

export class RevisionError extends Error {}

/** Files up to this size read from a revision are kept for the next reader. */
const KEEP_BYTES = 256 * 1024;

function git(cwd: string, args: string[], input?: string): Buffer {
  return execFileSync('git', args, { cwd, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The folder of the git repository holding `dir`, or undefined outside one. */
export function gitTopLevel(dir: string): string | undefined {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).toString().trim();
  } catch {
    return undefined;
  }
}

/** Whether tracked files differ from HEAD (untracked files do not count, as in DVC's `is_dirty`). */
export function hasTrackedChanges(dir: string): boolean {
  return git(dir, ['status', '--porcelain', '--untracked-files=no']).length > 0;
}

/** Whether the repository has a commit at all (DVC's diffs answer nothing before the first one). */
export function hasCommits(dir: string): boolean {
  try {
    git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return true;
  } catch {
    return false;
  }
}

interface Entry {
  blob: string;
  size: number;
}

/**
 * The files of `rev` under `root` (a folder inside the repository), answering for absolute paths as the disk
 * view does. Throws RevisionError when git does not know the revision.
 */
export function revisionTree(root: string, rev: string): TreeView {
  const top = gitTopLevel(root);
  if (top === undefined)
    throw new RevisionError(`'${root}' is not in a git repository, so revision '${rev}' cannot be read`);
  let listing: string;
  try {
    // `^{commit}`: a commit, branch or tag, never a bare tree; one process both checks and lists the revision.
    listing = git(top, ['ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', `${rev}^{commit}`]).toString(
      'utf8',
    );
  } catch {
    throw new RevisionError(
      `unknown revision '${rev}': give a commit, branch or tag that git knows (git log, git tag)`,
    );
  }
  const files = new Map<string, Entry>();
  const dirs = new Map<string, Set<string>>([['', new Set()]]);
  for (const record of listing.split('\0')) {
    // "<mode> <type> <object> <size>\t<path>"
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [, type, blob, size] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob' || blob === undefined) continue;
    const rel = record.slice(tab + 1);
    files.set(rel, { blob, size: Number(size) });
    let child = rel;
    for (let cut = rel.lastIndexOf('/'); ; cut = child.lastIndexOf('/')) {
      const parent = cut === -1 ? '' : child.slice(0, cut);
      const names = dirs.get(parent) ?? new Set<string>();
      const known = dirs.has(parent);
      names.add(cut === -1 ? child : child.slice(cut + 1));
      dirs.set(parent, names);
      if (known || cut === -1) break;
      child = parent;
    }
  }
  const relOf = (p: string): string | undefined => {
    const rel = path.relative(top, path.resolve(p));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  };
  // Small files are read by several readers (a dvc.yaml by the pipeline loader and the top-level sections):
  // kept, so git runs once per file. Large data files are not kept, so memory stays that of the readers.
  const small = new Map<string, Buffer>();
  const readBytes = (p: string): Buffer | undefined => {
    const entry = files.get(relOf(p) ?? '\0');
    if (!entry) return undefined;
    const kept = small.get(entry.blob);
    if (kept) return kept;
    const bytes = git(top, ['cat-file', 'blob', entry.blob]);
    if (entry.size <= KEEP_BYTES) small.set(entry.blob, bytes);
    return bytes;
  };
  return {
    readBytes,
    readText: (p) => readBytes(p)?.toString('utf8'),
    stat(p): FileStat | undefined {
      const rel = relOf(p);
      if (rel === undefined) return undefined;
      const entry = files.get(rel);
      if (entry) return { isFile: true, isDirectory: false, size: entry.size, mtimeMs: 0 };
      return dirs.has(rel) ? { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 } : undefined;
    },
    list(p) {
      const names = dirs.get(relOf(p) ?? '\0');
      return names && [...names];
    },
  };
}

/** The files of `revision` under `root`: the working copy for `workspace`, else git's. */
export function treeAt(root: string, revision: string): TreeView {
  return revision === WORKSPACE ? workspaceTree : revisionTree(root, revision);
}
