// One `run` of the workspace's pipelines, start to end: check the pipelines, take the workspace lock,
// record the run, execute the plan, finish the record, release the lock. The CLI, the task provider and
// the extension's CodeLens all call this.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { RUN_ID_ENV } from '../tracking/live';
import { workspaceStoreDir } from '../tracking/local/layout';
import type { GitInfo, TerminalStatus, TrackingStore } from '../tracking/types';
import type { Placed } from './checkout';
import { DvcCache } from './dvc-cache';
import type { PlanExecutor, RunEvents, StageResult } from './execute';
import { executePlan } from './execute';
import { gitInfo } from './git-info';
import { Hasher } from './hash';
import { HashCache } from './hash-cache';
import { paramStrings } from './metrics-files';
import { currentValues, loadParamsFile, paramsRequests } from './params';
import { makePlan } from './plan';
import { killOrphans } from './process';
import { Recorder } from './record';
import { RunLock } from './run-lock';
import { pythonEnv, type PythonEnvOptions } from '../python-env';
import { ignoredOutputs, ignoredOutputsMessage, stageWdir } from './status';
import { isUnder, resolveTargets } from './targets';
import type { StageNode, Workspace } from './workspace';
import { blockingErrors, loadWorkspace } from './workspace';

/** `env` and `pythonBin`: the stage processes' environment (see python-env.ts). */
export interface RunOptions extends PythonEnvOptions {
  root: string;
  /** The pipelines, when the caller has them loaded already; default: every dvc.yaml under root. */
  workspace?: Workspace;
  /** The working folder targets are read from (default: root, which may hold it: see projectRoot). */
  cwd?: string;
  /** Targets as `dvc repro` takes them (targets.ts), relative to cwd; empty = every stage of a dvc.yaml under cwd. */
  targets?: string[];
  /** `-R`: a folder target means every stage under it. */
  recursive?: boolean;
  downstream?: boolean;
  single?: boolean;
  force?: boolean;
  /** False for `--no-run-cache` (see ExecuteOptions.runCache). */
  runCache?: boolean;
  jobs?: number;
  experiment?: string;
  /** Name of the recorded run (default: `run-<time>`); an experiment's name. */
  runName?: string;
  /** Tags set on the recorded run when it starts (an experiment's name, baseline and ref). */
  tags?: Record<string, string>;
  /** Where the run is recorded; none = not recorded. */
  store?: TrackingStore;
  signal?: AbortSignal;
  events?: RunEvents;
  /** Told the recorded run's id as soon as it exists (a queue worker writes it into its entry at once). */
  onRunStarted?(runId: string): void;
  /** Where the commands run; default: here, as processes (executePlan). */
  executor?: PlanExecutor;
  /**
   * The workspace's hash cache, when the caller holds one (an isolated workspace's, in memory, taught by its
   * checkout); default: the one kept in the workspace's `.mlops/`.
   */
  hashCache?: HashCache;
  /** What the caller's checkout just put in place (checkout.ts): known as it is until the first stage starts. */
  placed?: Placed;
  /**
   * The git facts the run is recorded with (git-info.ts), when the caller asked for them early: an isolated
   * experiment asks before its checkout, so the git process runs while the data folder is walked.
   */
  gitInfo?: Promise<GitInfo | null>;
}

export interface RunReport {
  runId: string;
  experiment: string;
  status: TerminalStatus;
  stages: StageResult[];
  /** Not-fatal problems: tracking backend errors, the abandoned run that was marked failed, the processes it left that were killed. */
  warnings: string[];
}

/** A run either happened (whatever its status) or was refused before anything executed. */
export type RunOutcome = { ok: true; report: RunReport } | { ok: false; message: string };

export const DEFAULT_EXPERIMENT = 'Default';

