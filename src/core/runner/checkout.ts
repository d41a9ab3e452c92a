// `dvc checkout` for what an experiment needs: every cached output a dvc.lock names (per the stage's own
// `cache` flag) and every `.dvc`-tracked path, put in place from the DVC cache — linked in an isolated
// experiment workspace, copied (or reflinked) in the user's working copy (see DvcCache.link).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readBoundedText } from '../bounded-read';
import type { DvcCache } from './dvc-cache';
import { entryHashName, lockPathFor, readLock } from './lock';
import { stageWdir } from './status';
import { loadWorkspace } from './workspace';

/** Puts every cached output the dvc.lock files and `.dvc` files under root name in place from the cache; returns how many. */
export function checkoutOutputs(root: string, cache: DvcCache, mode: 'link' | 'copy'): number {
  let linked = 0;
  const ws = loadWorkspace(root);
  for (const p of ws.pipelines) {
    const read = readLock(lockPathFor(p.file));
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
  for (const file of dvcFiles(root)) {
    const read = readBoundedText(file);
    if (!read.ok) continue;
    let doc: unknown;
    try {
      doc = parse(read.text);
    } catch {
      continue;
    }
    const outs = (doc as { outs?: unknown } | null)?.outs;
    if (!Array.isArray(outs)) continue;
    for (const o of outs as { path?: unknown; md5?: unknown; hash?: unknown; cache?: unknown }[]) {
      if (typeof o.path !== 'string' || typeof o.md5 !== 'string' || o.cache === false) continue;
      const name = o.hash === 'md5' ? 'md5' : 'md5-dos2unix';
      if (cache.link(path.resolve(path.dirname(file), o.path), o.md5, name, mode)) linked++;
    }
  }
  return linked;
}

/** `.dvc` files under root (git-held, so already checked out), skipping dot-folders. */
function dvcFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile() && e.name.endsWith('.dvc')) out.push(abs);
    }
  };
  walk(root);
  return out;
}
