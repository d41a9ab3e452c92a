// What `dvc repro` does before running a stage that is not up to date (dvc/stage/run.py run_stage →
// StageCache.restore): when its command, deps and params still match dvc.lock and only outputs changed or went
// missing, the recorded outputs come back from the DVC cache; otherwise, unless `--no-run-cache`, an earlier run
// with the same inputs (run-cache.ts) gives them. Either way only when every output is in the cache, and the
// command does not run. Outputs are copied (or reflinked), as DVC's default `cache.type` puts them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LockStage } from './lock';
import { entryHashName, lockPathFor, readLock } from './lock';
import { findRunCacheEntry, outputsInCache, runCacheKey, runCacheable } from './run-cache';
import { type EntryContext, stageInputsEntry } from './stage-entry';
import type { StageNode } from './workspace';

/** Where restored outputs came from. */
export type RestoredFrom = 'dvc.lock' | 'run cache';

/** Puts the stage's outputs in place from the cache and says from which entry, or undefined when it must run. */
export async function restoreOutputs(
  ctx: EntryContext,
  n: StageNode,
  wdir: string,
  useRunCache: boolean,
): Promise<RestoredFrom | undefined> {
  const dvc = ctx.dvc;
  if (!dvc || !runCacheable(n.stage)) return undefined;
  const current = await stageInputsEntry(ctx, n, wdir);
  if (typeof current === 'string') return undefined;
  const read = readLock(lockPathFor(n.pipeline.file));
  const locked = read.ok ? read.lock.stages[n.stage.name] : undefined;
  let found: { entry: LockStage; from: RestoredFrom } | undefined;
  if (locked && (locked.outs ?? []).every((o) => o.md5 !== '') && runCacheKey(locked) === runCacheKey(current))
    found = { entry: locked, from: 'dvc.lock' };
  else if (useRunCache) {
    const entry = findRunCacheEntry(dvc, current);
    if (entry) found = { entry, from: 'run cache' };
  }
  if (!found || !outputsInCache(dvc, found.entry)) return undefined;
  const placed: string[] = [];
  for (const out of found.entry.outs ?? []) {
    const abs = path.resolve(wdir, out.path);
    placed.push(abs);
    if (!dvc.link(abs, out.md5, entryHashName(out), 'copy')) {
      for (const p of placed) fs.rmSync(p, { recursive: true, force: true });
      return undefined;
    }
  }
  return found.from;
}
