// The Ray implementation of the runner's PlanExecutor: the same `mlops run` / experiment, with the commands
// run as one Ray job instead of local processes. Everything around it — pipeline checks, the workspace
// lock, the tracking run, dvc.lock — is the local runner's, so a run on Ray leaves the workspace exactly as
// a local run would.
//
// What is decided here, before submitting (the cluster only runs what it is given): which stages run — a
// stage runs when forced, when it is not up to date, or when an upstream stage of the plan runs (DVC would
// re-check after the upstream ran; a remote plan cannot, so it is the safe superset) — and where the
// inputs that are neither in git nor made by the job come from: the DVC remote (`dvc pull` on the worker),
// a folder every node mounts, or nowhere (then the run is refused with the paths and the two ways to fix it).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MlflowClient } from '../../tracking/mlflow/client';
import type { ExecuteOptions, PlanExecutor, StageResult } from '../../runner/execute';
import { saveStageOutputs } from '../../runner/stage-entry';
import { recordedLock, reproduceDataSource } from '../../runner/data-source';
import { stageStatus, stageWdir } from '../../runner/status';
import { UP_TO_DATE } from '../../runner/stage-view';
import type { StageNode } from '../../runner/workspace';
import { RayError, type RayJobsClient } from './jobs-client';
import { runOnRay, type RemoteData, type RemoteStage } from './ray-job';
import { followRunMetrics } from './run-metrics';

/** Where inputs that are not in git come from on the cluster. */
export type RayDataSource = { kind: 'dvc-remote' } | { kind: 'shared-path'; path: string } | { kind: 'none' };

export interface RayExecutorOptions {
  ray: RayJobsClient;
  mlflow: MlflowClient;
  /**
   * Reads back the metrics a running job logged, for whoever shows the run live (`events.metrics`): a client of
   * the same server whose reads are not retried (a later read replaces a failed one).
   */
  metricsReader: MlflowClient;
  trackingUri: string;
  trackingToken?: string;
  data: RayDataSource;
  numCpus?: number;
  pollMs?: number;
  lostAfterMs?: number;
  /** Told the job's submission id as soon as Ray gives it (the experiments table links to its logs). */
  onSubmitted?(jobId: string): void;
}

const STAGE_LINE = /^\[mlops\] running stage (.+)$/;
// A stage's end, with how long it ran as the entrypoint measured it on the node.
const FAILED_LINE = /^\[mlops\] stage (.+) failed with exit code (\d+) after (\d+(?:\.\d+)?) s$/;
const FINISHED_LINE = /^\[mlops\] stage (.+) finished in (\d+(?:\.\d+)?) s$/;

