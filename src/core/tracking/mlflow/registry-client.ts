// Typed client for MLflow's Model Registry REST API: registered models, model versions, aliases,
// and stage transitions for servers that still use stages (deprecated since MLflow 2.9).
import { randomUUID } from 'node:crypto';
import { filterString, orUndefinedIfMissing, REQUEST_ID_TAG, toKeyValues, type Page } from './client';
import { decodeModelVersion, decodeRegisteredModel, type ModelVersion, type RegisteredModel } from './entities';
import { MlflowHttp, type MlflowHttpOptions } from './http';
import { arr, obj, str } from './wire';

export interface SearchQuery {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export interface CreateModelVersionInput {
  name: string;
  /** Where the model files are: a runs:/ URI, an artifact URI or a path. */
  source: string;
  runId?: string;
  description?: string;
  tags?: Record<string, string>;
}

export class MlflowRegistryClient {
  readonly http: MlflowHttp;

  constructor(options: MlflowHttpOptions | MlflowHttp) {
    this.http = options instanceof MlflowHttp ? options : new MlflowHttp(options);
  }

  async createRegisteredModel(
    name: string,
    opts: { description?: string; tags?: Record<string, string> } = {},
  ): Promise<RegisteredModel> {
    return this.http.request({
      method: 'POST',
      endpoint: 'registered-models/create',
      body: { name, description: opts.description, tags: toKeyValues(opts.tags ?? {}) },
      retry: { recover: () => this.getRegisteredModel(name) },
      decode: (j) => decodeRegisteredModel(obj(j, 'registered-models/create').registered_model),
    });
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel | undefined> {
    return orUndefinedIfMissing(
      this.http.request({
        method: 'GET',
        endpoint: 'registered-models/get',
        query: { name },
        retry: 'idempotent',
        decode: (j) => decodeRegisteredModel(obj(j, 'registered-models/get').registered_model),
      }),
    );
  }

  async searchRegisteredModels(q: SearchQuery = {}): Promise<Page<RegisteredModel>> {
    return this.http.request({
      method: 'GET',
      endpoint: 'registered-models/search',
      query: { filter: q.filter, order_by: q.orderBy, max_results: q.maxResults ?? 1000, page_token: q.pageToken },
      retry: 'idempotent',
      decode: (j) => {
        const o = obj(j, 'registered-models/search');
        return {
          items: arr(o.registered_models, 'registered_models').map(decodeRegisteredModel),
          nextPageToken: str(o.next_page_token, 'next_page_token') || undefined,
        };
      },
    });
  }

  /** Creates a version; a retry after a lost answer finds the version the lost attempt made (by a request-id tag). */
  async createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion> {
    const requestId = randomUUID();
    return this.http.request({
      method: 'POST',
      endpoint: 'model-versions/create',
      body: {
        name: input.name,
        source: input.source,
        run_id: input.runId,
        description: input.description,
        tags: toKeyValues({ ...input.tags, [REQUEST_ID_TAG]: requestId }),
      },
      retry: {
        recover: async () =>
          (
            await this.searchModelVersions({
              filter: `name = ${filterString(input.name)} and tags.\`${REQUEST_ID_TAG}\` = ${filterString(requestId)}`,
              maxResults: 1,
            })
          ).items[0],
      },
      decode: (j) => decodeModelVersion(obj(j, 'model-versions/create').model_version),
    });
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion | undefined> {
    return orUndefinedIfMissing(
      this.http.request({
        method: 'GET',
        endpoint: 'model-versions/get',
        query: { name, version },
        retry: 'idempotent',
        decode: (j) => decodeModelVersion(obj(j, 'model-versions/get').model_version),
      }),
    );
  }

  async searchModelVersions(q: SearchQuery = {}): Promise<Page<ModelVersion>> {
    return this.http.request({
      method: 'GET',
      endpoint: 'model-versions/search',
      query: { filter: q.filter, order_by: q.orderBy, max_results: q.maxResults ?? 10_000, page_token: q.pageToken },
      retry: 'idempotent',
      decode: (j) => {
        const o = obj(j, 'model-versions/search');
        return {
          items: arr(o.model_versions, 'model_versions').map(decodeModelVersion),
          nextPageToken: str(o.next_page_token, 'next_page_token') || undefined,
        };
      },
    });
  }

  /** Every version of one model, following page tokens. */
  async allModelVersions(name: string): Promise<ModelVersion[]> {
    const out: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.searchModelVersions({ filter: `name = ${filterString(name)}`, pageToken });
      out.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      endpoint: 'registered-models/alias',
      body: { name, alias, version },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      endpoint: 'registered-models/alias',
      body: { name, alias },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    return orUndefinedIfMissing(
      this.http.request({
        method: 'GET',
        endpoint: 'registered-models/alias',
        query: { name, alias },
        retry: 'idempotent',
        decode: (j) => decodeModelVersion(obj(j, 'registered-models/alias').model_version),
      }),
    );
  }

  /** For servers that still use stages (Staging, Production, Archived, None). */
  async transitionStage(
    name: string,
    version: string,
    stage: string,
    archiveExistingVersions = false,
  ): Promise<ModelVersion> {
    return this.http.request({
      method: 'POST',
      endpoint: 'model-versions/transition-stage',
      body: { name, version, stage, archive_existing_versions: archiveExistingVersions },
      retry: 'idempotent',
      decode: (j) => decodeModelVersion(obj(j, 'model-versions/transition-stage').model_version),
    });
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      endpoint: 'model-versions/set-tag',
      body: { name, version, key, value },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      endpoint: 'model-versions/delete',
      body: { name, version },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      endpoint: 'registered-models/set-tag',
      body: { name, key, value },
      retry: 'idempotent',
      decode: () => undefined,
    });
  }
}
