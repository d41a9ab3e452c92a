// The model registry on an MLflow server: registered models and versions; `promote` sets an alias
// (stages are deprecated since MLflow 2.9), falling back to a stage transition on servers without aliases.
import { TrackingError } from '../tracking/errors';
import { MlflowClient, orUndefinedIfMissing } from '../tracking/mlflow/client';
import type { ModelVersion } from '../tracking/mlflow/entities';
import { MlflowError, type MlflowHttpOptions } from '../tracking/mlflow/http';
import { GIT_COMMIT_TAG } from '../tracking/mlflow/mapping';
import { MlflowRegistryClient } from '../tracking/mlflow/registry-client';
import {
  RegistryError,
  type ModelInfo,
  type ModelRegistry,
  type ModelVersionInfo,
  type RegisterRequest,
} from './types';

/** Tags on a model version for what MLflow has no field for. */
export const VERSION_LABEL_TAG = 'mlops.version';
export const COMMIT_TAG = 'mlops.commit';
export const PATH_TAG = 'mlops.path';
export const MD5_TAG = 'mlops.md5';
/** On a registered model: hidden from listings, kept on the server (MLflow has no soft delete for models). */
export const DEPRECATED_TAG = 'mlops.deprecated';

export class MlflowModelRegistry implements ModelRegistry {
  readonly location: string;
  private readonly registry: MlflowRegistryClient;
  private readonly tracking: MlflowClient;

  constructor(options: MlflowHttpOptions) {
    this.tracking = new MlflowClient(options);
    this.registry = new MlflowRegistryClient(this.tracking.http);
    this.location = this.tracking.http.trackingUri;
  }

  async listModels(): Promise<ModelInfo[]> {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.registry.searchRegisteredModels({ pageToken });
      names.push(...page.items.filter((m) => m.tags[DEPRECATED_TAG] !== 'true').map((m) => m.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    const models = await Promise.all(names.map((n) => this.getModel(n)));
    return models.filter((m): m is ModelInfo => m !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  async getModel(name: string): Promise<ModelInfo | undefined> {
    const model = await this.registry.getRegisteredModel(name);
    if (!model || model.tags[DEPRECATED_TAG] === 'true') return undefined;
    const aliasesOf = new Map<string, string[]>();
    for (const [alias, version] of Object.entries(model.aliases))
      aliasesOf.set(version, [...(aliasesOf.get(version) ?? []), alias].sort());
    const versions = (await this.registry.allModelVersions(name)).sort((a, b) => Number(b.version) - Number(a.version));
    const commits = new Map<string, Promise<string | null>>();
    return {
      name,
      versions: await Promise.all(versions.map((v) => this.toInfo(v, aliasesOf.get(v.version) ?? [], commits))),
    };
  }

  async register(req: RegisterRequest): Promise<ModelVersionInfo> {
    if (!req.runId && !req.path)
      throw new RegistryError(`registering ${req.name} ${req.version} needs a run or a path`);
    if (!(await this.registry.getRegisteredModel(req.name))) {
      await this.registry.createRegisteredModel(req.name).catch(async (err: unknown) => {
        // a concurrent registrar created it first: fine
        if (!(err instanceof TrackingError && err.code === 'already-exists')) throw err;
      });
    }
    const existing = await this.registry.allModelVersions(req.name);
    const clash = existing.find((v) => v.tags[VERSION_LABEL_TAG] === req.version);
    if (clash)
      throw new RegistryError(
        `${req.name} ${req.version} is already registered (MLflow version ${clash.version}) — choose a new version`,
      );
    const tags: Record<string, string> = { [VERSION_LABEL_TAG]: req.version };
    if (req.commit) tags[COMMIT_TAG] = req.commit;
    if (req.path) tags[PATH_TAG] = req.path;
    if (req.md5) tags[MD5_TAG] = req.md5;
    const source = req.runId ? `runs:/${req.runId}/${req.path ?? ''}`.replace(/\/$/, '') : req.path!;
    const created = await this.registry.createModelVersion({ name: req.name, source, runId: req.runId, tags });
    return this.toInfo(created, [], new Map());
  }

  async promote(name: string, version: string, stage: string): Promise<void> {
    const v = await this.resolve(name, version);
    try {
      await this.registry.setAlias(name, stage, v.version);
    } catch (err) {
      // Servers before MLflow 2.3 have no alias endpoint (a bare 404): use their stages instead.
      if (err instanceof MlflowError && err.code === 'not-found' && err.errorCode === undefined) {
        await this.registry.transitionStage(name, v.version, stage);
        return;
      }
      throw err;
    }
  }

  async demote(name: string, version: string, stage: string): Promise<void> {
    const v = await this.resolve(name, version);
    const holder = await this.registry.getModelVersionByAlias(name, stage);
    if (holder?.version !== v.version)
      throw new RegistryError(`${name} version ${version} does not hold alias '${stage}'`);
    await this.registry.deleteAlias(name, stage);
  }

  async deregister(name: string, version: string): Promise<void> {
    const v = await this.resolve(name, version);
    await this.registry.deleteModelVersion(name, v.version);
  }

  async deprecate(name: string): Promise<void> {
    if (!(await this.registry.getRegisteredModel(name)))
      throw new RegistryError(`no model '${name}' on ${this.location}`);
    await this.registry.setRegisteredModelTag(name, DEPRECATED_TAG, 'true');
  }

  /** A version by MLflow's number or by our label (the --version given at registration). */
  private async resolve(name: string, version: string): Promise<ModelVersion> {
    const versions = await this.registry.allModelVersions(name);
    const found =
      versions.find((v) => v.version === version) ?? versions.find((v) => v.tags[VERSION_LABEL_TAG] === version);
    if (!found) {
      const known = versions.map((v) =>
        v.tags[VERSION_LABEL_TAG] ? `${v.version} (${v.tags[VERSION_LABEL_TAG]})` : v.version,
      );
      throw new RegistryError(
        `${name} has no version '${version}' on ${this.location} (versions: ${known.join(', ') || 'none'})`,
      );
    }
    return found;
  }

  private async toInfo(
    v: ModelVersion,
    aliases: string[],
    commits: Map<string, Promise<string | null>>,
  ): Promise<ModelVersionInfo> {
    let commit: string | null = v.tags[COMMIT_TAG] ?? null;
    if (commit === null && v.runId) {
      // Versions registered by other tools: the run's git tag, if MLflow recorded one.
      if (!commits.has(v.runId))
        commits.set(
          v.runId,
          orUndefinedIfMissing(this.tracking.getRun(v.runId)).then((r) => r?.tags[GIT_COMMIT_TAG] ?? null),
        );
      commit = await commits.get(v.runId)!;
    }
    return {
      version: v.version,
      label: v.tags[VERSION_LABEL_TAG] ?? null,
      stages: v.currentStage && v.currentStage !== 'None' ? [v.currentStage] : [],
      aliases,
      runId: v.runId || null,
      commit,
      path: v.tags[PATH_TAG] ?? (v.source || null),
      md5: v.tags[MD5_TAG] ?? null,
      createdAt: v.creationTimestamp,
    };
  }
}
