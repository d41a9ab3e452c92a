// Checks on what callers hand the store, with messages that say what is wrong, where, and how to fix it.
import { TrackingError } from '../errors';
import type { MetricPoint, RunOutput, RunUpdate, StageRecord } from '../types';

function bad(message: string): never {
  throw new TrackingError('invalid-argument', message);
}

export function checkStringMap(what: 'param' | 'tag', m: Record<string, string>): void {
  for (const [k, v] of Object.entries(m)) {
    if (k === '') bad(`${what} keys must not be empty`);
    if (typeof v !== 'string')
      bad(`${what} '${k}': value must be a string, got ${typeof v} (convert it with String())`);
  }
}

export function checkPoints(points: readonly MetricPoint[]): void {
  points.forEach((p, i) => {
    const where = `metric point ${i}${typeof p.key === 'string' ? ` ('${p.key}')` : ''}`;
    if (typeof p.key !== 'string' || p.key === '') bad(`${where}: key must be a non-empty string`);
    if (typeof p.value !== 'number') bad(`${where}: value must be a number, got ${JSON.stringify(p.value)}`);
    if (!Number.isSafeInteger(p.step)) bad(`${where}: step must be an integer, got ${JSON.stringify(p.step)}`);
    if (!Number.isSafeInteger(p.timestamp))
      bad(`${where}: timestamp must be integer ms since the epoch, got ${JSON.stringify(p.timestamp)}`);
  });
}

export function checkUpdate(u: RunUpdate): void {
  if (u.status === 'RUNNING') return;
  if (!['FINISHED', 'FAILED', 'KILLED'].includes(u.status))
    bad(`unknown run status '${String(u.status)}': use RUNNING, FINISHED, FAILED or KILLED`);
  if (!Number.isSafeInteger(u.endTime))
    bad(`status ${u.status} needs an end time in integer ms since the epoch, got ${JSON.stringify(u.endTime)}`);
}

export function checkOutputs(outputs: readonly RunOutput[]): void {
  for (const o of outputs) {
    if (typeof o.path !== 'string' || o.path === '') bad('an output needs a non-empty path');
    if (typeof o.md5 !== 'string' || o.md5 === '') bad(`output '${o.path}' needs its md5 hash`);
  }
}

export function checkStage(s: StageRecord): void {
  if (typeof s.name !== 'string' || s.name === '') bad('a stage record needs a non-empty name');
  if (!Number.isSafeInteger(s.startTime)) bad(`stage '${s.name}': startTime must be integer ms since the epoch`);
  if (s.status === 'BLOCKED') {
    if (!Array.isArray(s.reasons) || !s.reasons.every((r) => typeof r === 'string'))
      bad(`stage '${s.name}' is BLOCKED: it needs its reasons (a list of strings)`);
  } else if (s.status !== 'RUNNING' && !(Number.isSafeInteger(s.endTime) && Number.isFinite(s.durationMs))) {
    bad(`stage '${s.name}' is ${s.status}: it needs endTime and durationMs`);
  }
}
