// What a relative rule compares with, resolved once per reference:
//   best | best:EXPERIMENT  the best finished run of the experiment (the candidate's own, by default) by the
//                           rule's metric — highest for a floor, lowest for a ceiling — the candidate left out;
//   MODEL#STAGE | STAGE     the model version holding that registry stage or MLflow alias: its run's metrics,
//                           else the metrics at its commit;
//   REVISION                a git revision: the latest finished run recorded at that commit, else the metrics
//                           files of the workspace's dvc.yaml as committed there (what `dvc metrics diff` reads).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
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

const fromRun = (r: RunSummary) => ({ metrics: r.metrics, params: r.params, runId: r.id });

export function baselineResolver(ctx: BaselineContext): ResolveBaseline {
  const cache = new Map<string, Promise<Baseline>>();
  return (request: BaselineRequest) => {
    const best = /^best(?::(.+))?$/.exec(request.against);
    const key = best ? `${request.against}\0${request.metric}\0${request.higherIsBetter}` : request.against;
    let found = cache.get(key);
    if (!found) {
      found = best ? bestRun(ctx, best[1] ?? ctx.experiment, request) : stageOrRevision(ctx, request.against);
      cache.set(key, found);
    }
    return found;
  };
}

async function bestRun(ctx: BaselineContext, experimentName: string, request: BaselineRequest): Promise<Baseline> {
  const experiment = await ctx.store.getExperimentByName(experimentName);
  if (!experiment) return { ok: false, absent: false, reason: `best: no experiment '${experimentName}'` };
  // Runs without the metric sort last either way, so the first page holds the best one unless it is the candidate.
  const page = await ctx.store.searchRuns({
    experimentIds: [experiment.id],
    filter: { statuses: ['FINISHED'] },
    orderBy: [{ field: { kind: 'metric', key: request.metric }, descending: request.higherIsBetter }],
    pageSize: 2,
  });
  const top = page.items.find((r) => r.id !== ctx.candidateRunId && r.metrics[request.metric] !== undefined);
  if (!top)
    return { ok: false, absent: true, reason: `no other finished run of '${experimentName}' has ${request.metric}` };
  return { ok: true, label: `best of ${experimentName} (run ${shortId(top.id)})`, ...fromRun(top) };
}

async function stageOrRevision(ctx: BaselineContext, against: string): Promise<Baseline> {
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
    return {
      ok: false,
      absent: false,
      reason: `'${against}' is held by ${list}; name the model: "${holders[0]!.model}#${stage}"`,
    };
  }
  if (holders.length === 1) {
    const { model, version } = holders[0]!;
    const label = `${model} ${version.version} (${stage})`;
    if (version.runId) {
      const r = await ctx.store.getRun(version.runId).catch(() => undefined);
      if (r) return { ok: true, label: `${label}, run ${shortId(r.id)}`, ...fromRun(r) };
    }
    if (version.commit) return revision(ctx, version.commit, label);
    return { ok: false, absent: true, reason: `${label} has no run or commit to read metrics from` };
  }
  const commit = await resolveCommit(ctx.cwd, against);
  if (commit) return revision(ctx, commit, against);
  if (modelName !== undefined || models.every((m) => m.versions.length === 0)) {
    // Nothing registered yet (the first release): nothing to compare with.
    return { ok: false, absent: true, reason: `no model version holds '${against}' yet` };
  }
  const stages = [...new Set(models.flatMap((m) => m.versions.flatMap((v) => [...v.stages, ...v.aliases])))];
  return {
    ok: false,
    absent: false,
    reason: `'${against}' is neither a stage or alias in the registry (in use: ${stages.join(', ') || 'none'}) nor a git revision`,
  };
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

async function revision(ctx: BaselineContext, commit: string, label: string): Promise<Baseline> {
  const atCommit = await latestRunAt(ctx.store, commit, ctx.candidateRunId);
  if (atCommit) return { ok: true, label: `${label}, run ${shortId(atCommit.id)}`, ...fromRun(atCommit) };
  const metrics: Record<string, number> = {};
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: ctx.cwd })).stdout.trim();
  } catch {
    return { ok: false, absent: false, reason: `${ctx.cwd} is not in a git repository, so '${label}' cannot be read` };
  }
  for (const file of workspaceMetricsFiles(ctx.cwd)) {
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
  return { ok: true, label: `${label} (${commit.slice(0, 7)}, committed metrics)`, metrics };
}

async function latestRunAt(store: TrackingStore, commit: string, exclude?: string): Promise<RunSummary | undefined> {
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ filter: { statuses: ['FINISHED'] }, pageSize: 1000, pageToken });
    const hit = page.items.find((r) => r.git?.commit === commit && r.id !== exclude);
    if (hit) return hit; // newest first
    pageToken = page.nextPageToken;
  } while (pageToken);
  return undefined;
}
