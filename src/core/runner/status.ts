// Whether a stage is up to date, decided as DVC 3 decides it (dvc/stage/__init__.py `changed`/`status`,
// dvc/output.py `status`, dvc/dependency/param.py): the cmd against the lock's cmd; each dep's hash against
// the lock (frozen stages skip deps); params values; each out present, unchanged and — in a DVC
// repository, for cached outs — in the cache; always_changed and "callback" stages (a cmd with no deps
// and no outs) always changed. Reasons are short strings for people: "dep changed: data/train.csv".
// Before any of that, DVC refuses to load a stage whose output `.dvcignore` ignores: so do we. A `.dvc` file's stage
// is decided the same way against the hashes the file records (data-source.ts).
import * as path from 'node:path';
import type { Output, Pipeline, Stage } from '../pipeline/model';
import type { DvcCache } from './dvc-cache';
import { DvcIgnoreReader } from './dvcignore';
import type { Hasher, PathHash } from './hash';
import type { LockEntry, LockFile, LockStage } from './lock';
import { recordedLock } from './data-source';
import { entryHashName } from './lock';
import { currentValues, loadParamsFile, paramsRequests, pythonEquals } from './params';

export type StageState = 'up-to-date' | 'changed' | 'never-run' | 'frozen';

/**
 * What `dvc status` says of one dep or out against its recorded hash (dvc/output.py `status`): `up-to-date` where it
 * says nothing. The one decision both a stage's reasons and the Explorer's marks on `.dvc`-tracked data come from.
 */
export type EntryState = 'up-to-date' | 'modified' | 'deleted' | 'not in cache';

/** One output of a stage: its path as written, absolute, and its state. */
export interface OutState {
  path: string;
  abs: string;
  state: EntryState;
}

export interface StageStatus {
  name: string;
  /** The dvc.yaml (or `.dvc` file) the stage belongs to (absolute). */
  file: string;
  status: StageState;
  reasons: string[];
  /** Each output's state, in the stage's order; empty for a stage never run (nothing recorded to compare with). */
  outs: OutState[];
}

export interface StatusContext {
  hasher: Hasher;
  /** The DVC cache when the pipeline lives in a DVC repository. */
  dvc?: DvcCache;
  /**
   * The folder a reason names paths from, as DVC names them from the working folder (`../raw.txt` from a
   * subfolder, `sub/x.txt` for a stage of sub/dvc.yaml from the root); without it, as the stage writes them.
   */
  namesFrom?: string;
}

/** How a reason names the dep or out at `abs`, written `written` in its stage. */
function reasonPath(ctx: StatusContext, abs: string, written: string): string {
  if (ctx.namesFrom === undefined) return written;
  return path.relative(ctx.namesFrom, abs).split(path.sep).join('/') || '.';
}

export function stageWdir(pipeline: Pipeline, stage: Stage): string {
  return path.resolve(pipeline.dir, stage.wdir);
}

/** The cmd as dvc.lock records it: in dvc.yaml's form (DVC writes `stage.cmd` as loaded), a list even of one. */
export function lockCmd(stage: Stage): string | string[] {
  const cmds = stage.cmd.map((c) => c.value);
  return cmds.length === 1 && !stage.cmdList ? (cmds[0] as string) : cmds;
}

/** A stage with a cmd but neither deps nor outs runs every time (DVC's "callback" stage). */
export function isCallback(stage: Stage): boolean {
  return stage.cmd.length > 0 && stage.deps.length === 0 && stage.outs.length === 0;
}

