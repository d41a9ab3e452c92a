// The records of a run's append-only log (runs/<id>/log.jsonl), one JSON object per line, `t` first.
// Metric lines start with `{"t":"m","k":<key>,` so a history scan can skip other keys without parsing.
import type { GitInfo, Lifecycle, RunOutput, StageRecord, TerminalStatus } from '../types';

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
  /** A rename: the latest `name` record in file order wins over the `run` record's name. */
  | { t: 'name'; name: string }
  | { t: 'm'; k: string; v: EncodedNumber; s: number; ts: number }
  | { t: 'outputs'; outputs: RunOutput[] }
  | { t: 'stage'; stage: StageRecord }
  | { t: 'lifecycle'; lifecycle: Lifecycle; time: number };

export function encodeNumber(n: number): EncodedNumber {
  if (Number.isFinite(n)) return n;
  if (Number.isNaN(n)) return 'NaN';
  return n > 0 ? 'Infinity' : '-Infinity';
}

/** Number() reads 'NaN', 'Infinity' and '-Infinity' back, and leaves a number as it is. */
export function decodeNumber(v: EncodedNumber): number {
  return Number(v);
}

/** The exact text that begins every metric line of `key` (see metricLine). */
export function metricLinePrefix(key: string): string {
  return `{"t":"m","k":${JSON.stringify(key)},`;
}

export function metricLine(key: string, value: number, step: number, timestamp: number): string {
  return `${metricLinePrefix(key)}"v":${JSON.stringify(encodeNumber(value))},"s":${step},"ts":${timestamp}}`;
}

/** RUNNING is read before these (it has no end time). */
const TERMINAL: readonly string[] = ['FINISHED', 'FAILED', 'KILLED'] satisfies TerminalStatus[];
/** The encoded numbers that are strings, each as it stands quoted in a line. */
const QUOTED: readonly (readonly [EncodedNumber, string])[] = (['NaN', 'Infinity', '-Infinity'] as const).map(
  (t) => [t, `"${t}"`] as const,
);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrMap = (v: unknown): v is Record<string, string> =>
  isObj(v) && Object.values(v).every((x) => typeof x === 'string');
const isEncoded = (v: unknown): v is EncodedNumber => isNum(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity';

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
      return typeof v.status === 'string' && TERMINAL.includes(v.status) && isNum(v.endTime)
        ? (v as LogRecord)
        : undefined;
    case 'params':
      return isStrMap(v.params) ? (v as LogRecord) : undefined;
    case 'tags':
      return isStrMap(v.tags) ? (v as LogRecord) : undefined;
    case 'name':
      return typeof v.name === 'string' && v.name !== '' ? { t: 'name', name: v.name } : undefined;
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

const METRIC_HEAD = '{"t":"m","k":"';
const KEY_END = Buffer.from('","v":');

function at(buf: Buffer, pos: number, bytes: string): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[pos + i] !== bytes.charCodeAt(i)) return false;
  return true;
}

/** A decimal integer at `pos` (digits, optional '-'): [value, position after it], or undefined. */
function int(buf: Buffer, pos: number, end: number): [number, number] | undefined {
  const neg = buf[pos] === 0x2d;
  let p = neg ? pos + 1 : pos;
  let n = 0;
  const first = p;
  for (; p < end; p++) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return p === first ? undefined : [neg ? -n : n, p];
}

/** Reads `"v":…,"s":…,"ts":…}` from `pos` to the line's end, as metricLine() writes it. */
export function parseMetricTail(buf: Buffer, pos: number, end: number): [EncodedNumber, number, number] | undefined {
  if (!at(buf, pos, '"v":')) return undefined;
  let p = pos + 4;
  let v: EncodedNumber;
  if (buf[p] === 0x22) {
    const quoted = QUOTED.find(([, text]) => at(buf, p, text));
    if (!quoted) return undefined;
    v = quoted[0];
    p += quoted[1].length;
  } else {
    let q = p;
    while (q < end && buf[q] !== 0x2c) q++;
    if (q === p) return undefined;
    v = Number(buf.toString('latin1', p, q));
    if (!Number.isFinite(v)) return undefined;
    p = q;
  }
  if (!at(buf, p, ',"s":')) return undefined;
  const s = int(buf, p + 5, end);
  if (!s || !at(buf, s[1], ',"ts":')) return undefined;
  const ts = int(buf, s[1] + 6, end);
  // A torn line never has its closing brace as its last byte.
  if (!ts || ts[1] !== end - 1 || buf[end - 1] !== 0x7d) return undefined;
  return [v, s[0], ts[0]];
}

/**
 * Reads a metric line exactly as metricLine() writes it, without JSON.parse (histories run to millions of
 * lines). undefined for anything else, so callers fall back to JSON.
 */
export function parseMetricLine(buf: Buffer, start: number, end: number): Extract<LogRecord, { t: 'm' }> | undefined {
  if (!at(buf, start, METRIC_HEAD)) return undefined;
  const keyFrom = start + METRIC_HEAD.length; // the key's first byte (its closing quote if it is empty)
  // An unescaped `","v":` cannot occur inside a JSON string (every quote in it is escaped), so the first is the key's end.
  const keyEnd = buf.indexOf(KEY_END, keyFrom);
  if (keyEnd === -1 || keyEnd >= end) return undefined;
  const tail = parseMetricTail(buf, keyEnd + 2, end);
  if (!tail) return undefined;
  const rawKey = buf.toString('utf8', keyFrom, keyEnd);
  const k = rawKey.includes('\\') ? (JSON.parse(`"${rawKey}"`) as string) : rawKey;
  return { t: 'm', k, v: tail[0], s: tail[1], ts: tail[2] };
}

/** Any record line (the metric fast path first); undefined for a torn or foreign line. */
export function parseRecord(buf: Buffer, start: number, end: number): LogRecord | undefined {
  const fast = parseMetricLine(buf, start, end);
  if (fast) return fast;
  try {
    return asRecord(JSON.parse(buf.toString('utf8', start, end)));
  } catch {
    return undefined;
  }
}
