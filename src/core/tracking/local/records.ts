// The records of a run's append-only log (runs/<id>/log.jsonl), one JSON object per line, `t` first.
// Metric lines start with `{"t":"m","k":<key>,` so a history scan can skip other keys without parsing.
import type { GitInfo, Lifecycle, RunOutput, RunStatus, StageRecord, TerminalStatus } from '../types';

/** JSON has no NaN/Infinity: they are written as these strings (as MLflow does). */
export type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export type LogRecord =
  | {
      t: 'run';
      id: string;
      experimentId: string;
      name: string;
      startTime: number;
      git: GitInfo | null;
      tags: Record<string, string>;
    }
  | { t: 'status'; status: 'RUNNING' }
  | { t: 'status'; status: TerminalStatus; endTime: number }
  | { t: 'params'; params: Record<string, string> }
  | { t: 'tags'; tags: Record<string, string> }
  | { t: 'm'; k: string; v: EncodedNumber; s: number; ts: number }
  | { t: 'outputs'; outputs: RunOutput[] }
  | { t: 'stage'; stage: StageRecord }
  | { t: 'lifecycle'; lifecycle: Lifecycle; time: number };

export function encodeNumber(n: number): EncodedNumber {
  if (Number.isFinite(n)) return n;
  if (Number.isNaN(n)) return 'NaN';
  return n > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(v: EncodedNumber): number {
  return typeof v === 'number' ? v : Number(v);
}

/** The exact text that begins every metric line of `key` (see metricLine). */
export function metricLinePrefix(key: string): string {
  return `{"t":"m","k":${JSON.stringify(key)},`;
}

export function metricLine(key: string, value: number, step: number, timestamp: number): string {
  return `${metricLinePrefix(key)}"v":${JSON.stringify(encodeNumber(value))},"s":${step},"ts":${timestamp}}`;
}

const STATUSES: readonly string[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'] satisfies RunStatus[];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrMap = (v: unknown): v is Record<string, string> =>
  isObj(v) && Object.values(v).every((x) => typeof x === 'string');
const isEncoded = (v: unknown): v is EncodedNumber =>
  isNum(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity';

/** The record, or undefined if `v` is not one (a hand-edited or foreign line: skipped, like a torn one). */
export function asRecord(v: unknown): LogRecord | undefined {
  if (!isObj(v)) return undefined;
  switch (v.t) {
    case 'm':
      return typeof v.k === 'string' && isEncoded(v.v) && isNum(v.s) && isNum(v.ts) ? (v as LogRecord) : undefined;
    case 'run':
      return typeof v.id === 'string' &&
        typeof v.experimentId === 'string' &&
        typeof v.name === 'string' &&
        isNum(v.startTime) &&
        (v.git === null || isObj(v.git)) &&
        isStrMap(v.tags)
        ? (v as LogRecord)
        : undefined;
    case 'status':
      if (v.status === 'RUNNING') return { t: 'status', status: 'RUNNING' };
      return typeof v.status === 'string' && STATUSES.includes(v.status) && isNum(v.endTime)
        ? (v as LogRecord)
        : undefined;
    case 'params':
      return isStrMap(v.params) ? (v as LogRecord) : undefined;
    case 'tags':
      return isStrMap(v.tags) ? (v as LogRecord) : undefined;
    case 'outputs':
      return Array.isArray(v.outputs) && v.outputs.every((o) => isObj(o) && typeof o.path === 'string')
        ? (v as LogRecord)
        : undefined;
    case 'stage':
      return isObj(v.stage) && typeof v.stage.name === 'string' ? (v as LogRecord) : undefined;
    case 'lifecycle':
      return (v.lifecycle === 'active' || v.lifecycle === 'deleted') && isNum(v.time) ? (v as LogRecord) : undefined;
    default:
      return undefined;
  }
}
