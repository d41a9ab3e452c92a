// Data tracked with `dvc add`: what each `.dvc` file records (its `outs`, each a path beside the file with the hash
// DVC computed) and whether the workspace still holds it, decided as DVC's `dvc status` decides it for a `.dvc`
// file (output.py `status`): a cached output whose object is missing from the cache is `not in cache`, a path that
// is gone is `deleted`, a hash that differs (or none recorded) is `modified`. The editor shows these
// on the files themselves (the Explorer), and `mlops checkout` puts the recorded objects back.
import * as path from 'node:path';
import { nodeFileSystem } from '../fs';
import { loadDvcFile } from '../pipeline/dvc-file';
import type { HashName } from './dos2unix-md5';
import type { StatusContext } from './status';

/** One output a `.dvc` file records. */
export interface TrackedOutput {
  /** The `.dvc` file that records it. */
  dvcFile: string;
  /** The path as written (relative to the `.dvc` file's folder). */
  path: string;
  /** Absolute, the platform's separators. */
  abs: string;
  md5?: string;
  hashName: HashName;
  cache: boolean;
}

/** The outputs of one `.dvc` file, as dvc-file.ts reads it (the one reader); a broken file records none. */
export function readDvcFile(file: string): TrackedOutput[] {
  const pipeline = loadDvcFile(file, nodeFileSystem);
  const stage = pipeline.stages[0];
  const recorded = pipeline.dataSource?.outs ?? [];
  if (!stage) return [];
  const wdir = path.resolve(pipeline.dir, stage.wdir);
  return stage.outs.map((out, i) => {
    const entry = recorded[i];
    return {
      dvcFile: pipeline.file,
      path: out.path.value,
      abs: path.resolve(wdir, out.path.value),
      ...(entry?.md5 === undefined ? {} : { md5: entry.md5 }),
      // Entries DVC 2 wrote carry no `hash: md5` and are hashed as DVC 2 did.
      hashName: entry?.hash === 'md5' ? 'md5' : 'md5-dos2unix',
      cache: out.cache,
    };
  });
}

/** What `dvc status` says of a tracked output (`up-to-date` where it says nothing). */
export type TrackedState = 'up-to-date' | 'modified' | 'deleted' | 'not in cache';

export interface TrackedStatus extends TrackedOutput {
  state: TrackedState;
}

/** Each output of the `.dvc` files with its state, in file order. */
export async function trackedStatus(ctx: StatusContext, dvcFiles: readonly string[]): Promise<TrackedStatus[]> {
  const out: TrackedStatus[] = [];
  for (const file of dvcFiles) for (const o of readDvcFile(file)) out.push({ ...o, state: await stateOf(ctx, o) });
  return out;
}

async function stateOf(ctx: StatusContext, o: TrackedOutput): Promise<TrackedState> {
  if (o.md5 !== undefined && o.cache && ctx.dvc && !ctx.dvc.has(o.md5, o.hashName)) return 'not in cache';
  const actual = await ctx.hasher.hashPath(o.abs, o.hashName);
  if (!actual) return 'deleted';
  return actual.md5 === o.md5 ? 'up-to-date' : 'modified';
}
