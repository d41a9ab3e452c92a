// A run's state is a pure fold of its log records. Snapshots (summary.json, index.jsonl) store the state
// together with the log offset it covers, so a reader brings any snapshot up to date by folding the tail.
import type { GitInfo, Lifecycle, Run, RunOutput, RunState, RunSummary, StageRecord } from '../types';
import type { RunView } from '../query';
import { decodeNumber, type EncodedNumber, type LogRecord } from './records';

/** Latest value of a metric with what decides "latest": [value, step, timestamp]. */
export type Latest = [EncodedNumber, number, number];

/** JSON-serialisable state of a run. `outputs`/`stages` are left out of the index (see index.ts). */
export interface RunSnap {
  id: string;
  experimentId: string;
  name: string;
  startTime: number;
  git: GitInfo | null;
  state: RunState;
  params: Record<string, string>;
  tags: Record<string, string>;
  lifecycle: Lifecycle;
  latest: Record<string, Latest>;
  outputs: RunOutput[];
  stages: StageRecord[];
}

/** The snapshot after the `run` record, or undefined for any other first record. */
export function startSnap(first: LogRecord): RunSnap | undefined {
  if (first.t !== 'run') return undefined;
  return {
    id: first.id,
    experimentId: first.experimentId,
    name: first.name,
    startTime: first.startTime,
    git: first.git,
    state: { status: 'RUNNING', endTime: null },
    params: {},
    tags: { ...first.tags },
    lifecycle: 'active',
    latest: {},
    outputs: [],
    stages: [],
  };
}

/** Applies one record to `snap` in place. */
export function applyRecord(snap: RunSnap, r: LogRecord): void {
  switch (r.t) {
    case 'm': {
      const cur = snap.latest[r.k];
      if (cur === undefined || isLater(r.s, r.ts, decodeNumber(r.v), cur)) snap.latest[r.k] = [r.v, r.s, r.ts];
      return;
    }
    case 'status':
      snap.state =
        r.status === 'RUNNING' ? { status: 'RUNNING', endTime: null } : { status: r.status, endTime: r.endTime };
      return;
    case 'params':
      Object.assign(snap.params, r.params);
      return;
    case 'tags':
      Object.assign(snap.tags, r.tags);
      return;
    case 'name':
      snap.name = r.name;
      return;
    case 'outputs':
      for (const o of r.outputs) {
        const i = snap.outputs.findIndex((x) => x.path === o.path);
        if (i === -1) snap.outputs.push(o);
        else snap.outputs[i] = o;
      }
      return;
    case 'stage': {
      const i = snap.stages.findIndex((x) => x.name === r.stage.name);
      if (i === -1) snap.stages.push(r.stage);
      else snap.stages[i] = r.stage;
      return;
    }
    case 'lifecycle':
      snap.lifecycle = r.lifecycle;
      return;
    case 'run':
      return; // only ever first; a duplicate changes nothing
  }
}

// MLflow's rule: the latest value is the one with the highest (step, timestamp, value). Independent of
// the order lines landed in the file, so concurrent writers agree. NaN ranks lowest.
function isLater(step: number, ts: number, value: number, cur: Latest): boolean {
  if (step !== cur[1]) return step > cur[1];
  if (ts !== cur[2]) return ts > cur[2];
  const old = decodeNumber(cur[0]);
  if (Number.isNaN(value)) return false;
  return Number.isNaN(old) || value > old;
}

/** How a search reads an index entry without converting it (only the page gets converted). */
export const snapView: RunView<Omit<RunSnap, 'outputs' | 'stages'>> = {
  metric(snap, key) {
    const l = snap.latest[key];
    return l && decodeNumber(l[0]);
  },
  param: (snap, key) => snap.params[key],
  tag: (snap, key) => snap.tags[key],
  status: (snap) => snap.state.status,
  endTime: (snap) => snap.state.endTime,
};

/** The listed shape of a run (outputs and stages are not needed, so an index entry is enough). */
export function snapToSummary(snap: Omit<RunSnap, 'outputs' | 'stages'>, experimentName: string): RunSummary {
  const metrics: Record<string, number> = {};
  for (const k in snap.latest) metrics[k] = decodeNumber(snap.latest[k]![0]);
  return {
    ...snap.state,
    id: snap.id,
    experiment: experimentName,
    experimentId: snap.experimentId,
    name: snap.name,
    startTime: snap.startTime,
    params: { ...snap.params },
    metrics,
    git: snap.git,
    tags: { ...snap.tags },
    lifecycle: snap.lifecycle,
  };
}

export function snapToRun(snap: RunSnap, experimentName: string): Run {
  return {
    ...snapToSummary(snap, experimentName),
    outputs: snap.outputs.map((o) => ({ ...o })),
    stages: snap.stages.map((s) => ({ ...s })),
  };
}