export function rayExecutor(o: RayExecutorOptions): PlanExecutor {
  return async (opts: ExecuteOptions): Promise<StageResult[]> => {
    const started = Date.now();
    const decided = await decideStages(opts);
    const results = new Map<string, StageResult>();
    // When each stage ran: it ended when its end line arrived here, and lasted what the entrypoint measured on
    // the node (the log arrives by polling: a stage's start and end lines read together would make it last 0 s).
    // A stage that never ended spans from its start line's arrival, or the job's, to now.
    const began = new Map<string, number>();
    const ended = new Map<string, { at: number; ms: number }>();
    const result = (
      id: string,
      outcome: StageResult['outcome'],
      reasons: string[],
      extra: Partial<StageResult> = {},
    ) => {
      const end = ended.get(id);
      const endTime = end?.at ?? Date.now();
      const startTime = end ? endTime - end.ms : (began.get(id) ?? started);
      const r: StageResult = {
        id,
        outcome,
        startTime,
        endTime,
        durationMs: endTime - startTime,
        reasons,
        ...extra,
      };
      results.set(id, r);
      return r;
    };
    for (const d of decided)
      if (!d.run) await opts.events?.stageEnd?.(d.node, result(d.node.id, 'SKIPPED', [UP_TO_DATE]));
    // A changed `.dvc` file's data is here: it is committed here, as a local run commits it, before the job
    // (whose package then carries the new .dvc file). A stage downstream of one that failed does not run.
    const stopped = new Set<string>();
    const remote: StageNode[] = [];
    for (const d of decided) {
      if (!d.run) continue;
      const ds = d.node.pipeline.dataSource;
      const failedUp = (opts.ws.graph.upstream.get(d.node.id) ?? []).filter((u) => stopped.has(u));
      if (failedUp.length > 0) {
        stopped.add(d.node.id);
        const why = failedUp.map((u) => `upstream did not finish: ${u}`);
        await opts.events?.stageEnd?.(d.node, result(d.node.id, 'BLOCKED', why));
      } else if (ds) {
        const step = await reproduceDataSource(opts, d.node, ds, {
          force: opts.force,
          statusReasons: d.statusReasons,
          reasons: d.reasons,
          onStart: () => opts.events?.stageStart?.(d.node, d.reasons),
        });
        if (step.outcome === 'FAILED') stopped.add(d.node.id);
        const r =
          step.outcome === 'up-to-date'
            ? result(d.node.id, 'SKIPPED', [UP_TO_DATE])
            : result(d.node.id, step.outcome, step.reasons, step.outcome === 'FAILED' ? { error: step.error } : {});
        await opts.events?.stageEnd?.(d.node, r);
      } else remote.push(d.node);
    }
    if (remote.length > 0) {
      const byId = new Map(remote.map((n) => [n.id, n]));
      const reasonsOf = new Map(decided.map((d) => [d.node.id, d.reasons]));
      let current: StageNode | undefined;
      let failed: { id: string; code: number } | undefined;
      let partial = '';
      const onLine = (line: string): void => {
        const start = STAGE_LINE.exec(line);
        const fail = FAILED_LINE.exec(line);
        const end = FINISHED_LINE.exec(line)?.slice(1) ?? (fail ? [fail[1], fail[3]] : undefined);
        if (end && byId.has(end[0]!)) ended.set(end[0]!, { at: Date.now(), ms: Math.round(Number(end[1]) * 1000) });
        if (start && byId.has(start[1]!)) {
          current = byId.get(start[1]!)!;
          began.set(current.id, Date.now());
          void opts.events?.stageStart?.(current, reasonsOf.get(current.id) ?? []);
        } else if (fail) failed = { id: fail[1]!, code: Number(fail[2]) };
        else if (current && line.startsWith(`[${current.id}] `))
          opts.events?.log?.(current, `${line.slice(current.id.length + 3)}\n`, 'stdout');
      };
      const files = filesToSend(opts.ws.root);
      const showMetrics = opts.events?.metrics;
      let metrics: { stop(): void } | undefined;
      const outcome = await runOnRay(
        o.ray,
        o.mlflow,
        {
          name: opts.runName,
          workspace: opts.ws.root,
          files,
          perJob: paramsFiles(opts.ws.root, remote, files),
          stages: remote.map((n) => remoteStage(opts.ws.root, n)),
          data: dataFor(opts.ws.root, remote, o.data, files),
          runId: opts.runId,
          trackingUri: o.trackingUri,
          trackingToken: o.trackingToken,
          numCpus: o.numCpus,
        },
        {
          signal: opts.signal,
          pollMs: o.pollMs,
          lostAfterMs: o.lostAfterMs,
          onSubmitted: (jobId) => {
            o.onSubmitted?.(jobId);
            // The job logs its points to MLflow itself: read back while it runs, for a running row to show.
            if (showMetrics) metrics = followRunMetrics(o.metricsReader, opts.runId, showMetrics);
          },
          onLog: (text) => {
            const lines = (partial + text).split('\n');
            partial = lines.pop() ?? '';
            for (const l of lines) onLine(l);
          },
          beforeCollect: () => {
            // As a local run does before a command: stale files of a non-persistent output must not survive.
            for (const n of remote)
              for (const out of n.stage.outs)
                if (!out.persist)
                  rmSync(path.resolve(stageWdir(n.pipeline, n.stage), out.path.value), {
                    recursive: true,
                    force: true,
                  });
          },
        },
      ).finally(() => metrics?.stop());
      if (outcome.state === 'SUCCEEDED') {
        for (const n of remote) {
          const error = await saveStageOutputs(opts, n, stageWdir(n.pipeline, n.stage));
          const r = error
            ? result(n.id, 'FAILED', reasonsOf.get(n.id) ?? [], { exitCode: 0, error })
            : result(n.id, 'FINISHED', reasonsOf.get(n.id) ?? [], { exitCode: 0 });
          await opts.events?.stageEnd?.(n, r);
        }
      } else {
        const why =
          outcome.state === 'KILLED'
            ? `the Ray job ${outcome.jobId} was stopped`
            : failed
              ? `the Ray job failed at stage ${failed.id}`
              : `the Ray job failed: ${outcome.reason}`;
        for (const n of remote) {
          const r =
            outcome.state === 'KILLED'
              ? result(n.id, 'KILLED', [why])
              : failed?.id === n.id
                ? result(n.id, 'FAILED', reasonsOf.get(n.id) ?? [], {
                    exitCode: failed.code,
                    error: `stage '${n.id}' failed on Ray with exit code ${failed.code}`,
                  })
                : failed
                  ? result(n.id, 'BLOCKED', [
                      `${why}; outputs are brought back only when every stage of the job succeeds`,
                    ])
                  : result(n.id, 'FAILED', [why], { error: why });
          await opts.events?.stageEnd?.(n, r);
        }
      }
    }
    return opts.plan.stages.map((id) => results.get(id) as StageResult);
  };
}