export async function runPipelines(opts: RunOptions): Promise<RunOutcome> {
  const ws = opts.workspace ?? loadWorkspace(opts.root);
  const cwd = opts.cwd ?? ws.root;
  const errors = blockingErrors(ws);
  if (errors.length > 0) {
    const lines = errors
      .slice(0, 10)
      .map(
        (e) =>
          `${path.relative(cwd, e.file)}:${e.diagnostic.range.start.line + 1}:${e.diagnostic.range.start.character + 1}: ${e.diagnostic.message}`,
      );
    return {
      ok: false,
      message: `the pipeline has errors; fix them first (mlops validate lists them all):\n${lines.join('\n')}`,
    };
  }
  if (ws.cycles.length > 0) {
    return {
      ok: false,
      message: `the pipeline has a dependency cycle: ${ws.cycles.map((c) => [...c, c[0]].join(' → ')).join('; ')}. Break it by removing one of those deps.`,
    };
  }
  // With no target, `dvc repro` reproduces the pipelines' stages; a `.dvc` file only as the upstream of one of them.
  // From a subfolder, the pipelines under it (and what they need from elsewhere in the repository).
  const pipelineStages = [...ws.nodes.values()]
    .filter((n) => !n.pipeline.dataSource && isUnder(cwd, n.pipeline.file))
    .map((n) => n.id);
  if (pipelineStages.length === 0 && (opts.targets ?? []).length === 0)
    return { ok: false, message: `no stages found: no dvc.yaml with stages under ${cwd}.` };
  const targets = resolveTargets(ws, cwd, opts.targets ?? [], opts.recursive);
  if (!targets.ok) return targets;
  const plan = makePlan(ws.graph, {
    targets: targets.ids.length > 0 ? targets.ids : pipelineStages,
    downstream: opts.downstream,
    single: opts.single,
  });
  // DVC loads every stage of the repository to reproduce, but only the targets with --single-item.
  const loaded = opts.single
    ? [...plan.stages, ...plan.frozen].map((id) => ws.nodes.get(id) as StageNode)
    : [...ws.nodes.values()];
  const ignored = ignoredOutputs(loaded);
  if (ignored.length > 0) return { ok: false, message: ignoredOutputsMessage(ignored) };

  const provisionalId = randomUUID().replace(/-/g, '');
  const acquired = RunLock.acquire(ws.root, provisionalId);
  if (!acquired.ok) return { ok: false, message: acquired.message };
  const lock = acquired.lock;
  const warnings: string[] = [];
  const hashCache = opts.hashCache ?? HashCache.forWorkspace(ws.root);
  let recorder: Recorder | undefined;
  try {
    const experiment = opts.experiment ?? DEFAULT_EXPERIMENT;
    if (acquired.abandoned) {
      // Its stages' processes outlived it: they go before anything of this run starts.
      const orphans = await killOrphans(acquired.abandoned.groups ?? [], `${RUN_ID_ENV}=${acquired.abandoned.runId}`);
      const killed = orphans.killed.map((k) => `pid ${k.pid} (${k.cmd})`);
      if (killed.length > 0)
        warnings.push(
          `killed ${killed.length} process(es) the interrupted run ${acquired.abandoned.runId} left running: ${killed.join(', ')}.`,
        );
      warnings.push(...orphans.spared);
    }
    if (acquired.abandoned && opts.store) {
      await Recorder.markAbandoned(opts.store, acquired.abandoned.runId, warnings);
      warnings.push(
        `a previous run (${acquired.abandoned.runId}, pid ${acquired.abandoned.pid}) was interrupted; it is marked FAILED.`,
      );
    }
    const runName =
      opts.runName ?? `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}`;
    recorder = opts.store
      ? await Recorder.begin(
          opts.store,
          workspaceStoreDir(ws.root),
          experiment,
          runName,
          await (opts.gitInfo ?? gitInfo(ws.root)),
          warnings,
        )
      : undefined;
    const runId = recorder?.runId ?? provisionalId;
    if (runId !== provisionalId) {
      lock.setRunId(runId);
      opts.onRunStarted?.(runId);
    }

    if (opts.tags) recorder?.tags(opts.tags);
    recorder?.params(planParams(ws, plan.stages));
    const rec = recorder;
    const env = (n: StageNode): NodeJS.ProcessEnv =>
      pythonEnv(ws.root, opts, rec ? rec.stageEnv(n) : { [RUN_ID_ENV]: runId });
    const signal = opts.signal ?? new AbortController().signal;
    const dvc = opts.placed?.cache ?? DvcCache.find(ws.root);
    const hasher = new Hasher(hashCache, dvc?.repoRoot, undefined, opts.placed?.hashes);
    const events: RunEvents = {
      stageStart: async (n, reasons) => {
        // Every executor says so before a stage writes anything: what was placed may change from here on — here
        // the stage's outputs (deleted, or restored from the cache); executePlan forgets the rest as a command
        // starts, so the run-cache lookup before it reads the deps as placed (20,000 linked files not walked). A
        // stage another executor runs may write anywhere once started.
        hasher.forgetPlaced(opts.executor ? undefined : outputPaths(n));
        rec?.stageStarted(n, Date.now());
        await opts.events?.stageStart?.(n, reasons);
      },
      log: (n, text, stream) => {
        rec?.log(n, text);
        opts.events?.log?.(n, text, stream);
      },
      stageEnd: async (n, r) => {
        await rec?.stageEnded(n, r);
        await opts.events?.stageEnd?.(n, r);
      },
      metrics: opts.events?.metrics,
    };
    const stages = await (opts.executor ?? executePlan)({
      ws,
      runId,
      runName,
      plan,
      jobs: opts.jobs ?? 1,
      force: opts.force ?? false,
      runCache: opts.runCache ?? true,
      signal,
      env,
      hasher,
      dvc,
      events,
      groups: lock,
    });
    const status: TerminalStatus = signal.aborted
      ? 'KILLED'
      : stages.some((s) => s.outcome === 'FAILED' || s.outcome === 'KILLED')
        ? 'FAILED'
        : 'FINISHED';
    if (rec) {
      const failed = stages.find((s) => s.outcome === 'FAILED');
      if (failed?.error) rec.tags({ 'mlops.failure': failed.error.slice(0, 4000) });
      await rec.finish(status);
      warnings.push(...rec.warnings);
    }
    return { ok: true, report: { runId, experiment, status, stages, warnings } };
  } catch (err) {
    // An unexpected error must not leave the recorded run RUNNING forever.
    await recorder?.finish('FAILED');
    throw err;
  } finally {
    hashCache.save();
    lock.release();
  }
}

/** Where the stage's outputs are. */
function outputPaths(n: StageNode): string[] {
  const wdir = stageWdir(n.pipeline, n.stage);
  return n.stage.outs.map((o) => path.resolve(wdir, o.path.value));
}

/** Params values of the planned stages as strings; nested sections flattened (`prepare.seed`). */
function planParams(ws: Workspace, ids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const n = ws.nodes.get(id);
    if (!n) continue;
    for (const req of paramsRequests(n.stage, stageWdir(n.pipeline, n.stage))) {
      const read = loadParamsFile(req.abs);
      if (read.ok) Object.assign(out, paramStrings(currentValues(req, read.data)));
    }
  }
  return out;
}
