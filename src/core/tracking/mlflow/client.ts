// Typed client for the MLflow Tracking REST API 2.0: experiments, runs, log-batch, metric history.
// The model registry half is in registry-client.ts; both share one MlflowHttp.
import { randomUUID } from 'node:crypto';
import { chunkLogBatch, metricJson, type KeyValue } from './batch';
import { decodeExperiment, decodeMetric, decodeRun } from './entities';
import type { MlflowExperiment, MlflowMetric, MlflowRun, MlflowRunStatus, ViewType } from './entities';
import { MlflowError, MlflowHttp, type MlflowHttpOptions } from './http';
import { arr, obj, requiredStr, str } from './wire';

/** Tag carrying a client-chosen id on each created run, so a retried runs/create finds the run its lost attempt made. */
export const REQUEST_ID_TAG = 'mlops.request_id';

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string;
}

export interface SearchRunsQuery {
  experimentIds: string[];
  /** MLflow's filter syntax, e.g. `metrics.acc > 0.9 and tags.\`mlflow.source.git.commit\` = 'abc'`. */
  filter?: string;
  orderBy?: string[];
  /** 1..50000; the server's default is 1000. */
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
}

export interface CreateRunInput {
  experimentId: string;
  runName?: string;
  /** ms since epoch; defaults to now. */
  startTime?: number;
  tags?: Record<string, string>;
}

/** Escapes a value for a single-quoted string in an MLflow filter. */
export function filterString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const HISTORY_PAGE = 25_000;

export class MlflowClient {
  readonly http: MlflowHttp;

  constructor(options: MlflowHttpOptions | MlflowHttp) {
    this.http = options instanceof MlflowHttp ? options : new MlflowHttp(options);
  }

  // ---- experiments ----

  async searchExperiments(
    q: { filter?: string; maxResults?: number; pageToken?: string; viewType?: ViewType } = {},
  ): Promise<Page<MlflowExperiment>> {
    return this.http.request({
      method: 'POST',
      endpoint: 'experiments/search',
      body: { filter: q.filter, max_results: q.maxResults ?? 1000, page_token: q.pageToken, view_type: q.viewType },
      retry: 'idempotent',
      decode: (j) => {
        const o = obj(j, 'experiments/search');
        return {
          items: arr(o.experiments, 'experiments').map(decodeExperiment),
          nextPageToken: str(o.next_page_token, 'next_page_token') || undefined,
        };
      },
    });
  }

  async getExperimentByName(name: string): Promise<MlflowExperiment | undefined> {
    return orUndefinedIfMissing(
      this.http.request({
        method: 'GET',
        endpoint: 'experiments/get-by-name',
        query: { experiment_name: name },
        retry: 'idempotent',
        decode: (j) => decodeExperiment(obj(j, 'experiments/get-by-name').experiment),
      }),
    );
  }

  async getExperiment(experimentId: string): Promise<MlflowExperiment> {
    return this.http.request({
      method: 'GET',
      endpoint: 'experiments/get',
      query: { experiment_id: experimentId },
      retry: 'idempotent',
      decode: (j) => decodeExperiment(obj(j, 'experiments/get').experiment),
    });
  }

