// Files as they were at a git revision, behind the same FileSystem view the core reads the disk through, so
// loading a pipeline, a plot or a params file at `HEAD`, a branch or a tag is the same code as in the working
// copy. DVC does the same with its GitFileSystem when `plots diff`, `metrics diff` or `params diff` name a
// revision. One `git ls-tree` lists the revision; files are read with `git cat-file --batch`, many per process:
// the first read also takes the revision's small pipeline, params and metrics files (most commands read little
// else), and a caller that knows what it will read (plots, their data files) asks for it all at once.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { FileStat, FileSystem } from '../fs';
import { nodeFileSystem } from '../fs';

/** A file-system view that also reads bytes (images are not text). */
export interface TreeView extends FileSystem {
  readBytes(path: string): Buffer | undefined;
  /** Files about to be read: a git revision fetches them in one process (the disk needs no hint). */
  prefetch?(paths: readonly string[]): void;
  /** A git revision's commit id (asked of git when first wanted); the working copy has none. */
  commit?(): string;
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

/**
 * The folder of the git repository holding `dir`, or undefined outside one: the nearest folder with a `.git`
 * (a folder, or a worktree's or submodule's file), as git finds it; git itself only when none is found
 * (GIT_DIR and the like) — a process less for every command that reads a revision.
 */
export function gitTopLevel(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return fs.realpathSync(d);
    if (path.dirname(d) === d) break;
  }
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).toString().trim();
  } catch {
    return undefined;
  }
}

/** `git status` as headState asks it. */
export const STATUS_ARGS = ['status', '--porcelain=v2', '--branch', '--untracked-files=no'];

/**
 * Whether the repository has a commit, and whether tracked files differ from it (untracked files do not count,
 * as in DVC's `is_dirty`): one `git status`, whose branch header names the commit or `(initial)`.
 */
export function headState(dir: string): HeadState {
  return headStateOf(git(dir, STATUS_ARGS).toString('utf8'));
}

export type HeadState = 'no commits' | 'clean' | 'changed';

/** headState from the output of `git status` with STATUS_ARGS. */
export function headStateOf(status: string): HeadState {
  const lines = status.split('\n');
  if (lines.includes('# branch.oid (initial)')) return 'no commits';
  return lines.some((l) => l !== '' && !l.startsWith('# ')) ? 'changed' : 'clean';
}

/**
 * Whether two revision names are one commit (one `git rev-parse`); false when either does not resolve, so the
 * reader that follows reports it. DVC reads revisions per commit, names joined (`v1,main`), so a diff between
 * two names of one commit finds neither name and is empty (dvc/repo/metrics/diff.py `_diff`).
 */
export function sameCommit(dir: string, a: string, b: string): boolean {
  // A name starting with '-' is no revision (and would be an option); git 2.39's rev-parse echoes --end-of-options.
  if (a.startsWith('-') || b.startsWith('-')) return false;
  try {
    const [x, y] = git(dir, ['rev-parse', `${a}^{commit}`, `${b}^{commit}`])
      .toString()
      .split('\n');
    return x !== undefined && /^[0-9a-f]{40,64}$/.test(x) && x === y;
  } catch {
    return false;
  }
}

/** `git rev-parse` that succeeds when the repository has a commit. */
export const HAS_COMMITS_ARGS = ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'];

