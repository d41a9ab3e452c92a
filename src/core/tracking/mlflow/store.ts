// The TrackingStore backed by an MLflow Tracking Server, through our REST client.
// How our fields map onto MLflow: mapping.ts and docs/mlflow-mapping.md.
import type {
  Experiment,
  HistoryPoint,
  LogChunk,
  MetricPoint,
  NewRun,
  Page,
  PageRequest,
  Run,
  RunOutput,
  RunQuery,
  RunSummary,
  RunUpdate,
  StageRecord,
  TrackingStore,
} from '../types';
import { artifactRoot } from './artifacts';
import { MlflowClient, orUndefinedIfMissing } from './client';
import { checkRunName } from '../run-name';
import type { MlflowExperiment, MlflowRun } from './entities';
import type { MlflowAuth, MlflowHttpOptions } from './http';
import { gitTags, outputTag, stageTag, toFilterString, toOrderBy, toRun, toRunSummary } from './mapping';

/** Environment for a stage process so that a script using `mlflow` logs into the same run (and can authenticate). */
export function mlflowProcessEnv(
  trackingUri: string,
  runId: string,
  auth: MlflowAuth = { kind: 'none' },
): Record<string, string> {
  const env: Record<string, string> = { MLFLOW_TRACKING_URI: trackingUri, MLFLOW_RUN_ID: runId };
  if (auth.kind === 'bearer') env.MLFLOW_TRACKING_TOKEN = auth.token;
  if (auth.kind === 'basic')
    Object.assign(env, { MLFLOW_TRACKING_USERNAME: auth.username, MLFLOW_TRACKING_PASSWORD: auth.password });
  return env;
}

function toExperiment(e: MlflowExperiment): Experiment {
  return { id: e.experimentId, name: e.name, lifecycle: e.lifecycleStage, creationTime: e.creationTime };
}

/** Where a run's stage logs live among its artifacts. */
const LOG_DIR = 'mlops/logs';

interface PendingLog {
  text: string;
  dirty: boolean;
  running?: Promise<void>;
}

export class MlflowTrackingStore implements TrackingStore {
  readonly location: string;
  readonly client: MlflowClient;
  private readonly auth: MlflowAuth;
  /** Promises, not names: a page of runs asks for each experiment once, however many runs share it. */
  private readonly experimentNames = new Map<string, Promise<string>>();
  private readonly logs = new Map<string, PendingLog>();

  constructor(options: MlflowHttpOptions) {
    this.client = new MlflowClient(options);
    this.location = this.client.http.trackingUri;
    this.auth = options.auth ?? { kind: 'none' };
  }

