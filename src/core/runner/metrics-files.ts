// Reading what stages leave behind for tracking: metrics files (JSON/YAML/TOML, nested keys flattened with
// `.` as `dvc metrics show` does), plots files with a step-like column (CSV/TSV/JSON rows, e.g. per-epoch
// loss) as histories, and params values as the strings trackers store. (DVCLive's folder is read by
// tracking/dvclive.ts.)
import * as path from 'node:path';
import type { Value } from '../pipeline/py-value';
import { PyFloat, pyNumber } from '../pipeline/py-value';
import { parseParamsText } from '../pipeline/params-files';
import { parse as parseYaml } from 'yaml';
import { readBoundedText } from '../bounded-read';

/** Numeric leaves of a metrics file, flattened: `{"recall": {"0": 0.8}}` → `recall.0`. */
export function readMetricsFile(absPath: string): Record<string, number> {
  const read = readBoundedText(absPath);
  if (!read.ok) return {};
  return metricsFromText(absPath, read.text);
}

/** Numeric leaves of a metrics file's text (format by the path's extension). */
export function metricsFromText(filePath: string, text: string): Record<string, number> {
  const values = metricsValues(filePath, text);
  if (values === undefined) return {};
  const out: Record<string, number> = {};
  flatten(values, '', (k, v) => {
    if (typeof v === 'number' || v instanceof PyFloat) out[k] = Number(v);
    else if (typeof v === 'boolean') out[k] = Number(v);
  });
  return out;
}

/** A params value as trackers keep it: Python's str() of the value, dicts flattened into dotted keys. */
export function paramStrings(values: Record<string, Value>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  flatten(values, prefix, (k, v) => {
    out[k] = pyString(v);
  });
  return out;
}

function pyString(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (v instanceof PyFloat) return String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * A metrics file's data. JSON (what DVCLive and most scripts write) through JSON.parse, several times faster
 * than the params reader, which keeps key ranges and float spelling that metrics do not need.
 */
function metricsValues(filePath: string, text: string): Value | undefined {
  if (filePath.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text) as Value;
    } catch {
      // Not strict JSON (NaN, comments): the params reader says what DVC would.
    }
  }
  const parsed = parseParamsText(filePath, text);
  return parsed.error ? undefined : parsed.values;
}

function flatten(v: Value, prefix: string, emit: (key: string, v: Value) => void): void {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat)) {
    for (const [k, child] of Object.entries(v)) flatten(child, prefix === '' ? k : `${prefix}.${k}`, emit);
  } else if (prefix !== '') emit(prefix, v);
}

const STEP_COLUMNS = ['step', 'epoch', 'iteration', 'iter'];

export interface HistorySeries {
  key: string;
  points: { step: number; value: number }[];
}

/** Series of a plots file that has a step-like column: every other numeric column, one point per row. */
export function readPlotsHistory(absPath: string): HistorySeries[] {
  const read = readBoundedText(absPath);
  if (!read.ok) return [];
  const rows = parseRows(absPath, read.text);
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0] as Record<string, unknown>);
  const stepCol = columns.find((c) => STEP_COLUMNS.includes(c.toLowerCase()));
  if (stepCol === undefined) return [];
  const series: HistorySeries[] = [];
  for (const col of columns) {
    if (col === stepCol || col === 'timestamp') continue;
    const points: { step: number; value: number }[] = [];
    rows.forEach((row, i) => {
      const value = Number(row[col]);
      const step = Number(row[stepCol]);
      if (row[col] !== '' && Number.isFinite(value)) points.push({ step: Number.isInteger(step) ? step : i, value });
    });
    if (points.length > 0) series.push({ key: col, points });
  }
  return series;
}

function parseRows(absPath: string, text: string): Record<string, unknown>[] {
  const ext = path.extname(absPath).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') {
    const sep = ext === '.tsv' ? '\t' : ',';
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = (lines[0] ?? '').split(sep).map((h) => h.trim());
    return lines.slice(1).map((l) => {
      const cells = l.split(sep);
      return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
    });
  }
  // A JSON/YAML plots file is a list of rows, or a dict holding one list of rows.
  let data: unknown;
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch {
    return [];
  }
  const list = Array.isArray(data)
    ? data
    : typeof data === 'object' && data !== null
      ? Object.values(data).find(Array.isArray)
      : undefined;
  return ((list ?? []) as unknown[]).filter(
    (r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r),
  );
}
