// What a relative rule compares with, resolved once per reference:
//   best | best:EXPERIMENT  the best finished run of the experiment (the candidate's own, by default) by the
//                           rule's metric — highest for a floor, lowest for a ceiling — the candidate left out;
//   MODEL#STAGE | STAGE     the model version holding that registry stage or MLflow alias: its run's metrics,
//                           else the metrics at its commit;
//   REVISION                a git revision: the latest finished run recorded at that commit, else the metrics
//                           files of the workspace's dvc.yaml as committed there (what `dvc metrics diff` reads)
//                           with the params committed there.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { relPrefix } from '../experiments/list';
import { valuesAtCommits } from '../experiments/values';
import type { ModelRegistry, ModelVersionInfo } from '../registry/types';
import { metricsFromText } from '../runner/metrics-files';
import type { RunSummary, TrackingStore } from '../tracking/types';
import type { Baseline, BaselineRequest, ResolveBaseline } from './evaluate';
import { workspaceMetricsFiles } from './workspace';

const run = promisify(execFile);

export interface BaselineContext {
  store: TrackingStore;
  /** Opened only when a rule names a stage or alias. */
  openRegistry: () => Promise<ModelRegistry>;
  /** The workspace (inside its git repository). */
  cwd: string;
  /** The candidate run: never its own baseline. */
  candidateRunId?: string;
  /** The experiment `best` means when it names none. */
  experiment: string;
}

const shortId = (id: string): string => id.slice(0, 8);

type Found = Extract<Baseline, { ok: true }>;

/**
 * What a reference resolves to for any candidate: the runs it could be, in order of preference, and what it is
 * when every one of them is the candidate itself (the next best thing, or why there is none). Two runs suffice:
 * a candidate is one run.
 */
interface Choices {
  runs: Found[];
  /** Read only when asked for (committed metrics cost git calls), at most once. */
  otherwise: () => Promise<Baseline>;
}

const fromRun = (label: string, r: RunSummary): Found => ({
  ok: true,
  label,
  metrics: r.metrics,
  params: r.params,
  runId: r.id,
});

/** Resolves each reference once for every candidate asking (the Experiments table gates many rows). */
export type BaselineSource = (candidateRunId: string | undefined) => ResolveBaseline;

export function baselineSource(ctx: Omit<BaselineContext, 'candidateRunId'>): BaselineSource {
  const cache = new Map<string, Promise<Choices>>();
  const choices = (request: BaselineRequest): Promise<Choices> => {
    const best = /^best(?::(.+))?$/.exec(request.against);
    const key = best ? `${request.against}\0${request.metric}\0${request.higherIsBetter}` : request.against;
    let found = cache.get(key);
    if (!found) {
      found = best ? bestRuns(ctx, best[1] ?? ctx.experiment, request) : stageOrRevision(ctx, request.against);
      cache.set(key, found);
    }
    return found;
  };
  return (candidateRunId) => async (request) => {
    const { runs, otherwise } = await choices(request);
    return runs.find((r) => r.runId !== candidateRunId) ?? otherwise();
  };
}

export function baselineResolver(ctx: BaselineContext): ResolveBaseline {
  return baselineSource(ctx)(ctx.candidateRunId);
}

const only = (baseline: Baseline): Choices => ({ runs: [], otherwise: async () => baseline });

function once<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= read());
}

async function bestRuns(
  ctx: Omit<BaselineContext, 'candidateRunId'>,
  experimentName: string,
  request: BaselineRequest,
): Promise<Choices> {
  const experiment = await ctx.store.getExperimentByName(experimentName);
  if (!experiment) return only({ ok: false, absent: false, reason: `best: no experiment '${experimentName}'` });
  // Runs without the metric sort last either way, so the first two hold the best one besides any candidate.
  const page = await ctx.store.searchRuns({
    experimentIds: [experiment.id],
    filter: { statuses: ['FINISHED'] },
    orderBy: [{ field: { kind: 'metric', key: request.metric }, descending: request.higherIsBetter }],
    pageSize: 2,
  });
  return {
    runs: page.items
      .filter((r) => r.metrics[request.metric] !== undefined)
      .map((r) => fromRun(`best of ${experimentName} (run ${shortId(r.id)})`, r)),
    otherwise: async () => ({
      ok: false,
      absent: true,
      reason: `no other finished run of '${experimentName}' has ${request.metric}`,
    }),
  };
}

