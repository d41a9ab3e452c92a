// Every file of a tracked folder as DVC's walk sees them (`.dvcignore` rules, links as os.walk takes them), each
// with what stat said, and the signatures a hash is kept under (hash-cache.ts): a file's size, mtime and inode, a
// folder's digest of every file's path, size, mtime and inode. The hasher lists folders through here, and so does a
// checkout teaching the folders it linked (checkout.ts).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { DirListings } from './dir-listings';
import type { DvcIgnoreRules } from './dvcignore';
import { DVCIGNORE, type DvcIgnoreReader, withDvcIgnore } from './dvcignore';
import type { FileSignature } from './hash-cache';

export interface ListedFile {
  /** Posix path relative to the listed directory. */
  relpath: string;
  stat: FileSignature;
}

/**
 * Every regular file under dir that `.dvcignore` files and DVC's default rules leave in, links included as DVC's
 * os.walk sees them (a link to a file is a file, a link to a folder is not walked into). Synchronous on purpose: tens of thousands of stats are cheapest in a tight loop, and
 * this is the whole cost of a warm status. The signature of the listing is over included files only, so a
 * `.dvcignore` edit that changes what is included changes the signature, and one that does not cannot change
 * the hash. `links`: whether a symbolic link was met (a change through it is not a change of this folder).
 */
export function listFiles(
  dir: string,
  dvcignore: DvcIgnoreReader,
  listings?: DirListings,
): { files: ListedFile[]; links: boolean } {
  const out: ListedFile[] = [];
  let links = false;
  const scope = dvcignore.scope(dir);
  if (!scope) return { files: out, links };
  const walk = (abs: string, rel: string, rules: DvcIgnoreRules): void => {
    const entries = listings ? listings.entries(abs) : fs.readdirSync(abs, { withFileTypes: true });
    const atRoot = scope.rel === '' ? rel : rel === '' ? scope.rel : `${scope.rel}/${rel}`;
    if (rel !== '' && scope.inRepo) {
      const inFolder = folderRules(rules, abs, atRoot, entries);
      if (!inFolder) return;
      rules = inFolder;
    }
    for (const entry of entries) {
      // Plain concatenation: path.join would normalise every one of tens of thousands of names.
      const full = `${abs}/${entry.name}`;
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const childAtRoot = rules.defaultsOnly ? '' : atRoot === '' ? entry.name : `${atRoot}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!rules.ignoresEntry(childAtRoot, entry.name, true)) walk(full, childRel, rules);
        continue;
      }
      // os.walk lists a link to a folder among the folders and does not descend into it (followlinks=False);
      // any other link is one of the files, stat'ed through the link (a dangling one or a loop stops DVC).
      if (entry.isSymbolicLink()) links = true;
      const st = entry.isSymbolicLink()
        ? linkTarget(full)
        : entry.isFile()
          ? fs.statSync(full, { throwIfNoEntry: false })
          : undefined;
      if (st === undefined || st === 'folder' || rules.ignoresEntry(childAtRoot, entry.name, false)) continue;
      if (typeof st === 'string') throw new Error(`${full}: ${BROKEN_LINK[st]}`);
      if (entry.name === DVCIGNORE && scope.inRepo) {
        throw new Error(
          `${full}: DVC refuses to hash a tracked folder that holds a ${DVCIGNORE} (move its rules to a ${DVCIGNORE} above the folder, or list ${DVCIGNORE} in it)`,
        );
      }
      // Only what the signature and the cache need is kept: a Stats (with its four Dates) per file, alive until the
      // pass ends, made the collector copy 20,000 of them into the old generation.
      if (st.isFile()) out.push({ relpath: childRel, stat: { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino } });
    }
  };
  walk(dir, '', scope.rules);
  return { files: out, links };
}

/** Why DVC stops on a link it cannot stat (dvc_data `_localfs_info` raises the OSError of the target's stat). */
const BROKEN_LINK = {
  missing: 'a symbolic link whose target does not exist; DVC stops on it too (remove the link or restore its target)',
  loop: 'a loop of symbolic links; DVC stops on it too (remove the link or point it at a file)',
} as const;

/** What a symbolic link met in a tracked folder points at, as dvc_data's stat through the link sees it. */
function linkTarget(abs: string): fs.Stats | 'folder' | keyof typeof BROKEN_LINK {
  try {
    const st = fs.statSync(abs);
    return st.isDirectory() ? 'folder' : st;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'missing';
  }
}

/**
 * The rules for the entries of a folder below the walk's start, from its parent's: undefined when DVC leaves
 * the whole folder out (a sub-repository, or its own `.dvcignore` ignores it).
 */
function folderRules(
  rules: DvcIgnoreRules,
  abs: string,
  atRoot: string,
  entries: readonly fs.Dirent[],
): DvcIgnoreRules | undefined {
  let hasIgnoreFile = false;
  for (const e of entries) {
    if (e.name === '.dvc') return undefined;
    if (e.name === DVCIGNORE) hasIgnoreFile = true;
  }
  if (!hasIgnoreFile) return rules;
  const own = withDvcIgnore(rules, abs, atRoot);
  return own !== rules && own.ignores(atRoot, true) ? undefined : own;
}

export function fileSignature(st: fs.Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ino}`;
}

/** Bytes of one file's part of a signature besides its path: a NUL, then size, mtime and inode as doubles. */
const SIGNATURE_NUMBERS = 1 + 3 * 8;

/**
 * What must not change for a directory's hash to hold: each file's path, size, mtime and inode, in walk order. The
 * numbers go in as their bytes: turning 60,000 of them into text cost more than the md5 over them.
 */
export function signatureOf(files: readonly ListedFile[]): string {
  const hash = createHash('md5');
  // Room for the longest path any OS has (32,767 UTF-16 units, at most three UTF-8 bytes each) and its numbers.
  const buf = Buffer.allocUnsafe(1 << 17);
  let at = 0;
  for (const f of files) {
    if (at + 3 * f.relpath.length + SIGNATURE_NUMBERS > buf.length) {
      hash.update(buf.subarray(0, at));
      at = 0;
    }
    at += buf.write(f.relpath, at, 'utf8');
    buf[at++] = 0;
    at = buf.writeDoubleLE(f.stat.size, at);
    at = buf.writeDoubleLE(f.stat.mtimeMs, at);
    at = buf.writeDoubleLE(f.stat.ino, at);
  }
  return hash.update(buf.subarray(0, at)).digest('hex');
}
