// `dvc checkout` for what an experiment needs: every cached output a dvc.lock names (per the stage's own
// `cache` flag) and every `.dvc`-tracked path, put in place from the DVC cache — linked in an isolated
// experiment workspace, copied (or reflinked) in the user's working copy (see DvcCache.link).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordedLock } from './data-source';
import type { DvcCache } from './dvc-cache';
import type { HashCache } from './hash-cache';
import type { HashName } from './dos2unix-md5';
import type { ListedFile } from './folder-files';
import { Hasher, type PathHash } from './hash';
import { entryHashName, type LockEntry } from './lock';
import { stageWdir } from './status';
import type { Workspace } from './workspace';

/**
 * What a checkout put in place, for the run that follows in the same process: the hashes of the paths placed (as
 * their lock entries record them) and the cache they came from, which knows those objects are there. Good until
 * a stage starts writing (see Hasher.forgetPlaced): 20,000 linked files are then not walked again for the first
 * status, nor looked up in the cache one by one.
 */
export interface Placed {
  cache: DvcCache;
  hashes: Map<string, PathHash>;
  /** Cached outputs the cache lacks (made elsewhere, or gc'd): left as they were. */
  missing: { abs: string; md5: string; name: HashName }[];
}

/**
 * Puts every cached output the dvc.lock files and `.dvc` files of `ws` name in place from the cache; returns what
 * it placed. `learn`: taught each placed file's md5 under its stat, and each placed folder's under its signature
 * (Hasher.learnPlacedDir): 2 GB of data linked into an experiment's workspace is not read again there, and after a
 * stage that left it alone its hash is one walk and a stat per file, nothing looked up or hashed per file.
 */
export function checkoutOutputs(
  ws: Workspace,
  cache: DvcCache,
  mode: 'link' | 'copy',
  learn?: HashCache,
  reuse?: FolderReuse,
): Placed {
  const placed: Placed = { cache, hashes: new Map(), missing: [] };
  const hasher = learn && new Hasher(learn);
  for (const p of ws.pipelines) {
    const read = recordedLock(p);
    if (!read.ok) continue;
    for (const stage of p.stages) {
      const entry = read.lock.stages[stage.name];
      if (!entry?.outs) continue;
      const wdir = stageWdir(p, stage);
      for (const out of stage.outs) {
        const locked = entry.outs.find((o) => o.path === out.path.value);
        if (!out.cache || !locked?.md5) continue;
        const abs = path.resolve(wdir, out.path.value);
        const name = entryHashName(locked);
        // Only DVC 3's md5 is the hash the cache keeps per path (DVC 2's is kept under a second key).
        const taken =
          hasher && reuse && mode === 'link' && name === 'md5' ? takeKept(reuse, cache, abs, locked.md5) : undefined;
        const linked = taken ?? cache.link(abs, locked.md5, name, mode);
        if (!linked) {
          if (!cache.has(locked.md5, name)) placed.missing.push({ abs, md5: locked.md5, name });
          continue;
        }
        if (learn && hasher && name === 'md5') {
          if (linked.files) {
            const signature = hasher.learnPlacedDir(abs, locked.md5, linked.files, taken?.walked);
            if (signature && linked.hardLinks) reuse?.placed(abs, locked.md5, signature);
          } else learn.set(abs, fs.statSync(abs), locked.md5);
        }
        const hash = name === 'md5' ? recordedHash(locked) : undefined;
        if (hash) placed.hashes.set(abs, hash);
      }
    }
  }
  learn?.save();
  return placed;
}

/**
 * Where an isolated workspace's checkout finds linked copies of data folders kept from earlier experiments, and
 * tells what it linked (executors/kept-folders.ts): moving a folder of 20,000 links in place is one rename, making
 * it is 20,000 links.
 */
export interface FolderReuse {
  /**
   * Moves a kept copy of folder object `md5` to `abs` (where nothing is yet) when one is kept and still holds
   * exactly the `listed` files, each the link it was when placed: the walk that checked it.
   */
  take(abs: string, md5: string, listed: ReadonlyMap<string, string>): Walked | undefined;
  /** A folder of links to the cache placed at `abs`, exactly as folder object `md5` lists, under `signature`. */
  placed(abs: string, md5: string, signature: string): void;
}

/** A folder's files as one walk saw them, and their signature (folder-files.ts). */
export interface Walked {
  files: readonly ListedFile[];
  signature: string;
}

/** A kept copy of a folder object put at `abs`, as link() reports a folder it linked, with the walk that checked it. */
function takeKept(
  reuse: FolderReuse,
  cache: DvcCache,
  abs: string,
  md5: string,
): { files: ReadonlyMap<string, string>; hardLinks: true; walked: Walked } | undefined {
  if (!md5.endsWith('.dir')) return undefined;
  const files = cache.listing(md5);
  const walked = files && reuse.take(abs, md5, files);
  if (!files || !walked) return undefined;
  // Each file is the link to its object it was when first placed: the cache's has() need not look for them.
  cache.linkedWhole(md5);
  return { files, hardLinks: true, walked };
}

/** The hash a lock entry records for what was placed from it, when it records enough (size, and files of a folder). */
function recordedHash(e: LockEntry): PathHash | undefined {
  if (e.size === undefined) return undefined;
  if (e.md5.endsWith('.dir'))
    return e.nfiles === undefined ? undefined : { kind: 'dir', md5: e.md5, size: e.size, nfiles: e.nfiles };
  return { kind: 'file', md5: e.md5, size: e.size, isexec: e.isexec === true };
}