interface Decided {
  node: StageNode;
  run: boolean;
  reasons: string[];
  /** Why its status is not up to date (none for a frozen `.dvc` file that did not change). */
  statusReasons: string[];
}

async function decideStages(opts: ExecuteOptions): Promise<Decided[]> {
  const runs = new Set<string>();
  const decided: Decided[] = [];
  for (const id of opts.plan.stages) {
    const node = opts.ws.nodes.get(id) as StageNode;
    // A `.dvc` file's stage is decided against the hashes it records, as the local runner decides it.
    const read = recordedLock(node.pipeline);
    if (!read.ok) throw new RayError('rejected', read.message);
    const status = await stageStatus(
      { hasher: opts.hasher, dvc: opts.dvc },
      node.pipeline,
      node.stage,
      read.lock.stages[node.stage.name],
    );
    const ups = (opts.ws.graph.upstream.get(id) ?? []).filter((u) => runs.has(u));
    const reasons = opts.force
      ? ['forced', ...status.reasons]
      : status.status !== 'up-to-date'
        ? status.reasons
        : ups.length > 0
          ? ups.map((u) => `upstream runs on Ray: ${u}`)
          : [];
    const run = opts.force || status.status !== 'up-to-date' || ups.length > 0;
    if (run) runs.add(id);
    decided.push({ node, run, reasons, statusReasons: status.reasons });
  }
  return decided;
}

function remoteStage(root: string, n: StageNode): RemoteStage {
  const wdir = stageWdir(n.pipeline, n.stage);
  return {
    id: n.id,
    cmd: n.stage.cmd.map((c) => c.value),
    wdir: toPosix(path.relative(root, wdir)),
    outs: n.stage.outs.map((o) => toPosix(path.relative(root, path.resolve(wdir, o.path.value)))),
  };
}

/**
 * What git would carry from the workspace: every file its .gitignore rules do not ignore (so DVC outputs,
 * the cache and our own .mlops/ stay home). Listed against an empty index, because an experiment's isolated
 * workspace is a checkout without a .git of its own: there, the repository's own index knows none of them.
 */
function filesToSend(root: string): string[] {
  const gitDir = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const emptyIndex = path.join(os.tmpdir(), `mlops-ray-index-${process.pid}-${Date.now()}`);
  try {
    const out = execFileSync(
      'git',
      ['--git-dir', gitDir, '--work-tree', root, 'ls-files', '-z', '--others', '--exclude-standard'],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, GIT_INDEX_FILE: emptyIndex } },
    );
    return out.split('\0').filter((f) => f !== '' && !f.startsWith('.mlops/'));
  } finally {
    rmSync(emptyIndex, { force: true });
  }
}

/** The params files the remote stages read: what the experiments of a sweep differ in. */
function paramsFiles(root: string, remote: StageNode[], files: string[]): string[] {
  const sent = new Set(files);
  const read = remote.flatMap((n) =>
    n.stage.params.map((p) => toPosix(path.relative(root, path.resolve(stageWdir(n.pipeline, n.stage), p.file.value)))),
  );
  return [...new Set(read)].filter((f) => sent.has(f));
}

/** Inputs of the remote stages that neither the package nor an earlier remote stage provides. */
function dataFor(root: string, remote: StageNode[], source: RayDataSource, files: string[]): RemoteData {
  const sent = new Set(files);
  const made = new Set(remote.flatMap((n) => remoteStage(root, n).outs));
  const needed = new Set<string>();
  for (const n of remote) {
    const wdir = stageWdir(n.pipeline, n.stage);
    for (const dep of n.stage.deps) {
      const rel = toPosix(path.relative(root, path.resolve(wdir, dep.value)));
      const covered = (p: string) => p === rel || rel.startsWith(`${p}/`);
      if ([...made].some(covered) || sent.has(rel) || [...sent].some((f) => f.startsWith(`${rel}/`))) continue;
      needed.add(rel);
    }
  }
  if (needed.size === 0) return {};
  const paths = [...needed].sort();
  switch (source.kind) {
    case 'dvc-remote':
      return { pull: paths };
    case 'shared-path':
      return { links: paths.map((p) => ({ path: p, source: path.posix.join(source.path, p) })) };
    case 'none':
      throw new RayError(
        'rejected',
        `the stages to run on Ray read ${paths.join(', ')}, which are not in git and no stage of the job makes — let the cluster pull them from the DVC remote (mlops.ray.data: "dvc-remote", after \`dvc push\`) or read them from a folder every node mounts (mlops.ray.data: "shared-path" and mlops.ray.sharedDataPath)`,
      );
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
