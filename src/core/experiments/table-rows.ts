// The experiments table as rows, the shape vscode-dvc's table and `dvc exp show` give it: the working copy,
// then each baseline commit (HEAD first, then newest) with its experiments under it — committed ones (ours
// and DVC's), and those still queued, running or failed from the queue, whose params are their baseline's
// with the experiment's changes applied. Pure: the loader (table-load.ts) reads git and the queue.
import { paramStrings } from '../runner/metrics-files';
import type { CommittedExperiment } from './list';
import type { QueueEntry, RayJobRef } from './queue-store';
import { changedDeps, type RevisionValues } from './values';

export type ExpRowStatus = 'workspace' | 'baseline' | 'success' | 'queued' | 'running' | 'failed';

/** Where an experiment ran: this machine's worker processes, or a Ray job (its logs are on the cluster). */
export type ExpExecutor = { kind: 'local' } | RayJobRef;

interface RowBase {
  /** Stable across reloads: `workspace`, `commit:<sha>`, `exp:<baseline>/<name>`. */
  id: string;
  name: string;
  status: ExpRowStatus;
  /** ms since epoch; null for the working copy. */
  created: number | null;
  params: Record<string, string>;
  metrics: Record<string, number>;
  /** Dependencies whose hash in dvc.lock differs from the baseline's. */
  changedDeps: string[];
}

export type ExpRow =
  | (RowBase & { kind: 'workspace' })
  | (RowBase & { kind: 'baseline'; commit: string; subject: string; head: boolean })
  | (RowBase & {
      kind: 'experiment';
      /** The baseline row's id. */
      parent: string;
      baseline: string;
      /** The experiment's commit, once it is made. */
      commit: string | null;
      /** The tracked run that made it (ours only). */
      run: string | null;
      /** null for experiments not run from our queue (DVC's, `exp run` in the working copy). */
      executor: ExpExecutor | null;
      /** The queue entry, while the queue holds it (logs, cancel). */
      queueId: string | null;
      source: 'mlops' | 'dvc';
      /** Why it failed. */
      message?: string;
    });

export interface BaselineCommit {
  commit: string;
  subject: string;
  created: number;
  values: RevisionValues;
}

export interface TableInputs {
  workspace: RevisionValues;
  head: string | null;
  baselines: BaselineCommit[];
  committed: (CommittedExperiment & { deps: Record<string, string> })[];
  queue: QueueEntry[];
}

export const WORKSPACE_ROW = 'workspace';
export const baselineRowId = (commit: string): string => `commit:${commit}`;
export const experimentRowId = (baseline: string, name: string): string => `exp:${baseline}/${name}`;

export function tableRows(input: TableInputs): ExpRow[] {
  const headValues = input.baselines.find((b) => b.commit === input.head)?.values;
  const rows: ExpRow[] = [
    {
      kind: 'workspace',
      id: WORKSPACE_ROW,
      name: 'workspace',
      status: 'workspace',
      created: null,
      params: input.workspace.params,
      metrics: input.workspace.metrics,
      changedDeps: headValues ? changedDeps(headValues.deps, input.workspace.deps) : [],
    },
  ];
  const queued = new Map(input.queue.map((e) => [experimentRowId(e.task.exp.baseline, e.task.exp.name), e]));
  const children = new Map<string, ExpRow[]>();
  const add = (baseline: string, row: ExpRow): void => {
    const list = children.get(baseline) ?? [];
    list.push(row);
    children.set(baseline, list);
  };
  const baselineValues = new Map(input.baselines.map((b) => [b.commit, b.values]));
  const shown = new Set<string>();
  for (const e of input.committed) {
    const id = experimentRowId(e.baseline, e.name);
    const entry = queued.get(id);
    shown.add(id);
    const base = baselineValues.get(e.baseline);
    add(e.baseline, {
      kind: 'experiment',
      id,
      name: e.name,
      status: 'success',
      created: e.created,
      params: e.params,
      metrics: e.metrics,
      changedDeps: base ? changedDeps(base.deps, e.deps) : [],
      parent: baselineRowId(e.baseline),
      baseline: e.baseline,
      commit: e.commit,
      run: e.run,
      executor: entry ? (entry.executor ?? { kind: 'local' }) : null,
      queueId: entry?.task.id ?? null,
      source: e.source,
    });
  }
  for (const entry of input.queue) {
    const { baseline, name } = entry.task.exp;
    const id = experimentRowId(baseline, name);
    // A SUCCESS entry whose ref is gone was removed: it is not an experiment any more.
    if (shown.has(id) || entry.status === 'SUCCESS') continue;
    const params = { ...(baselineValues.get(baseline)?.params ?? {}) };
    for (const c of entry.task.changes) {
      if (c.op === 'delete') delete params[c.key];
      else Object.assign(params, paramStrings({ [c.key]: c.value }));
    }
    add(baseline, {
      kind: 'experiment',
      id,
      name,
      status: entry.status === 'RUNNING' ? 'running' : entry.status === 'QUEUED' ? 'queued' : 'failed',
      created: entry.created,
      params,
      // While it runs: the latest values its run received (entry-run.ts); none yet while queued.
      metrics: entry.metrics ?? {},
      changedDeps: [],
      parent: baselineRowId(baseline),
      baseline,
      commit: null,
      run: entry.run ?? null,
      executor: entry.executor ?? { kind: 'local' },
      queueId: entry.task.id,
      source: 'mlops',
      ...(entry.message ? { message: entry.message } : {}),
    });
  }
  const ordered = [...input.baselines].sort(
    (a, b) => Number(b.commit === input.head) - Number(a.commit === input.head) || b.created - a.created,
  );
  for (const b of ordered) {
    rows.push({
      kind: 'baseline',
      id: baselineRowId(b.commit),
      name: b.commit.slice(0, 7),
      subject: b.subject,
      head: b.commit === input.head,
      commit: b.commit,
      status: 'baseline',
      created: b.created,
      params: b.values.params,
      metrics: b.values.metrics,
      changedDeps: [],
    });
    const mine = children.get(b.commit) ?? [];
    mine.sort((x, y) => (y.created ?? 0) - (x.created ?? 0));
    rows.push(...mine);
  }
  return rows;
}
