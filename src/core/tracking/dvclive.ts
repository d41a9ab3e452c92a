// DVCLive's outputs, ingested into a run: histories from plots/metrics/**/<name>.tsv (tab-separated, a
// header `step<TAB><name>` — older versions also have a `timestamp` column), the metric key being the
// path under plots/metrics without `.tsv` (`train/loss`), and metrics.json for values that have no plot
// (nested objects flatten to `a/b`, the top-level "step" is DVCLive's own counter, not a metric).
import * as fs from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { IngestProblem } from './live';
import { FileTail } from './tail';
import type { MetricPoint, TrackingStore } from './types';
import { readBoundedText } from '../bounded-read';

interface TsvState {
  tail: FileTail;
  key: string;
  columns?: { step: number; value: number; timestamp?: number };
}

/** Python's float reprs that JSON and Number() do not read. */
function pyFloat(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return t === '' ? NaN : Number(t);
}

export class DvcLiveIngester {
  private readonly tsvs = new Map<string, TsvState>();
  /** Keys that got at least one point from a .tsv: metrics.json does not repeat them. */
  private readonly plotted = new Set<string>();
  private chain: Promise<number> = Promise.resolve(0);

  /** `dir` is DVCLive's output folder (`dvclive` in the stage's working directory by default). */
  constructor(
    private readonly store: TrackingStore,
    private readonly runId: string,
    readonly dir: string,
    private readonly onProblem: (p: IngestProblem) => void = () => {},
  ) {}

  /** Ingests rows appended to the .tsv files since the last poll. Polls never overlap. */
  poll(): Promise<number> {
    const next = this.chain.catch(() => 0).then(() => this.ingestPlots());
    this.chain = next;
    return next;
  }

  /** After the stage: a last poll, then the metrics.json values no .tsv carried. */
  async finish(): Promise<number> {
    const n = await this.poll();
    const file = join(this.dir, 'metrics.json');
    const read = readBoundedText(file);
    if (!read.ok) {
      if (read.reason !== 'missing') this.onProblem({ file, line: 1, message: read.message });
      return n;
    }
    let json: unknown;
    try {
      // Python writes NaN and Infinity bare, which JSON does not allow.
      json = JSON.parse(read.text.replace(/:\s*(NaN|-?Infinity)\b/g, ': "$1"'));
    } catch (err) {
      this.onProblem({ file, line: 1, message: `cannot read it: ${(err as Error).message}` });
      return n;
    }
    if (typeof json !== 'object' || json === null) return n;
    const { step, ...rest } = json as Record<string, unknown>;
    const at = Number.isSafeInteger(step) ? (step as number) : 0;
    const now = Date.now();
    const points: MetricPoint[] = [];
    for (const [key, value] of flatten(rest)) {
      if (!this.plotted.has(key)) points.push({ key, value, step: at, timestamp: now });
    }
    if (points.length > 0) await this.store.logMetrics(this.runId, points);
    return n + points.length;
  }

  private async ingestPlots(): Promise<number> {
    let logged = 0;
    for (const path of listTsv(join(this.dir, 'plots', 'metrics'))) {
      let st = this.tsvs.get(path);
      if (!st) {
        const key = relative(join(this.dir, 'plots', 'metrics'), path)
          .split(sep)
          .join('/')
          .replace(/\.tsv$/, '');
        st = { tail: new FileTail(path), key };
        this.tsvs.set(path, st);
      }
      logged += await this.ingestTsv(path, st);
    }
    return logged;
  }

  private async ingestTsv(path: string, st: TsvState): Promise<number> {
    const { lines, restarted } = st.tail.read();
    if (restarted) st.columns = undefined; // DVCLive rewrites a .tsv when resuming: read it again
    const now = Date.now();
    const points: MetricPoint[] = [];
    for (const l of lines) {
      const cells = l.text.split('\t');
      if (!st.columns) {
        st.columns = this.header(cells, st.key);
        if (!st.columns) {
          this.onProblem({
            file: path,
            line: l.line,
            message: `expected a header with 'step' and a value column, got '${l.text}'`,
          });
          return 0;
        }
        st.tail.commit(l);
        continue;
      }
      const step = Number(cells[st.columns.step]);
      const value = pyFloat(cells[st.columns.value] ?? '');
      const ts = st.columns.timestamp === undefined ? now : Number(cells[st.columns.timestamp]);
      if (!Number.isSafeInteger(step) || !Number.isSafeInteger(ts) || cells.length < 2) {
        this.onProblem({
          file: path,
          line: l.line,
          message: `expected '<step>\\t<value>' with an integer step, got '${l.text}'`,
        });
        continue;
      }
      points.push({ key: st.key, value, step, timestamp: ts });
    }
    if (points.length > 0) await this.store.logMetrics(this.runId, points);
    if (lines.length > 0) st.tail.commit(lines[lines.length - 1]!);
    if (points.length > 0) this.plotted.add(st.key);
    return points.length;
  }

  private header(cells: string[], key: string): TsvState['columns'] {
    const step = cells.indexOf('step');
    const ts = cells.indexOf('timestamp');
    const name = key.slice(key.lastIndexOf('/') + 1);
    let value = cells.indexOf(name);
    if (value === -1) value = cells.findIndex((c, i) => i !== step && i !== ts);
    if (step === -1 || value === -1) return undefined;
    return ts === -1 ? { step, value } : { step, value, timestamp: ts };
  }
}

function listTsv(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((e) => (e.isDirectory() ? listTsv(join(dir, e.name)) : e.name.endsWith('.tsv') ? [join(dir, e.name)] : []))
    .sort();
}

/** Numeric leaves of a nested object, keyed `a/b/c` (NaN and ±Infinity arrive as strings, see finish()). */
function flatten(o: Record<string, unknown>, prefix = ''): [string, number][] {
  return Object.entries(o).flatMap(([k, v]): [string, number][] => {
    const key = prefix + k;
    if (typeof v === 'number') return [[key, v]];
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return [[key, Number(v)]];
    if (typeof v === 'object' && !Array.isArray(v)) return flatten(v as Record<string, unknown>, key + '/');
    return [];
  });
}
