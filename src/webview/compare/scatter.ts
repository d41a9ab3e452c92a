// Scatter of one param against one metric across the compared runs (numeric params only).
import type { RunSummary } from '../../core/tracking/types';
import { createChart, type Chart } from '../shared/chart';
import { printable } from '../shared/dom';

export interface ScatterPoints {
  xs: number[];
  ys: number[];
  names: string[];
}

/** Runs with a numeric value of `param` and a finite `metric`, sorted by the param. */
export function scatterPoints(runs: readonly RunSummary[], param: string, metric: string): ScatterPoints {
  const points = runs
    .map((r) => ({ x: Number(r.params[param]), y: r.metrics[metric], name: r.name }))
    .filter(
      (p): p is { x: number; y: number; name: string } =>
        Number.isFinite(p.x) && p.y !== undefined && Number.isFinite(p.y),
    );
  points.sort((a, b) => a.x - b.x);
  return { xs: points.map((p) => p.x), ys: points.map((p) => p.y), names: points.map((p) => p.name) };
}

export function scatterChart(
  container: HTMLElement,
  runs: readonly RunSummary[],
  param: string,
  metric: string,
): Chart {
  const { xs, ys } = scatterPoints(runs, param, metric);
  const chart = createChart(container, {
    title: `${printable(metric)} by ${printable(param)}`,
    xAxis: 'step',
    logScale: false,
    series: [{ label: printable(metric), color: '#f28e2b' }],
    data: [xs, ys],
    description: `Scatter of metric ${printable(metric)} against param ${printable(param)} over ${xs.length} runs.`,
    points: true,
    xLabel: printable(param),
  });
  return chart;
}