export async function stageStatus(
  ctx: StatusContext,
  pipeline: Pipeline,
  stage: Stage,
  lock: LockStage | undefined,
): Promise<StageStatus> {
  const base = { name: stage.name, file: pipeline.file };
  if (!lock) return { ...base, status: stage.frozen ? 'frozen' : 'never-run', reasons: ['never run'], outs: [] };
  const wdir = stageWdir(pipeline, stage);
  const reasons: string[] = [];
  if (!stage.frozen) {
    if (isCallback(stage) || stage.alwaysChanged) reasons.push('always_changed');
    for (const dep of stage.deps) {
      const abs = path.resolve(wdir, dep.value);
      const state = await entryState(ctx, abs, entryOf(lock.deps, dep.value), false);
      if (state !== 'up-to-date') reasons.push(`dep ${WORD[state]}: ${reasonPath(ctx, abs, dep.value)}`);
    }
    reasons.push(...paramsChanges(stage, wdir, lock));
  }
  const outs: OutState[] = [];
  for (const out of stage.outs) {
    const abs = path.resolve(wdir, out.path.value);
    const state = await entryState(ctx, abs, entryOf(lock.outs, out.path.value), out.cache);
    outs.push({ path: out.path.value, abs, state });
    if (state !== 'up-to-date') reasons.push(`out ${WORD[state]}: ${reasonPath(ctx, abs, out.path.value)}`);
  }
  if (!cmdEquals(lock.cmd, lockCmd(stage))) reasons.push('cmd changed');
  const status = stage.frozen ? 'frozen' : reasons.length > 0 ? 'changed' : 'up-to-date';
  return { ...base, status, reasons, outs };
}

/** A changed entry's word in a reason: `dep changed: x`, `out missing: y`, `out not in cache: z`. */
const WORD: Record<Exclude<EntryState, 'up-to-date'>, string> = {
  modified: 'changed',
  deleted: 'missing',
  'not in cache': 'not in cache',
};

/**
 * The statuses, or why there are none: DVC refuses to load the pipelines (an output `.dvcignore` ignores, a
 * dvc.lock it cannot read), as the runner refuses to run them. Refusals are answers, not exceptions.
 */
export type StatusOutcome = { ok: true; stages: StageStatus[] } | { ok: false; reason: string };

/**
 * Status of every stage of the given pipelines, in file order then stage order. The stages are looked at all at
 * once, so that hashing on a cold cache keeps every pool worker (and the disk's queue) busy across folders.
 */
