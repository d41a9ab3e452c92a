// `dvc checkout` for what an experiment needs: every cached output a dvc.lock names (per the stage's own
// `cache` flag) and every `.dvc`-tracked path, put in place from the DVC cache — linked in an isolated
// experiment workspace, copied (or reflinked) in the user's working copy (see DvcCache.link).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordedLock } from './data-source';
import type { DvcCache } from './dvc-cache';
import type { HashCache } from './hash-cache';
import { entryHashName } from './lock';
import { stageWdir } from './status';
import { loadWorkspace } from './workspace';

/**
 * Puts every cached output the dvc.lock files and `.dvc` files under root name in place from the cache; returns how
 * many. `hashes`: told each file's md5 as it is placed (a fresh workspace's status then reads none of them: 2 GB of
 * data linked into an experiment's workspace is not hashed again there).
 */
export function checkoutOutputs(root: string, cache: DvcCache, mode: 'link' | 'copy', hashes?: HashCache): number {
  let linked = 0;
  const ws = loadWorkspace(root);
  const learn = hashes && ((file: string, md5: string) => hashes.set(file, fs.statSync(file), md5));
  for (const p of ws.pipelines) {
    const read = recordedLock(p);
    if (!read.ok) continue;
    for (const stage of p.stages) {
      const entry = read.lock.stages[stage.name];
      if (!entry?.outs) continue;
      const wdir = stageWdir(p, stage);
      for (const out of stage.outs) {
        const locked = entry.outs.find((o) => o.path === out.path.value);
        if (
          out.cache &&
          locked?.md5 &&
          cache.link(
            path.resolve(wdir, out.path.value),
            locked.md5,
            entryHashName(locked),
            mode,
            // Only DVC 3's md5 is the hash the cache keeps per path (DVC 2's is kept under a second key).
            entryHashName(locked) === 'md5' ? learn : undefined,
          )
        )
          linked++;
      }
    }
  }
  hashes?.save();
  return linked;
}
