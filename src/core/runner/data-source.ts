// Status and reproduction of a `.dvc` file's stage (pipeline/dvc-file.ts), as DVC 3 does them. Status: the
// hashes the file records are its "lock" (dvc/stage/__init__.py Stage.status: `changed outs` — modified, deleted,
// not in cache — through dvc/output.py `status`, deps unless frozen), so status.ts decides it as for any stage.
// Reproduction (`dvc repro`, dvc/stage/__init__.py Stage.reproduce → run): a changed data source has no command;
// DVC "verifies" it — missing data fails ("missing data 'source'") — then saves and commits it: the data goes into
// the DVC cache and the file records its new hashes (dvc/stage/__init__.py save/commit, dvc/dvcfile.py dump), so
// `dvc status` is clean afterwards. A frozen import is verified and committed the same way. An import that is not
// frozen would be downloaded again (dvc/repo/imports.py sync_import): that needs the network and another repository,
// so it is never executed here; the run says how to update it. We never ask a remote for "update available".
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { readBoundedText } from '../bounded-read';
import type { DataSource, Pipeline, RecordedEntry } from '../pipeline/model';
import type { DvcCache } from './dvc-cache';
import { withOutHashes, type OutHashFields } from './dvc-file-text';
import { gitIgnoreOutput } from './gitignore';
import type { FileHash, DirListing, HashName, Hasher, PathHash } from './hash';
import { lockPathFor, readLock, type LockEntry, type LockRead } from './lock';
import type { StageNode } from './workspace';

/** What a stage's status is decided against: dvc.lock for a dvc.yaml, the file itself for a `.dvc` file. */
export function recordedLock(pipeline: Pipeline): LockRead {
  const ds = pipeline.dataSource;
  if (!ds) return readLock(lockPathFor(pipeline.file));
  const stages: Record<string, { cmd: string[]; deps: LockEntry[]; outs: LockEntry[] }> = {};
  for (const stage of pipeline.stages) stages[stage.name] = { cmd: [], deps: entries(ds.deps), outs: entries(ds.outs) };
  return { ok: true, lock: { stages, rest: {} } };
}

/** An entry without an md5 has nothing to compare with: it reads as changed, as DVC's missing hash_info does. */
function entries(recorded: readonly RecordedEntry[]): LockEntry[] {
  return recorded.flatMap((e) => (e.md5 === undefined ? [] : [{ ...e, md5: e.md5 }]));
}

export type DataSourceRun = { outcome: 'FINISHED'; reason: string } | { outcome: 'FAILED'; error: string };

/** Why a changed `.dvc` file's stage is not reproduced here: an import DVC would download again. */
function neverExecuted(n: StageNode, ds: DataSource): string | undefined {
  if (ds.kind === 'add' || n.stage.frozen) return undefined;
  return `an import: never downloaded by mlops; \`dvc update ${n.id}\` brings it up to date`;
}

/** What became of a `.dvc` file's stage that was not up to date: what a StageResult of either executor says. */
export type DataSourceStep =
  | { outcome: 'up-to-date' }
  | { outcome: 'SKIPPED' | 'FINISHED'; reasons: string[] }
  | { outcome: 'FAILED'; reasons: string[]; error: string };

/**
 * A `.dvc` file's stage, as `dvc repro` takes it, by whichever executor runs the plan (its data is here, so a
 * Ray job never runs it): a frozen file that did not change is up to date; an import is never downloaded; else
 * its data is committed (`onStart` first, for the stage's start to be shown).
 */
export async function reproduceDataSource(
  ctx: { hasher: Hasher; dvc?: DvcCache },
  n: StageNode,
  ds: DataSource,
  o: { force: boolean; statusReasons: readonly string[]; reasons: string[]; onStart(): Promise<void> | void },
): Promise<DataSourceStep> {
  // A frozen `.dvc` file that did not change is reported frozen with no reasons: nothing to commit.
  if (!o.force && o.statusReasons.length === 0) return { outcome: 'up-to-date' };
  const notHere = neverExecuted(n, ds);
  if (notHere) return { outcome: 'SKIPPED', reasons: [notHere, ...o.reasons] };
  await o.onStart();
  const r = await commitDataSource(ctx, n, ds);
  return r.outcome === 'FAILED'
    ? { outcome: 'FAILED', reasons: o.reasons, error: r.error }
    : { outcome: r.outcome, reasons: [...o.reasons, r.reason] };
}

/** Reproduces a changed `.dvc` file's stage: verify, save to the DVC cache, record the new hashes in the file. */
export async function commitDataSource(
  ctx: { hasher: Hasher; dvc?: DvcCache },
  n: StageNode,
  ds: DataSource,
): Promise<DataSourceRun> {
  const wdir = path.resolve(n.pipeline.dir, n.stage.wdir);
  const updates = new Map<number, OutHashFields>();
  for (const [i, out] of n.stage.outs.entries()) {
    const abs = path.resolve(wdir, out.path.value);
    const recorded = ds.outs[i];
    const name = (await keepsLegacyHash(ctx.hasher, abs, recorded)) ? 'md5-dos2unix' : 'md5';
    const dvc = out.cache ? ctx.dvc : undefined;
    const h = dvc ? await ctx.hasher.hashWithListing(abs, name) : await ctx.hasher.hashPath(abs, name);
    if (!h)
      return {
        outcome: 'FAILED',
        error: `'${n.id}': missing data '${out.path.value}'; restore it (\`dvc checkout ${n.id}\` or \`dvc pull\`) or remove ${n.id}.`,
      };
    if (dvc) {
      dvc.save(abs, h as FileHash | DirListing, name);
      gitIgnoreOutput(abs);
    }
    if (name === 'md5') updates.set(i, hashFields(h));
  }
  const read = readBoundedText(n.pipeline.file);
  const text = read.ok ? withOutHashes(read.text, updates) : undefined;
  if (!read.ok || text === undefined)
    return { outcome: 'FAILED', error: `'${n.id}' changed while it was committed; run again.` };
  if (text !== read.text) writeFileAtomic(n.pipeline.file, text);
  return { outcome: 'FINISHED', reason: `committed the data of ${n.id}` };
}

/** DVC 3 keeps a DVC 2 entry whose DVC 2 hash still matches the data (dvc/output.py update_legacy_hash_name). */
async function keepsLegacyHash(hasher: Hasher, abs: string, recorded: RecordedEntry | undefined): Promise<boolean> {
  if (recorded?.md5 === undefined || recorded.hash === 'md5') return false;
  return (await hasher.hashPath(abs, 'md5-dos2unix' satisfies HashName))?.md5 === recorded.md5;
}

function hashFields(h: PathHash): OutHashFields {
  if (h.kind === 'dir') return { md5: h.md5, size: h.size, nfiles: h.nfiles, hash: 'md5' };
  return { md5: h.md5, size: h.size, ...(h.isexec ? { isexec: true as const } : {}), hash: 'md5' };
}
