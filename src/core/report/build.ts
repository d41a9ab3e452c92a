// Gathers a report: the candidate run (given, or the newest finished one), its baseline (the --against
// reference, else the one the gate's first relative rule names), the gate, the working copy's plots and the
// registered versions made from either run.
import { baselineResolver, type CheckRule, evaluateChecks, higherIsBetter, withBaseline } from '../checks';
import { collectPlots } from '../plots/collect';
import { WORKSPACE } from '../revisions/git-tree';
import { findRepoRoot } from '../revisions/repo-root';
import type { ModelRegistry } from '../registry/types';
import type { Run, TrackingStore } from '../tracking/types';
import { diffRows, type ReportModel } from './model';

export interface ReportRequest {
  store: TrackingStore;
  openRegistry: () => Promise<ModelRegistry>;
  cwd: string;
  runId?: string;
  against?: string;
  rules: readonly CheckRule[];
}

export async function buildReport(request: ReportRequest): Promise<ReportModel | { error: string }> {
  const { store } = request;
  let run: Run | undefined;
  if (request.runId !== undefined) run = await store.getRun(request.runId);
  else {
    const newest = (await store.searchRuns({ filter: { statuses: ['FINISHED'] }, pageSize: 1 })).items[0];
    run = newest && (await store.getRun(newest.id));
  }
  if (!run) {
    return {
      error:
        request.runId === undefined
          ? `no finished run in ${store.location} to report on; run the pipeline first`
          : `no run '${request.runId}' in ${store.location} (list runs with \`mlops runs list\`)`,
    };
  }
  const rules = withBaseline(request.rules, request.against);
  const relative = rules.find((r) => 'against' in r.bound && r.bound.against !== undefined);
  const against = request.against ?? (relative && 'against' in relative.bound ? relative.bound.against : undefined);
  const resolve = baselineResolver({
    store,
    openRegistry: request.openRegistry,
    cwd: request.cwd,
    candidateRunId: run.id,
    experiment: run.experiment,
  });
  // `best` depends on a metric: the gate's first rule says which and which way.
  const base =
    against === undefined
      ? undefined
      : await resolve({
          against,
          metric: relative?.metric ?? rules[0]?.metric ?? '',
          higherIsBetter: relative ? higherIsBetter(relative.bound) : true,
        });
  const baseline = base?.ok ? base : undefined;
  const label = `run ${run.name} (${run.id.slice(0, 8)}, ${run.experiment})`;
  const gate = rules.length > 0 ? await evaluateChecks(rules, { label, metrics: run.metrics }, resolve) : null;
  const root = findRepoRoot(request.cwd);
  const plots = collectPlots({ root, revisions: [WORKSPACE] }).plots;
  const registry = await request.openRegistry().catch(() => undefined);
  const models = registry ? await registry.listModels().catch(() => []) : [];
  const runIds = new Set([run.id, baseline?.runId].filter((id): id is string => id !== undefined));
  const lineage = models.flatMap((m) =>
    m.versions.filter((v) => v.runId !== null && runIds.has(v.runId)).map((version) => ({ model: m.name, version })),
  );
  return {
    title: `Model report: ${run.name}`,
    candidate: { label, runId: run.id, git: run.git, outputs: run.outputs },
    baseline: baseline ? { label: baseline.label } : null,
    baselineNote: base && !base.ok ? base.reason : against === undefined ? 'none (pass --against REF)' : null,
    params: diffRows(baseline?.params, run.params),
    metrics: diffRows(baseline?.metrics, run.metrics),
    gate,
    plots,
    lineage,
  };
}
