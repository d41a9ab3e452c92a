// MLflow's entities as typed values, decoded from its REST JSON (see wire.ts for the quirks).
import { arr, double, int64, keyValues, obj, optionalInt64, requiredStr, str } from './wire';

export type MlflowRunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface MlflowExperiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Record<string, string>;
}

export interface MlflowMetric {
  key: string;
  value: number;
  /** ms since epoch */
  timestamp: number;
  step: number;
}

export interface MlflowRunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: MlflowRunStatus;
  startTime: number;
  endTime: number | undefined;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface MlflowRun {
  info: MlflowRunInfo;
  /** Latest value of each metric (MLflow's "latest": highest step, then timestamp). */
  metrics: Record<string, MlflowMetric>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface ModelVersion {
  name: string;
  version: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  currentStage: string;
  description: string;
  source: string;
  runId: string;
  status: string;
  tags: Record<string, string>;
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description: string;
  latestVersions: ModelVersion[];
  tags: Record<string, string>;
  /** alias → version */
  aliases: Record<string, string>;
}

const RUN_STATUSES: readonly MlflowRunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

function lifecycle(v: unknown, what: string): LifecycleStage {
  return str(v, what) === 'deleted' ? 'deleted' : 'active';
}

export function decodeExperiment(v: unknown): MlflowExperiment {
  const o = obj(v, 'experiment');
  return {
    experimentId: requiredStr(o.experiment_id, 'experiment.experiment_id'),
    name: str(o.name, 'experiment.name'),
    artifactLocation: str(o.artifact_location, 'experiment.artifact_location'),
    lifecycleStage: lifecycle(o.lifecycle_stage, 'experiment.lifecycle_stage'),
    creationTime: int64(o.creation_time, 'experiment.creation_time'),
    lastUpdateTime: int64(o.last_update_time, 'experiment.last_update_time'),
    tags: keyValues(o.tags, 'experiment.tags'),
  };
}

export function decodeMetric(v: unknown, what = 'metric'): MlflowMetric {
  const o = obj(v, what);
  return {
    key: requiredStr(o.key, `${what}.key`),
    value: double(o.value, `${what}.value`),
    timestamp: int64(o.timestamp, `${what}.timestamp`),
    step: int64(o.step, `${what}.step`),
  };
}

export function decodeRun(v: unknown): MlflowRun {
  const o = obj(v, 'run');
  const info = obj(o.info, 'run.info');
  const data = obj(o.data, 'run.data');
  const status = str(info.status, 'run.info.status');
  const metrics: Record<string, MlflowMetric> = {};
  for (const [i, m] of arr(data.metrics, 'run.data.metrics').entries()) {
    const metric = decodeMetric(m, `run.data.metrics[${i}]`);
    metrics[metric.key] = metric;
  }
  return {
    info: {
      // run_uuid is the pre-1.0 name; servers still send both.
      runId: requiredStr(info.run_id ?? info.run_uuid, 'run.info.run_id'),
      runName: str(info.run_name, 'run.info.run_name'),
      experimentId: str(info.experiment_id, 'run.info.experiment_id'),
      userId: str(info.user_id, 'run.info.user_id'),
      // proto default of the enum is RUNNING (value 1), so an omitted status means RUNNING
      status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as MlflowRunStatus) : 'RUNNING',
      startTime: int64(info.start_time, 'run.info.start_time'),
      endTime: optionalInt64(info.end_time, 'run.info.end_time'),
      artifactUri: str(info.artifact_uri, 'run.info.artifact_uri'),
      lifecycleStage: lifecycle(info.lifecycle_stage, 'run.info.lifecycle_stage'),
    },
    metrics,
    params: keyValues(data.params, 'run.data.params'),
    tags: keyValues(data.tags, 'run.data.tags'),
  };
}

export function decodeModelVersion(v: unknown): ModelVersion {
  const o = obj(v, 'model_version');
  return {
    name: requiredStr(o.name, 'model_version.name'),
    version: requiredStr(typeof o.version === 'number' ? String(o.version) : o.version, 'model_version.version'),
    creationTimestamp: int64(o.creation_timestamp, 'model_version.creation_timestamp'),
    lastUpdatedTimestamp: int64(o.last_updated_timestamp, 'model_version.last_updated_timestamp'),
    currentStage: str(o.current_stage, 'model_version.current_stage') || 'None',
    description: str(o.description, 'model_version.description'),
    source: str(o.source, 'model_version.source'),
    runId: str(o.run_id, 'model_version.run_id'),
    status: str(o.status, 'model_version.status') || 'READY',
    tags: keyValues(o.tags, 'model_version.tags'),
    aliases: arr(o.aliases, 'model_version.aliases').map((a, i) => requiredStr(a, `model_version.aliases[${i}]`)),
  };
}

export function decodeRegisteredModel(v: unknown): RegisteredModel {
  const o = obj(v, 'registered_model');
  const aliases: Record<string, string> = {};
  for (const [i, a] of arr(o.aliases, 'registered_model.aliases').entries()) {
    const ao = obj(a, `registered_model.aliases[${i}]`);
    aliases[requiredStr(ao.alias, `registered_model.aliases[${i}].alias`)] = requiredStr(
      typeof ao.version === 'number' ? String(ao.version) : ao.version,
      `registered_model.aliases[${i}].version`,
    );
  }
  return {
    name: requiredStr(o.name, 'registered_model.name'),
    creationTimestamp: int64(o.creation_timestamp, 'registered_model.creation_timestamp'),
    lastUpdatedTimestamp: int64(o.last_updated_timestamp, 'registered_model.last_updated_timestamp'),
    description: str(o.description, 'registered_model.description'),
    latestVersions: arr(o.latest_versions, 'registered_model.latest_versions').map(decodeModelVersion),
    tags: keyValues(o.tags, 'registered_model.tags'),
    aliases,
  };
}
