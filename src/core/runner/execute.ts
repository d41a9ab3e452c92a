// Runs a plan: independent stages in parallel up to `jobs`, each stage when its upstream is done and only if
// it needs to run (forced, or not up to date at that moment — as `dvc repro` decides). A stage's outputs are
// removed first unless persist; then its outputs come back from the DVC cache when dvc.lock or the run cache
// holds them for its current inputs (restore-outputs.ts), else its commands run in turn in its wdir through the
// user's shell; on success its outputs are hashed, saved to the DVC cache (in a DVC repository) and its dvc.lock
// entry written (stage-entry.ts). A failure blocks what depends on it while independent stages finish; cancelling kills the process trees.
// A `.dvc` file's stage has no command: its changed data is committed (data-source.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../fs';
import { outsideProject, projectRoot } from '../pipeline/containment';
import type { MetricPoint } from '../tracking/types';
import { recordedLock, reproduceDataSource } from './data-source';
import type { DvcCache } from './dvc-cache';
import type { Hasher } from './hash';
import { currentValues, loadParamsFile, paramsRequests } from './params';
import type { Plan } from './plan';
import type { GroupTracker } from './process';
import { runShell } from './process';
import { restoreOutputs } from './restore-outputs';
import { saveStageOutputs } from './stage-entry';
import { UP_TO_DATE } from './stage-view';
import { stageStatus, stageWdir } from './status';
import type { StageNode, Workspace } from './workspace';

/** BLOCKED: not run because an upstream stage failed, or the run was cancelled before its turn. */
export type StageOutcome = 'FINISHED' | 'SKIPPED' | 'FAILED' | 'KILLED' | 'BLOCKED';

export interface StageResult {
  id: string;
  outcome: StageOutcome;
  startTime: number;
  endTime: number;
  durationMs: number;
  /** Exit code of the command that ended the stage, when it ran. */
  exitCode?: number;
  /** Why it ran (status reasons), or why it did not / failed. */
  reasons: string[];
  /** For FAILED: what went wrong, including the last lines of its log. */
  error?: string;
}

export interface RunEvents {
  stageStart?(node: StageNode, reasons: string[]): void | Promise<void>;
  log?(node: StageNode, text: string, stream: 'stdout' | 'stderr'): void;
  stageEnd?(node: StageNode, result: StageResult): void | Promise<void>;
  /**
   * Points the run's tracking store received from elsewhere while it runs — a Ray job logs to MLflow itself, and
   * its executor reads the latest back — told to whoever shows a running run (they are recorded already).
   */
  metrics?(points: readonly MetricPoint[]): void;
}

export interface ExecuteOptions {
  ws: Workspace;
  /** The run these stages belong to (a remote executor reports into it). */
  runId: string;
  /** Its name (an experiment's name): a remote executor names its job after it. */
  runName: string;
  plan: Plan;
  jobs: number;
  force: boolean;
  signal: AbortSignal;
  /** Environment of a stage's processes (PATH with the venv, run and live-metrics variables). */
  env(node: StageNode): NodeJS.ProcessEnv;
  hasher: Hasher;
  dvc?: DvcCache;
  /** False for `--no-run-cache`: outputs are restored from dvc.lock's entry only, never from an earlier run. */
  runCache?: boolean;
  events?: RunEvents;
  /** Told about the stages' process groups while they run (the workspace lock keeps them for recovery). */
  groups?: GroupTracker;
}

/**
 * Where a plan's commands run. The default, `executePlan`, runs them here as processes; a remote executor
 * (executors/ray) runs them elsewhere and brings their outputs back, then saves them as a local run does.
 * Either way it reports through `events` and returns one result per planned stage.
 */
export type PlanExecutor = (opts: ExecuteOptions) => Promise<StageResult[]>;

const TAIL_LINES = 20;

export async function executePlan(opts: ExecuteOptions): Promise<StageResult[]> {
  const inPlan = new Set(opts.plan.stages);
  const results = new Map<string, StageResult>();
  const pending = [...opts.plan.stages];
  const jobs = Math.max(1, opts.jobs);
  let running = 0;

  await new Promise<void>((resolveAll) => {
    const pump = (): void => {
      for (let i = 0; i < pending.length && running < jobs; ) {
        const id = pending[i] as string;
        const ups = (opts.ws.graph.upstream.get(id) ?? []).filter((u) => inPlan.has(u));
        if (!ups.every((u) => results.has(u))) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        const failedUp = ups.filter((u) =>
          ['FAILED', 'KILLED', 'BLOCKED'].includes((results.get(u) as StageResult).outcome),
        );
        if (failedUp.length > 0 || opts.signal.aborted) {
          const reasons = opts.signal.aborted
            ? ['run cancelled']
            : failedUp.map((u) => `upstream did not finish: ${u}`);
          const now = Date.now();
          const result: StageResult = { id, outcome: 'BLOCKED', startTime: now, endTime: now, durationMs: 0, reasons };
          results.set(id, result);
          void Promise.resolve(opts.events?.stageEnd?.(node(opts.ws, id), result)).then(pump);
          return;
        }
        running++;
        void runStage(opts, node(opts.ws, id)).then(async (result) => {
          results.set(id, result);
          await opts.events?.stageEnd?.(node(opts.ws, id), result);
          running--;
          pump();
        });
      }
      if (pending.length === 0 && running === 0) resolveAll();
    };
    pump();
  });
  return opts.plan.stages.map((id) => results.get(id) as StageResult);
}

