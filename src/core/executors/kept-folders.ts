// Linked copies of data folders kept from one isolated experiment for the next. An experiment's checkout links
// every file of a `dvc add`ed folder from the cache (20,000 hard links for the repository, about a quarter
// of a second in the kernel, and as long again to unlink them after); when the experiment ends with such a folder
// still as it was placed, the folder is renamed into `.dvc/tmp/exps/mlops-kept/` instead of being deleted, and the
// next experiment's checkout renames it into its own workspace. DVC has no such step (its tempdir executor checks
// out afresh each time, dvc/repo/experiments/executor/local.py); what it guarantees is kept:
// - never a changed folder: a kept folder's name holds its signature when placed (each file's path, size, mtime
//   and inode: a link to its cache object), and the taker walks it before use: exactly the listed files, no other
//   entry (not even one .dvcignore would hide), each still that link and linked from elsewhere too (the cache).
//   A stage that replaced, touched or added a file changes that; such a folder is deleted, and linked afresh. (A
//   write in place through a hard link changes the cache object itself, as under DVC's hardlink cache type: the
//   objects are read-only against it, and the changed mtime keeps the folder from being passed on.)
// - one workspace per folder: rename is atomic, so of two workers (`-j 2`) wanting one kept folder, one gets it
//   and the other takes the next or links its own.
// - bounded: at most KEEP_PER_OBJECT kept per folder object, MAX_KEPT in all; links, so next to no disk, unless
//   `dvc gc` removed their objects since (then the check fails at the next take and the folder goes);
//   `mlops queue remove --all` deletes them all.
// A process killed mid-way leaves a folder either kept whole (renames are atomic) or inside its workspace, which
// is deleted as any workspace; entries of the keep folder this module did not name are deleted when seen.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FolderReuse, Walked } from '../runner/checkout';
import type { ListedFile } from '../runner/folder-files';
import { signatureOf } from '../runner/folder-files';
import type { HashCache } from '../runner/hash-cache';

/** Kept copies of one folder object: one per worker at `-j 2`. */
const KEEP_PER_OBJECT = 2;
/** Kept copies in all (several data folders, or versions of one). */
const MAX_KEPT = 8;

/** `<md5 of the .dir object>-<signature>-<experiment id>` */
const KEPT_NAME = /^([0-9a-f]{32})-([0-9a-f]{32})-([0-9a-z]+)$/;

/** Where the kept folders of the experiments under `exps` (`.dvc/tmp/exps`) wait. */
function keptFolder(exps: string): string {
  return path.join(exps, 'mlops-kept');
}

/**
 * The kept folders one isolated workspace takes from and gives back to. `deleteTrash(exps)`: deletes the `trash-*`
 * folders of `exps` (in a detached process: a folder of 20,000 links takes a while), where folders go that are not
 * kept.
 */
export class KeptFolders implements FolderReuse {
  private readonly placedDirs: { abs: string; md5: string; signature: string }[] = [];

  constructor(
    private readonly exps: string,
    private readonly id: string,
    private readonly deleteTrash: (exps: string) => void,
  ) {}

  take(abs: string, md5: string, listed: ReadonlyMap<string, string>): Walked | undefined {
    const hex = md5.slice(0, 32);
    const keep = keptFolder(this.exps);
    for (const name of entries(keep)) {
      const m = KEPT_NAME.exec(name);
      if (m?.[1] !== hex) continue;
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      try {
        fs.renameSync(path.join(keep, name), abs);
      } catch (err) {
        // Taken by another worker meanwhile: the next one. Anything else (something at abs): link afresh.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        return undefined;
      }
      const walked = checkedWalk(abs, listed, m[2] as string);
      if (walked) return walked;
      // Changed since it was kept: gone, and the files are linked afresh where it was.
      if (!this.drop(abs, name)) fs.rmSync(abs, { recursive: true, force: true });
      return undefined;
    }
    return undefined;
  }

  placed(abs: string, md5: string, signature: string): void {
    this.placedDirs.push({ abs, md5, signature });
  }

  /**
   * At the experiment's end: each folder placed whose hash still holds under the signature it was placed with (the
   * run's last hash of it saw no change) goes to the keep folder. Returns whether every folder placed was kept (what
   * is left of the workspace is then only its git files and the stage's outputs).
   */
  keepUnchanged(hashes: HashCache): boolean {
    const keep = keptFolder(this.exps);
    let all = true;
    for (const p of this.placedDirs) {
      if (hashes.pathEntry(p.abs, p.signature)?.[1] !== p.md5) {
        all = false;
        continue;
      }
      try {
        fs.mkdirSync(keep, { recursive: true });
        fs.renameSync(p.abs, path.join(keep, `${p.md5.slice(0, 32)}-${p.signature}-${this.id}`));
      } catch {
        all = false;
      }
    }
    if (this.placedDirs.length > 0) this.trim();
    return all;
  }

  /** Beyond the bounds, the oldest kept folders go; so do entries not named as kept folders. */
  private trim(): void {
    const keep = keptFolder(this.exps);
    const kept: { name: string; hex: string; ctime: number }[] = [];
    for (const name of entries(keep)) {
      const m = KEPT_NAME.exec(name);
      const st = m && fs.statSync(path.join(keep, name), { throwIfNoEntry: false });
      if (m && st) kept.push({ name, hex: m[1] as string, ctime: st.ctimeMs });
      else if (!m) this.drop(path.join(keep, name), name);
    }
    kept.sort((a, b) => b.ctime - a.ctime);
    const perObject = new Map<string, number>();
    kept.forEach((k, i) => {
      const n = (perObject.get(k.hex) ?? 0) + 1;
      perObject.set(k.hex, n);
      if (n > KEEP_PER_OBJECT || i >= MAX_KEPT) this.drop(path.join(keep, k.name), k.name);
    });
  }

  /** Renamed aside first (from the keep folder, no worker can take it meanwhile), then deleted. */
  private drop(dir: string, name: string): boolean {
    try {
      fs.renameSync(dir, path.join(this.exps, `trash-kept-${name}`));
    } catch {
      return false; // taken meanwhile
    }
    this.deleteTrash(this.exps);
    return true;
  }
}

/** Deletes every kept folder of the experiments under `exps` (`mlops queue remove --all`). */
export function dropKeptFolders(exps: string): void {
  fs.rmSync(keptFolder(exps), { recursive: true, force: true });
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The files of a folder taken from the keep folder, when it holds exactly `listed` — every entry a folder holding
 * files or a regular file (no link, nothing .dvcignore could hide), each file linked from elsewhere too (its cache
 * object) —
 * and their signature is still the one it was kept under. In readdir order, as folder-files.ts walks: the
 * signature is the same one the hasher computes.
 */
function checkedWalk(dir: string, listed: ReadonlyMap<string, string>, signature: string): Walked | undefined {
  const files: ListedFile[] = [];
  const walk = (abs: string, rel: string): boolean => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const full = `${abs}/${entry.name}`;
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        // A folder holding no file is no part of a listing (DVC's hash leaves it out, a checkout makes none).
        const before = files.length;
        if (!walk(full, childRel) || files.length === before) return false;
        continue;
      }
      if (!entry.isFile() || !listed.has(childRel)) return false;
      const st = fs.statSync(full);
      if (st.nlink < 2) return false;
      files.push({ relpath: childRel, stat: { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino } });
    }
    return true;
  };
  try {
    if (!walk(dir, '') || files.length !== listed.size) return undefined;
  } catch {
    return undefined;
  }
  return signatureOf(files) === signature ? { files, signature } : undefined;
}
