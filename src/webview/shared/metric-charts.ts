// The grid of metric charts both panels show: one chart per metric key, one line per run.
// Live points are appended to the lines they belong to and redrawn once per animation frame,
// so a fast logger never rebuilds charts or the DOM.
import type uPlot from 'uplot';
import type { MetricPoint, RunSummary } from '../../core/tracking/types';
import type { ViewSettings } from '../contract';
import { createChart, type Chart } from './chart';
import { runColor } from './colors';
import { formatNumber, printable } from './dom';
import { align, forLogScale, smooth, toLine, xOf, type ColumnHistories, type Columns, type Line } from './series';

interface RunLine extends Line {
  runId: string;
}

interface MetricChart {
  key: string;
  lines: RunLine[];
  chart: Chart;
}

export class MetricCharts {
  private charts = new Map<string, MetricChart>();
  private dirty = new Set<string>();
  private frame = 0;

  constructor(
    private readonly container: HTMLElement,
    private runs: RunSummary[],
    private readonly histories: ColumnHistories,
    private settings: ViewSettings,
  ) {
    this.render();
  }

  /**
   * Metric keys worth a chart, in a stable order: a history of two or more points in some run. A metric
   * logged once (a final value from metrics.json) reads better in the table than as a lone dot; it gets a
   * chart as soon as a live run logs its second point.
   */
  keys(): string[] {
    const keys = new Set<string>();
    for (const byKey of Object.values(this.histories)) {
      for (const [k, series] of Object.entries(byKey)) if (series.values.length >= 2) keys.add(k);
    }
    return [...keys].sort();
  }

  update(settings: ViewSettings, runs = this.runs): void {
    this.settings = settings;
    this.runs = runs;
    this.render();
  }

  /** Live points: appended to the stored history and to the drawn lines. */
  append(runId: string, points: MetricPoint[]): void {
    const byKey = (this.histories[runId] ??= {});
    const start = this.runs.find((r) => r.id === runId)?.startTime ?? 0;
    let structural = false;
    for (const { key, step, value, timestamp } of points) {
      const series = (byKey[key] ??= { steps: [], values: [], timestamps: [] });
      series.steps.push(step);
      series.values.push(value);
      series.timestamps.push(timestamp);
      const chart = this.charts.get(key);
      const line = chart?.lines.find((l) => l.runId === runId);
      if (!chart || !line) {
        structural = true;
        continue;
      }
      const x = xOf(step, timestamp, this.settings.xAxis, start);
      if (line.xs.length > 0 && x < (line.xs[line.xs.length - 1] as number)) structural = true;
      line.xs.push(x);
      line.ys.push(value);
      this.dirty.add(key);
    }
    if (structural) this.render();
    else this.schedule();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    for (const c of this.charts.values()) c.chart.destroy();
    this.charts.clear();
  }

  /** The drawn charts, for export. */
  exportable(): {
    key: string;
    xs: number[];
    series: { label: string; color: string; ys: (number | null)[] }[];
    png: () => string;
  }[] {
    return [...this.charts.values()].map((c) => {
      const [xs, ...columns] = this.data(c.lines);
      return {
        key: c.key,
        xs: xs as number[],
        series: c.lines.map((l, i) => ({
          label: this.label(l.runId),
          color: runColor(l.runId),
          ys: columns[i] as (number | null)[],
        })),
        png: () => c.chart.toPng(),
      };
    });
  }

  private label(runId: string): string {
    return printable(this.runs.find((r) => r.id === runId)?.name ?? runId);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      for (const key of this.dirty) {
        const c = this.charts.get(key);
        if (c) c.chart.setData(this.data(c.lines) as uPlot.AlignedData, this.describe(c.key, c.lines));
      }
      this.dirty.clear();
    });
  }

  private data(lines: RunLine[]): [number[], ...(number | null)[][]] {
    const { smoothing, logScale } = this.settings;
    const shown = lines.map((l) => {
      const ys = smooth(l.ys, smoothing);
      return { xs: l.xs, ys: logScale ? (forLogScale(ys) as number[]) : ys };
    });
    return align(shown);
  }

  private describe(key: string, lines: RunLine[]): string {
    const parts = lines.map((l) => {
      const last = l.ys[l.ys.length - 1];
      return `${this.label(l.runId)}: ${l.ys.length} points, last ${last === undefined ? 'none' : formatNumber(last)}`;
    });
    return `${printable(key)} chart. ${parts.join('; ')}`;
  }

  private linesFor(key: string): RunLine[] {
    return this.runs
      .filter((r) => (this.histories[r.id]?.[key]?.values.length ?? 0) > 0)
      .map((r) => ({
        runId: r.id,
        ...toLine(this.histories[r.id]?.[key] as Columns, this.settings.xAxis, r.startTime),
      }));
  }

  private render(): void {
    this.destroy();
    for (const key of this.keys()) {
      const lines = this.linesFor(key);
      if (lines.length === 0) continue;
      const chart = createChart(this.container, {
        title: printable(key),
        xAxis: this.settings.xAxis,
        logScale: this.settings.logScale,
        series: lines.map((l) => ({ label: this.label(l.runId), color: runColor(l.runId), dots: l.xs.length < 2 })),
        data: this.data(lines) as uPlot.AlignedData,
        description: this.describe(key, lines),
      });
      this.charts.set(key, { key, lines, chart });
    }
  }
}