  /** Creates the experiment; a retry after a lost answer finds it by name instead of failing. */
  async createExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    return this.http.request({
      method: 'POST',
      endpoint: 'experiments/create',
      body: { name, tags: toKeyValues(tags) },
      retry: { recover: async () => (await this.getExperimentByName(name))?.experimentId },
      decode: (j) => requiredStr(obj(j, 'experiments/create').experiment_id, 'experiment_id'),
    });
  }

  /** The id of the named experiment, created if missing (safe against a concurrent creator). */
  async ensureExperiment(name: string): Promise<string> {
    const found = await this.getExperimentByName(name);
    if (found) return found.experimentId;
    try {
      return await this.createExperiment(name);
    } catch (err) {
      if (err instanceof MlflowError && err.code === 'already-exists') {
        const again = await this.getExperimentByName(name);
        if (again) return again.experimentId;
      }
      throw err;
    }
  }

  // ---- runs ----

  async createRun(input: CreateRunInput): Promise<MlflowRun> {
    const requestId = randomUUID();
    const tags = { ...input.tags, [REQUEST_ID_TAG]: requestId };
    return this.http.request({
      method: 'POST',
      endpoint: 'runs/create',
      body: {
        experiment_id: input.experimentId,
        run_name: input.runName,
        start_time: input.startTime ?? Date.now(),
        tags: toKeyValues(tags),
      },
      retry: {
        recover: async () => {
          const page = await this.searchRuns({
            experimentIds: [input.experimentId],
            filter: `tags.\`${REQUEST_ID_TAG}\` = ${filterString(requestId)}`,
            maxResults: 1,
            viewType: 'ALL',
          });
          return page.items[0];
        },
      },
      decode: (j) => decodeRun(obj(j, 'runs/create').run),
    });
  }

  async updateRun(
    runId: string,
    update: { status?: MlflowRunStatus; endTime?: number; runName?: string },
  ): Promise<void> {
    await this.http.request({
      method: 'POST',
      endpoint: 'runs/update',
      body: { run_id: runId, status: update.status, end_time: update.endTime, run_name: update.runName },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }

  async getRun(runId: string): Promise<MlflowRun> {
    return this.http.request({
      method: 'GET',
      endpoint: 'runs/get',
      query: { run_id: runId },
      retry: 'idempotent',
      decode: (j) => decodeRun(obj(j, 'runs/get').run),
    });
  }

  async searchRuns(q: SearchRunsQuery): Promise<Page<MlflowRun>> {
    return this.http.request({
      method: 'POST',
      endpoint: 'runs/search',
      body: {
        experiment_ids: q.experimentIds,
        filter: q.filter,
        order_by: q.orderBy,
        max_results: q.maxResults,
        page_token: q.pageToken,
        run_view_type: q.viewType,
      },
      retry: 'idempotent',
      decode: (j) => {
        const o = obj(j, 'runs/search');
        return {
          items: arr(o.runs, 'runs').map(decodeRun),
          nextPageToken: str(o.next_page_token, 'next_page_token') || undefined,
        };
      },
    });
  }

  /** Every run matching the query, following page tokens. */
  async *searchAllRuns(q: Omit<SearchRunsQuery, 'pageToken'>): AsyncGenerator<MlflowRun> {
    let pageToken: string | undefined;
    do {
      const page = await this.searchRuns({ ...q, pageToken });
      yield* page.items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /**
   * Logs metrics, params and tags in as many log-batch calls as MLflow's limits need. Each call is
   * retried as-is: MLflow's SQL store drops a metric point identical in (key, value, timestamp, step)
   * to one it holds, accepts a param re-logged with the same value and overwrites tags — so a repeat
   * of a call whose answer was lost adds nothing. Timestamps are fixed here, before the first attempt.
   */
  async logBatch(
    runId: string,
    data: {
      metrics?: readonly (Omit<MlflowMetric, 'timestamp'> & { timestamp?: number })[];
      params?: Record<string, string>;
      tags?: Record<string, string>;
    },
  ): Promise<void> {
    const now = Date.now();
    const metrics = (data.metrics ?? []).map((m) => ({
      key: m.key,
      value: m.value,
      step: m.step,
      timestamp: m.timestamp ?? now,
    }));
    for (const chunk of chunkLogBatch(metrics, toKeyValues(data.params ?? {}), toKeyValues(data.tags ?? {}))) {
      await this.http.request({
        method: 'POST',
        endpoint: 'runs/log-batch',
        body: { run_id: runId, metrics: chunk.metrics.map(metricJson), params: chunk.params, tags: chunk.tags },
        retry: 'idempotent',
        decode: () => undefined,
      });
    }
  }

  /** One page of a metric's history. Servers older than 2.x ignore max_results and send it all (no token). */
  async getMetricHistoryPage(
    runId: string,
    key: string,
    page: { maxResults?: number; pageToken?: string } = {},
  ): Promise<Page<MlflowMetric>> {
    return this.http.request({
      method: 'GET',
      endpoint: 'metrics/get-history',
      query: {
        run_id: runId,
        metric_key: key,
        max_results: page.maxResults ?? HISTORY_PAGE,
        page_token: page.pageToken,
      },
      retry: 'idempotent',
      decode: (j) => {
        const o = obj(j, 'metrics/get-history');
        return {
          items: arr(o.metrics, 'metrics').map((m, i) => decodeMetric(m, `metrics[${i}]`)),
          nextPageToken: str(o.next_page_token, 'next_page_token') || undefined,
        };
      },
    });
  }

  /** The whole history of one metric, in the server's order, fetched page by page. */
  async getMetricHistory(runId: string, key: string, pageSize = HISTORY_PAGE): Promise<MlflowMetric[]> {
    const points: MlflowMetric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.getMetricHistoryPage(runId, key, { maxResults: pageSize, pageToken });
      points.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return points;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.lifecycle('runs/delete', runId);
  }

  async restoreRun(runId: string): Promise<void> {
    await this.lifecycle('runs/restore', runId);
  }

  private async lifecycle(endpoint: string, runId: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      endpoint,
      body: { run_id: runId },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }
}

export function toKeyValues(record: Record<string, string>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** Turns MLflow's "does not exist" into `undefined`; every other failure stays an error. */
export async function orUndefinedIfMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof MlflowError && err.code === 'not-found' && err.errorCode !== undefined) return undefined;
    throw err;
  }
}
