// Pure mapping between our run model (../types.ts) and MLflow's runs, tags and search syntax.
// The mapping is documented for users in docs/mlflow-mapping.md; keep the two in step.
import { createHash } from 'node:crypto';
import type {
  Condition,
  GitInfo,
  OrderBy,
  Run,
  RunFilter,
  RunOutput,
  RunStatus,
  RunSummary,
  StageRecord,
} from '../types';
import { TrackingError } from '../errors';
import { filterString, REQUEST_ID_TAG } from './client';
import type { MlflowRun } from './entities';

/** MLflow's own tags for git (mlflow/utils/mlflow_tags.py), so MLflow's UI shows them. */
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';
export const GIT_BRANCH_TAG = 'mlflow.source.git.branch';
/** Ours: MLflow has no tag for a dirty work tree. */
export const GIT_DIRTY_TAG = 'mlops.git.dirty';
/** One tag per stage and per output, so parallel stages upsert their own record without read-modify-write. */
export const STAGE_TAG_PREFIX = 'mlops.stage.';
export const OUTPUT_TAG_PREFIX = 'mlops.output.';

/** Tags that carry our encoded fields rather than user tags; hidden from `tags`. */
function isInternalTag(key: string): boolean {
  return (
    key.startsWith(STAGE_TAG_PREFIX) ||
    key.startsWith(OUTPUT_TAG_PREFIX) ||
    key === GIT_DIRTY_TAG ||
    key === REQUEST_ID_TAG
  );
}

/**
 * A tag-key suffix for a stage name or output path: the name itself when MLflow allows it in a key
 * (alphanumerics, _ - . space / and at most 200 chars), else a hash — the value always holds the real name.
 */
export function tagSuffix(name: string): string {
  return /^[A-Za-z0-9_\-./ ]{1,200}$/.test(name) && !name.includes('..')
    ? name
    : `h-${createHash('sha256').update(name).digest('hex').slice(0, 20)}`;
}

export function gitTags(git: GitInfo | null | undefined): Record<string, string> {
  if (!git) return {};
  return {
    [GIT_COMMIT_TAG]: git.commit,
    ...(git.branch === null ? {} : { [GIT_BRANCH_TAG]: git.branch }),
    [GIT_DIRTY_TAG]: String(git.dirty),
  };
}

export function stageTag(record: StageRecord): [string, string] {
  return [STAGE_TAG_PREFIX + tagSuffix(record.name), JSON.stringify(record)];
}

export function outputTag(output: RunOutput): [string, string] {
  return [OUTPUT_TAG_PREFIX + tagSuffix(output.path), JSON.stringify(output)];
}

/** Records written by another tool or a newer version may not parse: they are skipped, not fatal. */
function parseRecords<T>(tags: Record<string, string>, prefix: string, valid: (v: unknown) => v is T): T[] {
  const out: T[] = [];
  for (const [k, v] of Object.entries(tags)) {
    if (!k.startsWith(prefix)) continue;
    try {
      const parsed: unknown = JSON.parse(v);
      if (valid(parsed)) out.push(parsed);
    } catch {
      // not ours
    }
  }
  return out;
}

const isStageRecord = (v: unknown): v is StageRecord =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as StageRecord).name === 'string' &&
  typeof (v as StageRecord).status === 'string';
const isRunOutput = (v: unknown): v is RunOutput =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as RunOutput).path === 'string' &&
  typeof (v as RunOutput).md5 === 'string';

export function toRunSummary(run: MlflowRun, experimentName: string): RunSummary {
  const { info, tags } = run;
  const commit = tags[GIT_COMMIT_TAG];
  const git: GitInfo | null = commit
    ? { commit, branch: tags[GIT_BRANCH_TAG] ?? null, dirty: tags[GIT_DIRTY_TAG] === 'true' }
    : null;
  const status: RunStatus = info.status === 'SCHEDULED' ? 'RUNNING' : info.status;
  const state = status === 'RUNNING' ? { status, endTime: null } : { status, endTime: info.endTime ?? info.startTime };
  return {
    ...state,
    id: info.runId,
    experiment: experimentName,
    experimentId: info.experimentId,
    name: info.runName,
    startTime: info.startTime,
    params: run.params,
    metrics: Object.fromEntries(Object.values(run.metrics).map((m) => [m.key, m.value])),
    git,
    tags: Object.fromEntries(Object.entries(tags).filter(([k]) => !isInternalTag(k))),
    lifecycle: info.lifecycleStage,
  };
}

export function toRun(run: MlflowRun, experimentName: string): Run {
  return {
    ...toRunSummary(run, experimentName),
    outputs: parseRecords(run.tags, OUTPUT_TAG_PREFIX, isRunOutput).sort((a, b) => a.path.localeCompare(b.path)),
    stages: parseRecords(run.tags, STAGE_TAG_PREFIX, isStageRecord).sort(
      (a, b) => a.startTime - b.startTime || a.name.localeCompare(b.name),
    ),
  };
}

/** A key in MLflow's filter syntax: backquoted, as keys may hold dots or spaces. */
function key(k: string): string {
  if (k.includes('`'))
    throw new TrackingError(
      'invalid-argument',
      `a metric, param or tag name with a backquote cannot be searched in MLflow: ${k}`,
    );
  return `\`${k}\``;
}

function condition(c: Condition): string {
  switch (c.kind) {
    case 'metric':
      if (!Number.isFinite(c.value))
        throw new TrackingError(
          'invalid-argument',
          `MLflow cannot compare metric '${c.key}' with ${c.value}: use a finite number`,
        );
      return `metrics.${key(c.key)} ${c.op} ${c.value}`;
    case 'param':
      return `params.${key(c.key)} ${c.op} ${filterString(c.value)}`;
    case 'tag':
      return `tags.${key(c.key)} ${c.op} ${filterString(c.value)}`;
  }
}

const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'];

/** Our structured filter as an MLflow search filter string (AND of clauses). */
export function toFilterString(filter: RunFilter | undefined): string | undefined {
  if (!filter) return undefined;
  const clauses: string[] = [];
  // MLflow compares status only with = and != (IN is for run_id): a set of statuses is the AND of != over the others.
  if (filter.statuses && filter.statuses.length > 0) {
    const wanted = new Set(filter.statuses);
    for (const s of RUN_STATUSES) if (!wanted.has(s)) clauses.push(`attributes.status != ${filterString(s)}`);
    // SCHEDULED reads as RUNNING (toRunSummary), so it goes with it
    if (!wanted.has('RUNNING')) clauses.push(`attributes.status != 'SCHEDULED'`);
  }
  // LIKE's wildcards in the text only widen the match; the store keeps exact substring matches afterwards.
  if (filter.text) clauses.push(`attributes.run_name ILIKE ${filterString(`%${filter.text}%`)}`);
  for (const c of filter.conditions ?? []) clauses.push(condition(c));
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

const ATTRIBUTE_COLUMNS = { startTime: 'start_time', endTime: 'end_time', name: 'run_name', status: 'status' } as const;

export function toOrderBy(orderBy: readonly OrderBy[] | undefined): string[] | undefined {
  if (!orderBy || orderBy.length === 0) return undefined;
  return orderBy.map(({ field, descending }) => {
    const column =
      field.kind === 'attribute'
        ? `attributes.${ATTRIBUTE_COLUMNS[field.key]}`
        : `${field.kind === 'metric' ? 'metrics' : 'params'}.${key(field.key)}`;
    return `${column} ${descending ? 'DESC' : 'ASC'}`;
  });
}