async function stageOrRevision(ctx: Omit<BaselineContext, 'candidateRunId'>, against: string): Promise<Choices> {
  const registry = await ctx.openRegistry().catch(() => undefined);
  const models = registry ? await registry.listModels() : [];
  const [modelName, stage] = against.includes('#') ? against.split('#', 2) : [undefined, against];
  const holders: { model: string; version: ModelVersionInfo }[] = [];
  for (const model of models) {
    if (modelName !== undefined && model.name !== modelName) continue;
    const version = model.versions.find((v) => v.stages.includes(stage!) || v.aliases.includes(stage!));
    if (version) holders.push({ model: model.name, version });
  }
  if (holders.length > 1) {
    const list = holders.map((h) => `${h.model} ${h.version.version}`).join(', ');
    return only({
      ok: false,
      absent: false,
      reason: `'${against}' is held by ${list}; name the model: "${holders[0]!.model}#${stage}"`,
    });
  }
  if (holders.length === 1) {
    const { model, version } = holders[0]!;
    const label = `${model} ${version.version} (${stage})`;
    if (version.runId) {
      // The production version's own run, even when it is the candidate: a release compared with itself.
      const r = await ctx.store.getRun(version.runId).catch(() => undefined);
      if (r) return only(fromRun(`${label}, run ${shortId(r.id)}`, r));
    }
    if (version.commit) return revision(ctx, version.commit, label);
    return only({ ok: false, absent: true, reason: `${label} has no run or commit to read metrics from` });
  }
  const commit = await resolveCommit(ctx.cwd, against);
  if (commit) return revision(ctx, commit, against);
  if (modelName !== undefined || models.every((m) => m.versions.length === 0)) {
    // Nothing registered yet (the first release): nothing to compare with.
    return only({ ok: false, absent: true, reason: `no model version holds '${against}' yet` });
  }
  const stages = [...new Set(models.flatMap((m) => m.versions.flatMap((v) => [...v.stages, ...v.aliases])))];
  return only({
    ok: false,
    absent: false,
    reason: `'${against}' is neither a stage or alias in the registry (in use: ${stages.join(', ') || 'none'}) nor a git revision`,
  });
}

async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  if (rev.startsWith('-')) return undefined;
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A commit: the latest finished runs recorded there, else the metrics files committed there. */
async function revision(ctx: Omit<BaselineContext, 'candidateRunId'>, commit: string, label: string): Promise<Choices> {
  const runs = (await latestRunsAt(ctx.store, commit)).map((r) => fromRun(`${label}, run ${shortId(r.id)}`, r));
  return { runs, otherwise: once(() => committedMetrics(ctx.cwd, commit, label)) };
}

async function committedMetrics(cwd: string, commit: string, label: string): Promise<Baseline> {
  const metrics: Record<string, number> = {};
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch {
    return { ok: false, absent: false, reason: `${cwd} is not in a git repository, so '${label}' cannot be read` };
  }
  for (const file of workspaceMetricsFiles(cwd)) {
    const rel = path.relative(top, file).split(path.sep).join('/');
    const text = await run('git', ['show', `${commit}:${rel}`], { cwd: top, maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => r.stdout,
      () => undefined,
    );
    if (text !== undefined) Object.assign(metrics, metricsFromText(file, text));
  }
  if (Object.keys(metrics).length === 0) {
    return {
      ok: false,
      absent: true,
      reason: `no run was recorded at ${label} and no metrics file is committed there`,
    };
  }
  // The params committed there too (a report's params diff), read as the experiments table reads a commit's.
  const [values] = await valuesAtCommits(top, relPrefix(top, cwd), [commit]).catch(() => []);
  const params = values && Object.keys(values.params).length > 0 ? { params: values.params } : {};
  return { ok: true, label: `${label} (${commit.slice(0, 7)}, committed metrics)`, metrics, ...params };
}

/** The newest two finished runs recorded at the commit (newest first). */
async function latestRunsAt(store: TrackingStore, commit: string): Promise<RunSummary[]> {
  const hits: RunSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ filter: { statuses: ['FINISHED'] }, pageSize: 1000, pageToken });
    for (const r of page.items) if (r.git?.commit === commit && hits.push(r) === 2) return hits;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return hits;
}
