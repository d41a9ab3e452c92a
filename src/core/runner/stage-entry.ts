// A stage's dvc.lock entry as DVC builds it after a run (dvc/stage/serialize.py to_single_stage_lockfile):
// deps hashed, params values read, outputs hashed and cached outputs saved into the DVC cache; then the entry
// written into dvc.lock and kept in the run cache. The inputs alone (command, deps, params, outputs as paths)
// are what the run cache is looked up by before a stage runs (run-cache.ts).
import * as path from 'node:path';
import type { DvcCache } from './dvc-cache';
import { gitIgnoreOutput } from './gitignore';
import type { HashName, Hasher } from './hash';
import type { LockEntry, LockStage } from './lock';
import { entryHashName, lockEntry, lockPathFor, lockStage, readLock, updateLockStage } from './lock';
import { currentValues, loadParamsFile, paramsRequests } from './params';
import { runCacheSaves, saveRunCacheEntry } from './run-cache';
import { ignoredOutputLine, ignoredOutputs, lockCmd } from './status';
import type { StageNode } from './workspace';

export interface EntryContext {
  hasher: Hasher;
  /** The DVC cache when the pipeline lives in a DVC repository. */
  dvc?: DvcCache;
}

/**
 * The entry of the stage's inputs as they are now — its outputs as bare paths — or what is missing. What the run
 * cache's key is computed from.
 */
export async function stageInputsEntry(ctx: EntryContext, n: StageNode, wdir: string): Promise<LockStage | string> {
  const inputs = await hashInputs(ctx, n, wdir);
  if (typeof inputs === 'string') return inputs;
  const outs = n.stage.outs.map((o): LockEntry => ({ path: o.path.value, md5: '' }));
  return lockStage(lockCmd(n.stage), inputs.deps, inputs.params, outs);
}

/**
 * Hashes deps and outs, saves cached outs to the DVC cache, writes the lock entry and keeps it in the run cache;
 * a message on failure. Also what a remote executor calls once a stage's outputs are back in the workspace.
 */
export async function saveStageOutputs(ctx: EntryContext, n: StageNode, wdir: string): Promise<string | undefined> {
  const { pipeline, stage } = n;
  const inputs = await hashInputs(ctx, n, wdir);
  if (typeof inputs === 'string') return inputs;
  const previous = inputs.previous;
  // A folder-only rule (`out/`) ignores an output once the command made it a folder: DVC fails the stage then.
  const ignored = ignoredOutputs([n]);
  if (ignored.length > 0)
    return `stage '${n.id}': DVC refuses an output .dvcignore ignores: ${ignored.map(ignoredOutputLine).join('; ')}; remove or narrow the rule, or change the output's path.`;
  // The run cache restores every output from the DVC cache, so it keeps uncached metrics and plots there too
  // (dvc/stage/cache.py `_uncached_outs`).
  const runCache = ctx.dvc && runCacheSaves(stage) ? ctx.dvc : undefined;
  const outs: LockEntry[] = [];
  for (const out of stage.outs) {
    const abs = path.resolve(wdir, out.path.value);
    const kept = await keptLegacyEntry(ctx.hasher, abs, previous?.outs, out.path.value);
    const name: HashName = kept ? 'md5-dos2unix' : 'md5';
    // A cached out is saved into DVC's cache, which needs every file's hash of a directory.
    const dvc = out.cache ? ctx.dvc : runCache;
    const listed = dvc ? await ctx.hasher.hashWithListing(abs, name) : undefined;
    const h = dvc ? listed : await ctx.hasher.hashPath(abs, name);
    if (!h)
      return `stage '${n.id}': output '${out.path.value}' was not created by the command; fix the command or the output path.`;
    if (dvc && listed) {
      dvc.save(abs, listed, name);
      if (out.cache) gitIgnoreOutput(abs);
    }
    outs.push(kept ?? lockEntry(out.path.value, h));
  }
  const entry = lockStage(lockCmd(stage), inputs.deps, inputs.params, outs);
  updateLockStage(lockPathFor(pipeline.file), stage.name, entry);
  if (runCache) saveRunCacheEntry(runCache, entry);
  return undefined;
}

/** Deps hashed and params read as they are now, beside the stage's entry in dvc.lock (DVC 2 entries are kept). */
async function hashInputs(
  ctx: EntryContext,
  n: StageNode,
  wdir: string,
): Promise<
  { deps: LockEntry[]; params: Record<string, Record<string, unknown>>; previous: LockStage | undefined } | string
> {
  const lock = readLock(lockPathFor(n.pipeline.file));
  const previous = lock.ok ? lock.lock.stages[n.stage.name] : undefined;
  const deps: LockEntry[] = [];
  for (const dep of n.stage.deps) {
    const abs = path.resolve(wdir, dep.value);
    const kept = await keptLegacyEntry(ctx.hasher, abs, previous?.deps, dep.value);
    const h = kept ? undefined : await ctx.hasher.hashPath(abs);
    if (!kept && !h) return `stage '${n.id}': dependency '${dep.value}' disappeared while the stage ran.`;
    deps.push(kept ?? lockEntry(dep.value, h!));
  }
  const params: Record<string, Record<string, unknown>> = {};
  for (const req of paramsRequests(n.stage, wdir)) {
    const read = loadParamsFile(req.abs);
    if (!read.ok) return `stage '${n.id}': ${read.message}`;
    params[req.file] = currentValues(req, read.data);
  }
  return { deps, params, previous };
}

/**
 * The entry DVC 2 wrote for `defPath`, when DVC 2's hash of the path still matches it: DVC 3 then keeps the entry
 * as it was rather than rewrite it as md5 (dvc/output.py `update_legacy_hash_name`).
 */
async function keptLegacyEntry(
  hasher: Hasher,
  abs: string,
  recorded: readonly LockEntry[] | undefined,
  defPath: string,
): Promise<LockEntry | undefined> {
  const old = recorded?.find((e) => e.path === defPath);
  if (!old || entryHashName(old) !== 'md5-dos2unix') return undefined;
  return (await hasher.hashPath(abs, 'md5-dos2unix'))?.md5 === old.md5 ? old : undefined;
}