  async listExperiments(): Promise<Experiment[]> {
    const out: Experiment[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.client.searchExperiments({ pageToken, viewType: 'ALL' });
      for (const e of page.items) this.experimentNames.set(e.experimentId, Promise.resolve(e.name));
      out.push(...page.items.map(toExperiment));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    const e = await this.client.getExperimentByName(name);
    return e && toExperiment(e);
  }

  async createExperiment(name: string): Promise<Experiment> {
    const id = await this.client.createExperiment(name);
    return toExperiment(await this.client.getExperiment(id));
  }

  async createRun(run: NewRun): Promise<Run> {
    const created = await this.client.createRun({
      experimentId: run.experimentId,
      runName: run.name,
      startTime: run.startTime,
      tags: { ...run.tags, ...gitTags(run.git) },
    });
    return toRun(created, await this.experimentName(created.info.experimentId));
  }

  async updateRun(runId: string, update: RunUpdate): Promise<void> {
    await this.client.updateRun(
      runId,
      update.status === 'RUNNING' ? { status: 'RUNNING' } : { status: update.status, endTime: update.endTime },
    );
  }

  /** runs/update with run_name: MLflow also sets the `mlflow.runName` tag, and refuses a deleted run. */
  async renameRun(runId: string, name: string): Promise<void> {
    await this.client.updateRun(runId, { runName: checkRunName(name) });
  }

  async logParams(runId: string, params: Record<string, string>): Promise<void> {
    await this.client.logBatch(runId, { params });
  }

  async logMetrics(runId: string, points: MetricPoint[]): Promise<void> {
    await this.client.logBatch(runId, { metrics: points });
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    await this.client.logBatch(runId, { tags });
  }

  async recordOutputs(runId: string, outputs: RunOutput[]): Promise<void> {
    await this.client.logBatch(runId, { tags: Object.fromEntries(outputs.map(outputTag)) });
  }

  async recordStage(runId: string, stage: StageRecord): Promise<void> {
    await this.client.logBatch(runId, { tags: Object.fromEntries([stageTag(stage)]) });
    if (stage.status !== 'RUNNING') await this.logs.get(logKey(runId, stage.name))?.running;
  }

  /**
   * Stage logs are an artifact (mlops/logs/<stage>.log) of the run, uploaded through the server's
   * artifact proxy. MLflow cannot append to an artifact, so this process keeps the log and re-uploads it,
   * coalescing appends that arrive while an upload is in flight.
   */
  async appendStageLog(runId: string, stage: string, text: string): Promise<void> {
    const key = logKey(runId, stage);
    const entry = this.logs.get(key) ?? { text: '', dirty: false };
    this.logs.set(key, entry);
    entry.text += text;
    entry.dirty = true;
    entry.running ??= (async () => {
      try {
        const path = await this.logArtifactPath(runId, stage);
        while (entry.dirty) {
          entry.dirty = false;
          await this.client.http.request({
            method: 'PUT',
            api: 'mlflow-artifacts',
            endpoint: `artifacts/${path}`,
            rawBody: entry.text,
            retry: 'idempotent',
            decode: () => undefined,
          });
        }
      } finally {
        entry.running = undefined;
      }
    })();
    await entry.running;
  }

  async readStageLog(runId: string, stage: string, offset = 0): Promise<LogChunk> {
    const path = await this.logArtifactPath(runId, stage);
    const text =
      (await orUndefinedIfMissing(
        this.client.http.request({
          method: 'GET',
          api: 'mlflow-artifacts',
          endpoint: `artifacts/${path}`,
          fileResponse: 'text',
          retry: 'idempotent',
          decode: (t) => String(t),
        }),
      ).catch(() => undefined)) ??
      this.logs.get(logKey(runId, stage))?.text ??
      '';
    const bytes = Buffer.from(text);
    return { text: bytes.subarray(offset).toString(), nextOffset: bytes.length };
  }

  async getRun(runId: string): Promise<Run | undefined> {
    const run = await orUndefinedIfMissing(this.client.getRun(runId));
    return run && toRun(run, await this.experimentName(run.info.experimentId));
  }

  async getMetricHistory(runId: string, key: string, page: PageRequest = {}): Promise<Page<HistoryPoint>> {
    const strip = (ms: { value: number; step: number; timestamp: number }[]) =>
      ms.map(({ value, step, timestamp }) => ({ value, step, timestamp }));
    if (page.pageSize === undefined && page.pageToken === undefined)
      return { items: strip(await this.client.getMetricHistory(runId, key)) };
    const got = await this.client.getMetricHistoryPage(runId, key, {
      maxResults: page.pageSize,
      pageToken: page.pageToken,
    });
    return { items: strip(got.items), nextPageToken: got.nextPageToken };
  }

  async searchRuns(query: RunQuery): Promise<Page<RunSummary>> {
    const experimentIds = query.experimentIds?.length
      ? query.experimentIds
      : (await this.listExperiments()).map((e) => e.id);
    if (experimentIds.length === 0) return { items: [] };
    const lifecycle = query.lifecycle ?? 'active';
    const page = await this.client.searchRuns({
      experimentIds,
      filter: toFilterString(query.filter),
      orderBy: toOrderBy(query.orderBy),
      maxResults: query.pageSize,
      pageToken: query.pageToken,
      viewType: lifecycle === 'all' ? 'ALL' : lifecycle === 'deleted' ? 'DELETED_ONLY' : 'ACTIVE_ONLY',
    });
    const text = query.filter?.text?.toLowerCase();
    const runs =
      text === undefined ? page.items : page.items.filter((r) => r.info.runName.toLowerCase().includes(text));
    return { items: await Promise.all(runs.map(async (r) => this.summary(r))), nextPageToken: page.nextPageToken };
  }

  async deleteRun(runId: string): Promise<void> {
    await this.client.deleteRun(runId);
  }

  async restoreRun(runId: string): Promise<void> {
    await this.client.restoreRun(runId);
  }

  processEnv(runId: string): Record<string, string> {
    return mlflowProcessEnv(this.location, runId, this.auth);
  }

  private async summary(run: MlflowRun): Promise<RunSummary> {
    return toRunSummary(run, await this.experimentName(run.info.experimentId));
  }

  private experimentName(id: string): Promise<string> {
    let name = this.experimentNames.get(id);
    if (name === undefined) {
      name = this.client.getExperiment(id).then((e) => e.name);
      // a failed lookup is not remembered
      name.catch(() => this.experimentNames.delete(id));
      this.experimentNames.set(id, name);
    }
    return name;
  }

  private async logArtifactPath(runId: string, stage: string): Promise<string> {
    return `${await artifactRoot(this.client, runId)}/${LOG_DIR}/${encodeURIComponent(stage)}.log`;
  }
}

function logKey(runId: string, stage: string): string {
  return `${runId}\u0000${stage}`;
}
