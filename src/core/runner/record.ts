// Records one runner invocation as one tracking run: params used, metrics (files after each stage, live
// JSON lines and DVCLive histories while it runs), histories from plots files, git info, per-stage status
// and durations, logs per stage.
// A tracking backend that fails (e.g. an MLflow server that went away) never fails the pipeline: the
// problem is kept as a warning and reported at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DvcLiveIngester } from '../tracking/dvclive';
import {
  follow,
  liveMetricsFile,
  LiveMetricsIngester,
  stageEnv,
  type IngestProblem,
  type Poller,
} from '../tracking/live';
import { tapMetrics } from '../tracking/metrics-tap';
import { experimentNamed } from '../tracking/log-run';
import type { GitInfo, MetricPoint, Run, StageRecord, TerminalStatus, TrackingStore } from '../tracking/types';
import type { StageResult } from './execute';
import { lockPathFor, readLock } from './lock';
import { readMetricsFile, readPlotsHistory } from './metrics-files';
import { stageWdir } from './status';
import type { StageNode } from './workspace';

export class Recorder {
  readonly warnings: string[] = [];
  /** Per-key chains keep each stage's records and log appends in order. */
  private chains = new Map<string, Promise<void>>();
  private pending = new Set<Promise<void>>();
  /** Metrics the stages streamed live; a plots file's series of the same name is the same data again. */
  private liveKeys = new Set<string>();
  /** Live followers of the running stages, stopped (with a last read) when each stage ends. */
  private followers = new Map<
    string,
    { live: { stop(): Promise<void> }; dvclive: DvcLiveIngester; follow: { stop(): Promise<void> } }
  >();
  /** The store as the live ingesters see it: every key they log is remembered in liveKeys. */
  private readonly tap: TrackingStore;

  constructor(
    readonly store: TrackingStore,
    readonly runId: string,
    /** Folder under which the stages' live metrics files go (`<dir>/live/<run>/<stage>.jsonl`). */
    private readonly liveDir: string,
  ) {
    const keys = this.liveKeys;
    this.tap = tapMetrics(store, (points) => {
      for (const p of points) keys.add(p.key);
    });
  }

  /** Creates the run (and the experiment if needed); undefined (with a warning) when the store refuses. */
  static async begin(
    store: TrackingStore,
    liveDir: string,
    experiment: string,
    name: string,
    git: GitInfo | null,
    warnings: string[],
  ): Promise<Recorder | undefined> {
    try {
      const exp = await experimentNamed(store, experiment);
      const run: Run = await store.createRun({ experimentId: exp.id, name, git });
      return new Recorder(store, run.id, liveDir);
    } catch (err) {
      warnings.push(
        `tracking: cannot create the run in ${store.location} (${message(err)}); the pipeline runs without being recorded.`,
      );
      return undefined;
    }
  }

  /** Marks the run of a killed runner as failed, with its unfinished stages. */
  static async markAbandoned(
    store: TrackingStore,
    runId: string,
    warnings: string[],
    reason = 'the runner stopped without finishing this run',
  ): Promise<void> {
    try {
      const run = await store.getRun(runId);
      if (!run || run.status !== 'RUNNING') return;
      const now = Date.now();
      for (const s of run.stages) {
        if (s.status === 'RUNNING')
          await store.recordStage(runId, {
            name: s.name,
            status: 'FAILED',
            startTime: s.startTime,
            endTime: now,
            durationMs: now - s.startTime,
          });
      }
      await store.setTags(runId, { 'mlops.failure': `abandoned: ${reason}` });
      await store.updateRun(runId, { status: 'FAILED', endTime: now });
    } catch (err) {
      warnings.push(`tracking: cannot mark abandoned run ${runId} as failed (${message(err)}).`);
    }
  }

  params(values: Record<string, string>): void {
    if (Object.keys(values).length > 0) this.track('params', this.store.logParams(this.runId, values));
  }

  tags(values: Record<string, string>): void {
    this.track('tags', this.store.setTags(this.runId, values));
  }

  /** What a stage process gets from the tracking side: run id, its live metrics file, the backend's variables. */
  stageEnv(node: StageNode): Record<string, string> {
    const file = liveMetricsFile(this.liveDir, this.runId, node.id);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return stageEnv(this.store, this.runId, file);
  }

  metrics(points: MetricPoint[]): void {
    if (points.length > 0) this.track('metrics', this.store.logMetrics(this.runId, points));
  }

  stageStarted(node: StageNode, startTime: number): void {
    this.inOrder(`stage:${node.id}`, 'stage', () =>
      this.store.recordStage(this.runId, {
        name: node.id,
        status: 'RUNNING',
        startTime,
        endTime: null,
        durationMs: null,
      }),
    );
    const onProblem = (p: IngestProblem): void =>
      this.warn('live metrics', new Error(`${p.file}:${p.line}: ${p.message}`));
    const live = new LiveMetricsIngester(
      this.tap,
      this.runId,
      liveMetricsFile(this.liveDir, this.runId, node.id),
      onProblem,
    );
    const dvcliveDir = path.join(stageWdir(node.pipeline, node.stage), 'dvclive');
    const dvclive = new DvcLiveIngester(this.tap, this.runId, dvcliveDir, onProblem);
    const onError = (err: unknown): void => this.warn('live metrics', err);
    this.followers.set(node.id, {
      live: follow(live, 300, onError),
      dvclive,
      // A dvclive folder left by an earlier run is not this run's: follow it once DVCLive rewrote it.
      follow: follow(freshOnly(dvclive, dvcliveDir, startTime), 300, onError),
    });
  }

