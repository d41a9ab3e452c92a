// experiments.jsonl: one append-only line per experiment. An experiment's id is derived from its name,
// so two processes creating the same experiment at once append the same id and agree, with no lock.
import { createHash } from 'node:crypto';
import type { Experiment } from '../types';
import { appendLines, readJsonLines } from './jsonl';

export function experimentId(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 16);
}

/** Experiments in creation order; a repeated id keeps its first line. */
export async function readExperiments(file: string): Promise<Experiment[]> {
  const byId = new Map<string, Experiment>();
  for (const v of (await readJsonLines(file)).values) {
    const e = v as Partial<Experiment> & { t?: unknown };
    if (e.t !== 'experiment' || typeof e.id !== 'string' || typeof e.name !== 'string') continue;
    if (typeof e.creationTime !== 'number' || byId.has(e.id)) continue;
    byId.set(e.id, { id: e.id, name: e.name, lifecycle: 'active', creationTime: e.creationTime });
  }
  return [...byId.values()];
}

export function appendExperiment(file: string, name: string, creationTime: number): Experiment {
  const e: Experiment = { id: experimentId(name), name, lifecycle: 'active', creationTime };
  appendLines(file, [JSON.stringify({ t: 'experiment', id: e.id, name, creationTime })], true);
  return e;
}