export async function pipelinesStatus(ctx: StatusContext, pipelines: readonly Pipeline[]): Promise<StatusOutcome> {
  const ignored = ignoredOutputs(
    pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => ({ pipeline, stage }))),
  );
  if (ignored.length > 0) return { ok: false, reason: ignoredOutputsMessage(ignored) };
  // Every lock is read before any stage starts: a refusal then leaves no stage hashing in the background.
  const locks: LockFile[] = [];
  for (const pipeline of pipelines) {
    const read = recordedLock(pipeline);
    if (!read.ok) return { ok: false, reason: read.message };
    locks.push(read.lock);
  }
  const pending: Promise<StageStatus>[] = [];
  let since = performance.now();
  for (const [i, pipeline] of pipelines.entries()) {
    for (const stage of pipeline.stages) {
      const one = stageStatus(ctx, pipeline, stage, locks[i]?.stages[stage.name]);
      // Promise.all below takes its failure; until then, a failure must not count as unhandled during the yields.
      one.catch(() => {});
      pending.push(one);
      // A stage runs on this thread until its first hash is handed to the pool (its folder listed, each file
      // stat'ed). Every few ms the pool's replies are taken and its next batches sent, else the workers sat idle
      // while the stages after the first were listed (90 ms of a cold status over 50 folders of 400 files); not
      // after every stage: a warm pass over thousands of stages would pay a turn of the event loop for each.
      if (performance.now() - since >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  }
  return { ok: true, stages: await Promise.all(pending) };
}

/** How long starting stages may hold the thread before the hash pool's replies are taken (a worker's batch lasts longer). */
const YIELD_MS = 2;

function entryOf(recorded: readonly LockEntry[] | undefined, defPath: string): LockEntry | undefined {
  return recorded?.find((e) => e.path === defPath);
}

/** The state of the path at `abs` against its recorded entry; `cached`: a cached out (deps never are). */
async function entryState(
  ctx: StatusContext,
  abs: string,
  entry: LockEntry | undefined,
  cached: boolean,
): Promise<EntryState> {
  // An entry DVC 2 wrote is compared by DVC 2's hash, and its object is in DVC 3's legacy cache (output.py).
  const name = entryHashName(entry);
  // DVC checks the cache first for cached outs with a recorded hash (output.py `status`).
  if (cached && ctx.dvc && entry?.md5 && !ctx.dvc.has(entry.md5, name)) return 'not in cache';
  const actual: PathHash | undefined = await ctx.hasher.hashPath(abs, name);
  if (!actual) return 'deleted';
  return entry && entry.md5 === actual.md5 ? 'up-to-date' : 'modified';
}

function paramsChanges(stage: Stage, wdir: string, lock: LockStage): string[] {
  const reasons: string[] = [];
  for (const req of paramsRequests(stage, wdir)) {
    const read = loadParamsFile(req.abs);
    if (!read.ok) {
      reasons.push(read.missing ? `params file missing: ${req.file}` : `params unreadable: ${read.message}`);
      continue;
    }
    const recorded = lock.params?.[req.file];
    if (recorded === undefined) {
      reasons.push(`params changed: ${req.file}`);
      continue;
    }
    const actual = currentValues(req, read.data);
    // Whole-file params: the file's keys, then recorded keys that are gone (DVC's order).
    const keys = req.keys ?? [...new Set([...Object.keys(actual), ...Object.keys(recorded)])];
    for (const key of keys) {
      const inActual = Object.hasOwn(actual, key);
      const inLock = Object.hasOwn(recorded, key);
      if (!inActual) reasons.push(`params missing: ${key}`);
      else if (!inLock || !pythonEquals(actual[key], recorded[key])) reasons.push(`params changed: ${key}`);
    }
  }
  return reasons;
}

/** Python's `==` on the two cmds, as DVC compares them: a string never equals a list, even of one. */
function cmdEquals(a: string | string[], b: string | string[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** A stage output (outs, metrics or plots) that `.dvcignore` ignores, and the rule that does. */
export interface IgnoredOutput {
  stage: string;
  /** The stage's dvc.yaml (absolute). */
  pipelineFile: string;
  out: Output;
  pattern: string;
  /** The `.dvcignore` holding the rule (absolute) and its line; absent for DVC's built-in rules. */
  at?: { file: string; line: number };
}

/**
 * The outputs of `stages` that DVC refuses because `.dvcignore` ignores them: DVC then fails every command that
 * loads such a stage (`dvc status`, `dvc repro`, `dvc dag`: "Path '…' is ignored by .dvcignore:7:out.txt"), and
 * fails a stage whose output becomes an ignored folder when it runs. Ignored deps are accepted (an ignored folder
 * hashes as empty). Top-level `metrics:` and `plots:` are not outputs and are not checked.
 */
export function ignoredOutputs(stages: readonly { pipeline: Pipeline; stage: Stage }[]): IgnoredOutput[] {
  const reader = new DvcIgnoreReader();
  const found: IgnoredOutput[] = [];
  for (const { pipeline, stage } of stages) {
    const wdir = stageWdir(pipeline, stage);
    for (const out of stage.outs) {
      const by = reader.outputIgnoredBy(path.resolve(wdir, out.path.value), pipeline.dir);
      if (!by) continue;
      const at = by.rule.at && { file: path.join(by.root, by.rule.at.file), line: by.rule.at.line };
      found.push({
        stage: stage.name,
        pipelineFile: pipeline.file,
        out,
        pattern: by.rule.pattern,
        ...(at ? { at } : {}),
      });
    }
  }
  return found;
}

/** Says which rules ignore which outputs, and how to fix it; one line per output (the first ten). */
export function ignoredOutputsMessage(found: readonly IgnoredOutput[]): string {
  const lines = found.slice(0, 10).map((i) => `  ${ignoredOutputLine(i)}`);
  if (found.length > 10) lines.push(`  … and ${found.length - 10} more`);
  return `DVC refuses this pipeline: .dvcignore ignores outputs of its stages. Remove or narrow each rule below, or change the output's path:\n${lines.join('\n')}`;
}

/** `/repo/.dvcignore:7: 'out.txt' ignores output 'out.txt' of stage 'train' (/repo/dvc.yaml)`. */
export function ignoredOutputLine(i: IgnoredOutput): string {
  const rule = i.at ? `${i.at.file}:${i.at.line}: '${i.pattern}'` : `DVC's built-in rule '${i.pattern}'`;
  const kind = i.out.kind === 'outs' ? 'output' : `${i.out.kind} output`;
  return `${rule} ignores ${kind} '${i.out.path.value}' of stage '${i.stage}' (${i.pipelineFile})`;
}