  log(node: StageNode, text: string): void {
    this.inOrder(`log:${node.id}`, 'logs', () => this.store.appendStageLog(this.runId, node.id, text));
  }

  /** The stage's end, plus what it left behind: live metrics not read yet, metrics files, plots histories, outputs. */
  async stageEnded(node: StageNode, r: StageResult): Promise<void> {
    // Followers go whatever the outcome: a remote executor can start a stage and then report it BLOCKED.
    const followers = this.followers.get(node.id);
    this.followers.delete(node.id);
    if (followers) {
      await Promise.all([followers.live.stop(), followers.follow.stop()]).catch((err: unknown) =>
        this.warn('live metrics', err),
      );
      if (isFresh(followers.dvclive.dir, r.startTime))
        await followers.dvclive.finish().catch((err: unknown) => this.warn('dvclive', err));
    }
    if (r.outcome === 'BLOCKED') {
      // No outputs; the record says why it did not run.
      const blocked: StageRecord = {
        name: node.id,
        status: 'BLOCKED',
        startTime: r.startTime,
        endTime: null,
        durationMs: null,
        reasons: r.reasons,
      };
      this.inOrder(`stage:${node.id}`, 'stage', () => this.store.recordStage(this.runId, blocked));
      return;
    }
    const record: StageRecord = {
      name: node.id,
      status: r.outcome,
      startTime: r.startTime,
      endTime: r.endTime,
      durationMs: r.durationMs,
      ...(r.exitCode === undefined ? {} : { exitCode: r.exitCode }),
    };
    this.inOrder(`stage:${node.id}`, 'stage', () => this.store.recordStage(this.runId, record));
    if (r.outcome !== 'FINISHED' && r.outcome !== 'SKIPPED') return;
    const wdir = stageWdir(node.pipeline, node.stage);
    const now = Date.now();
    const points: MetricPoint[] = [];
    const metricsFiles = node.stage.outs
      .filter((o) => o.kind === 'metrics')
      .map((o) => path.resolve(wdir, o.path.value));
    const plotsFiles = node.stage.outs.filter((o) => o.kind === 'plots').map((o) => path.resolve(wdir, o.path.value));
    const seriesKeys = new Set<string>();
    for (const file of plotsFiles) {
      for (const s of readPlotsHistory(file)) {
        seriesKeys.add(s.key);
        if (!this.liveKeys.has(s.key))
          for (const p of s.points) points.push({ key: s.key, value: p.value, step: p.step, timestamp: now });
      }
    }
    // A metric that also has a history is its history's last point: not logged twice.
    for (const file of metricsFiles) {
      const values = readMetricsFile(file);
      const step = Number.isInteger(values.step) ? (values.step as number) : 0;
      for (const [key, value] of Object.entries(values)) {
        if (key !== 'step' && !seriesKeys.has(key) && !this.liveKeys.has(key))
          points.push({ key, value, step, timestamp: now });
      }
    }
    this.metrics(points);
    const read = readLock(lockPathFor(node.pipeline.file));
    const outs = read.ok ? (read.lock.stages[node.stage.name]?.outs ?? []) : [];
    if (outs.length > 0) {
      this.track(
        'outputs',
        this.store.recordOutputs(
          this.runId,
          outs.map((o) => ({
            path: path.relative(node.pipeline.dir, path.resolve(wdir, o.path)).split(path.sep).join('/'),
            md5: o.md5,
            ...(o.size === undefined ? {} : { size: o.size }),
            ...(o.nfiles === undefined ? {} : { nfiles: o.nfiles }),
            stage: node.id,
          })),
        ),
      );
    }
  }

  /** Waits for everything recorded so far, then sets the final status. */
  async finish(status: TerminalStatus): Promise<void> {
    // A stage whose end never came (its executor threw mid-stage) still has its followers: their timers would
    // keep the process alive for good (a queue worker stayed up, idle, 16 minutes after such an error).
    for (const [id, followers] of this.followers) {
      this.followers.delete(id);
      await Promise.all([followers.live.stop(), followers.follow.stop()]).catch((err: unknown) =>
        this.warn('live metrics', err),
      );
    }
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    try {
      await this.store.updateRun(this.runId, { status, endTime: Date.now() });
    } catch (err) {
      this.warn('status', err);
    }
  }

  /** Runs `fn` after the previous call with the same key has settled. */
  private inOrder(key: string, what: string, fn: () => Promise<unknown>): void {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(fn).then(
      () => undefined,
      (err: unknown) => this.warn(what, err),
    );
    this.chains.set(key, next);
    this.track(what, next);
  }

  private track(what: string, p: Promise<unknown>): void {
    const tracked: Promise<void> = p.then(
      () => undefined,
      (err: unknown) => this.warn(what, err),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private warn(what: string, err: unknown): void {
    const text = `tracking (${what}): ${message(err)}`;
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }
}

/** Whether DVCLive (re)wrote its folder since `time`: it cleans and rewrites plots/metrics when it starts. */
function isFresh(dir: string, time: number): boolean {
  for (const p of [path.join(dir, 'plots', 'metrics'), path.join(dir, 'metrics.json')]) {
    try {
      if (fs.statSync(p).mtimeMs >= time - 1000) return true;
    } catch {
      // not there (yet)
    }
  }
  return false;
}

/** Polls `ingester` only once its folder is fresh (and from then on). */
function freshOnly(ingester: Poller, dir: string, since: number): Poller {
  let fresh = false;
  return {
    poll: () => {
      fresh ||= isFresh(dir, since);
      return fresh ? ingester.poll() : Promise.resolve(0);
    },
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
