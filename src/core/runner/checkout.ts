// `dvc checkout` for what an experiment needs: every cached output a dvc.lock names (per the stage's own
// `cache` flag) and every `.dvc`-tracked path, put in place from the DVC cache — linked in an isolated
// experiment workspace, copied (or reflinked) in the user's working copy (see DvcCache.link).
import * as path from 'node:path';
import { recordedLock } from './data-source';
import type { DvcCache } from './dvc-cache';
import { entryHashName } from './lock';
import { stageWdir } from './status';
import { loadWorkspace } from './workspace';

/** Puts every cached output the dvc.lock files and `.dvc` files under root name in place from the cache; returns how many. */
export function checkoutOutputs(root: string, cache: DvcCache, mode: 'link' | 'copy'): number {
  let linked = 0;
  const ws = loadWorkspace(root);
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
          cache.link(path.resolve(wdir, out.path.value), locked.md5, entryHashName(locked), mode)
        )
          linked++;
      }
    }
  }
  return linked;
}