/** Whether the repository has a commit at all (DVC's diffs answer nothing before the first one). */
export function hasCommits(dir: string): boolean {
  try {
    git(dir, HAS_COMMITS_ARGS);
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
  const top = revisionTop(root, rev);
  let listing: Buffer;
  try {
    listing = git(top, lsTreeArgs(rev));
  } catch {
    throw unknownRevision(rev);
  }
  return listedTree(top, rev, listing.toString('utf8'));
}

/** The git folder a revision of `root` is read from; RevisionError outside a repository. */
export function revisionTop(root: string, rev: string): string {
  const top = gitTopLevel(root);
  if (top === undefined)
    throw new RevisionError(`'${root}' is not in a git repository, so revision '${rev}' cannot be read`);
  return top;
}

/** `git ls-tree` of a revision: `^{commit}`, a commit, branch or tag, never a bare tree; one process both checks and lists it. */
export function lsTreeArgs(rev: string): string[] {
  return ['ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', `${rev}^{commit}`];
}

export function unknownRevision(rev: string): RevisionError {
  return new RevisionError(`unknown revision '${rev}': give a commit, branch or tag that git knows (git log, git tag)`);
}

/**
 * The files of revision `rev` from its `git ls-tree` listing (lsTreeArgs) in the repository `top`; `read` holds blobs
 * already read (by id), used where the listing names them.
 */
export function listedTree(
  top: string,
  rev: string,
  listing: string,
  read: ReadonlyMap<string, Buffer> = new Map(),
): TreeView {
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
  // kept, so git runs once per file. Large data files are kept only until read, so memory stays the readers'.
  const kept = new Map<string, Buffer>();
  const keep = (blobs: ReadonlyMap<string, Buffer>): void => {
    // A small file is copied out of the batch's buffer, so keeping it does not keep a large neighbour.
    for (const [blob, bytes] of blobs) kept.set(blob, bytes.length <= KEEP_BYTES ? Buffer.from(bytes) : bytes);
  };
  const listed = new Set([...files.values()].map((e) => e.blob));
  keep(new Map([...read].filter(([blob]) => listed.has(blob))));
  const fetch = (blobs: Iterable<string>): void =>
    keep(
      catBlobs(
        top,
        [...new Set(blobs)].filter((b) => !kept.has(b)),
      ),
    );
  let first = true;
  let commit: string | undefined;
  const readBytes = (p: string): Buffer | undefined => {
    const entry = files.get(relOf(p) ?? '\0');
    if (!entry) return undefined;
    if (!kept.has(entry.blob)) {
      // The first read git answers brings the small files other readers will want along.
      fetch(first ? [entry.blob, ...companions(files)] : [entry.blob]);
      first = false;
    }
    const bytes = kept.get(entry.blob);
    if (bytes && entry.size > KEEP_BYTES) kept.delete(entry.blob);
    return bytes;
  };
  return {
    readBytes,
    commit() {
      commit ??= git(top, ['rev-parse', '--end-of-options', `${rev}^{commit}`])
        .toString()
        .split('\n')
        .filter((l) => l !== '--end-of-options')[0];
      return commit ?? '';
    },
    prefetch(paths) {
      const blobs = paths.flatMap((p) => files.get(relOf(p) ?? '\0')?.blob ?? []);
      if (!blobs.some((b) => !kept.has(b))) return;
      // Before any read, what the first read takes comes along: one process for both.
      fetch(first ? [...blobs, ...companions(files)] : blobs);
      first = false;
    },
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

/** What the first read of a revision takes along: files a pipeline command reads, small enough to be cheap. */
const COMPANION_BYTES = 64 * 1024;
const COMPANIONS_TOTAL = 4 * 1024 * 1024;
const COMPANION_NAME = /(^|\/)(dvc\.yaml|dvc\.lock|[^/]*\.(json|ya?ml|toml|csv|tsv|dvc))$/;

function companions(files: ReadonlyMap<string, Entry>): string[] {
  const out: string[] = [];
  let total = 0;
  for (const [rel, entry] of files) {
    if (entry.size > COMPANION_BYTES || !COMPANION_NAME.test(rel)) continue;
    if (total + entry.size > COMPANIONS_TOTAL) break;
    total += entry.size;
    out.push(entry.blob);
  }
  return out;
}

/** The contents of blobs by id, from one `git cat-file --batch`. */
function catBlobs(top: string, blobs: readonly string[]): Map<string, Buffer> {
  if (blobs.length === 0) return new Map();
  return batchBlobs(git(top, ['cat-file', '--batch'], `${blobs.join('\n')}\n`));
}

/**
 * The blobs of `git cat-file --batch` output by id ("<id> <type> <size>\n<bytes>\n" each; a name git cannot
 * find is one line, "<name> missing", with no bytes).
 */
export function batchBlobs(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf(10, at);
    if (eol === -1) break;
    const header = /^([0-9a-f]{40,64}) ([a-z]+) (\d+)$/.exec(data.toString('latin1', at, eol));
    at = eol + 1;
    if (!header) continue;
    const size = Number(header[3]);
    if (header[2] === 'blob') out.set(header[1]!, data.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** The files of `revision` under `root`: the working copy for `workspace`, else git's. */
export function treeAt(root: string, revision: string): TreeView {
  return revision === WORKSPACE ? workspaceTree : revisionTree(root, revision);
}