function node(ws: Workspace, id: string): StageNode {
  return ws.nodes.get(id) as StageNode;
}

async function runStage(opts: ExecuteOptions, n: StageNode): Promise<StageResult> {
  const startTime = Date.now();
  const done = (outcome: StageOutcome, reasons: string[], extra: Partial<StageResult> = {}): StageResult => {
    const endTime = Date.now();
    return { id: n.id, outcome, startTime, endTime, durationMs: endTime - startTime, reasons, ...extra };
  };
  const { pipeline, stage } = n;
  const wdir = stageWdir(pipeline, stage);
  const tail: string[] = [];
  const log = (text: string, stream: 'stdout' | 'stderr'): void => {
    opts.events?.log?.(n, text, stream);
    tail.push(...text.split('\n').filter((l) => l !== ''));
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  };
  try {
    const read = recordedLock(pipeline);
    if (!read.ok) return done('FAILED', [], { error: read.message });
    const status = await stageStatus(
      { hasher: opts.hasher, dvc: opts.dvc },
      pipeline,
      stage,
      read.lock.stages[stage.name],
    );
    if (!opts.force && status.status === 'up-to-date') return done('SKIPPED', [UP_TO_DATE]);
    const reasons = opts.force ? ['forced', ...status.reasons] : status.reasons;
    if (pipeline.dataSource) {
      const step = await reproduceDataSource(opts, n, pipeline.dataSource, {
        force: opts.force,
        statusReasons: status.reasons,
        reasons,
        onStart: () => opts.events?.stageStart?.(n, reasons),
      });
      if (step.outcome === 'up-to-date') return done('SKIPPED', [UP_TO_DATE]);
      return done(step.outcome, step.reasons, step.outcome === 'FAILED' ? { error: step.error } : {});
    }

    const problems = preflight(n, wdir);
    if (problems.length > 0) return done('FAILED', reasons, { error: problems.join('\n') });

    // Validation refuses these already (a blocking error); checked again right before deleting, links resolved.
    const root = projectRoot(pipeline.dir, nodeFileSystem);
    for (const out of stage.outs) {
      const problem = outsideProject(root, path.resolve(wdir, out.path.value));
      if (problem)
        return done('FAILED', reasons, {
          error: `stage '${n.id}': output '${out.path.value}' ${problem}; nothing was deleted or run.`,
        });
    }
    await opts.events?.stageStart?.(n, reasons);
    const env = opts.env(n);
    for (const out of stage.outs)
      if (!out.persist) fs.rmSync(path.resolve(wdir, out.path.value), { recursive: true, force: true });

    const restored = opts.force ? undefined : await restoreOutputs(opts, n, wdir, opts.runCache !== false);
    if (restored)
      log(`Stage '${n.id}' is cached - skipping run, checking out outputs (from the ${restored})\n`, 'stdout');
    // A command may write anywhere: nothing placed by a checkout is taken as it is from here on (see run.ts).
    else opts.hasher.forgetPlaced();
    for (const cmd of restored ? [] : stage.cmd) {
      log(`> ${cmd.value}\n`, 'stdout');
      const r = await runShell(cmd.value, { cwd: wdir, env, signal: opts.signal, onOutput: log, groups: opts.groups });
      if (opts.signal.aborted) return done('KILLED', reasons, r.code === null ? {} : { exitCode: r.code });
      if (r.code !== 0) {
        const how = r.code === null ? `was killed by ${r.signal}` : `failed with exit code ${r.code}`;
        return done('FAILED', reasons, {
          ...(r.code === null ? {} : { exitCode: r.code }),
          error: `stage '${n.id}' ${how}: ${cmd.value}\n${tail.map((l) => `  ${l}`).join('\n')}`,
        });
      }
    }
    const saved = await saveStageOutputs(opts, n, wdir);
    if (saved !== undefined) return done('FAILED', reasons, { exitCode: 0, error: saved });
    return done('FINISHED', reasons, { exitCode: 0 });
  } catch (err) {
    return done('FAILED', [], { error: `stage '${n.id}': ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** What DVC refuses before running: missing deps, missing params files or keys. */
function preflight(n: StageNode, wdir: string): string[] {
  const problems: string[] = [];
  for (const dep of n.stage.deps) {
    if (!fs.existsSync(path.resolve(wdir, dep.value)))
      problems.push(
        `stage '${n.id}': dependency '${dep.value}' does not exist; create it or add the stage that writes it.`,
      );
  }
  for (const req of paramsRequests(n.stage, wdir)) {
    const read = loadParamsFile(req.abs);
    if (!read.ok) {
      problems.push(`stage '${n.id}': ${read.message}`);
      continue;
    }
    const values = currentValues(req, read.data);
    for (const key of req.keys ?? [])
      if (!Object.hasOwn(values, key))
        problems.push(
          `stage '${n.id}': param '${key}' is missing from ${req.file}; add it or remove it from the stage's params.`,
        );
  }
  return problems;
}
