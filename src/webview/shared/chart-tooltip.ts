// Hover tooltips on a metric-history chart (uPlot), as the DVC plots beside it show theirs (plot-tooltip.ts):
// the nearest point of the run under the pointer is ringed, and one tooltip says the run (in its colour), the x
// value and the metric's value. uPlot already finds the x index under the pointer; the run is the one whose line
// passes closest to the pointer there, so the search reads the chart's own data and no element exists per point.
// Updated at most once a frame.
import type uPlot from 'uplot';
import type { XAxis } from '../contract';
import { tooltipIn } from './plot-tooltip';

/** Farther than this from every line (CSS pixels), the pointer is over none. */
const NEAR = 24;

export interface TooltipLabels {
  /** The figure the chart is drawn in (positioned): the tooltip is its child. */
  figure: HTMLElement;
  /** The metric's name, the y value's label. */
  metric: string;
  xAxis: XAxis;
  xLabel: string;
}

/** uPlot hooks that show the tooltip on `labels.figure` (pass them in the chart's options). */
export function chartTooltipHooks(labels: TooltipLabels): Pick<uPlot.Hooks.Arrays, 'init' | 'setCursor'> {
  let tooltip: ReturnType<typeof tooltipIn> | undefined;
  let frame = 0;
  const update = (u: uPlot): void => {
    frame = 0;
    const hit = nearest(u);
    if (!tooltip) return;
    if (!hit) {
      tooltip.hide();
      return;
    }
    const series = u.series[hit.series]!;
    const x = u.data[0][hit.index] as number;
    // The plotting area's place in the figure (uPlot's overlay is inside its own wrapper).
    const over = u.over.getBoundingClientRect();
    const box = labels.figure.getBoundingClientRect();
    tooltip.show(
      typeof series.stroke === 'function' ? String(series.stroke(u, hit.series)) : String(series.stroke ?? ''),
      {
        revision: String(series.label ?? ''),
        rows: [
          [labels.xLabel, formatX(x, labels.xAxis)],
          [labels.metric, String(hit.value)],
        ],
      },
      over.left - box.left - labels.figure.clientLeft + hit.x,
      over.top - box.top - labels.figure.clientTop + hit.y,
      true,
    );
  };
  return {
    init: [
      () => {
        tooltip = tooltipIn(labels.figure);
      },
    ],
    setCursor: [
      (u) => {
        if (frame === 0) frame = requestAnimationFrame(() => update(u));
      },
    ],
  };
}

/** The shown series whose value at the cursor's x index is drawn closest to the pointer, within NEAR pixels. */
function nearest(u: uPlot): { series: number; index: number; value: number; x: number; y: number } | undefined {
  const { idx, left, top } = u.cursor;
  if (idx === null || idx === undefined || left === undefined || top === undefined || left < 0) return undefined;
  const x = u.valToPos(u.data[0][idx] as number, 'x');
  let best: { series: number; index: number; value: number; x: number; y: number } | undefined;
  for (let s = 1; s < u.series.length; s++) {
    const value = u.data[s]?.[idx];
    if (u.series[s]?.show === false || value === null || value === undefined) continue;
    const y = u.valToPos(value, 'y');
    const distance = Math.hypot(x - left, y - top);
    if (distance <= NEAR && (!best || distance < Math.hypot(best.x - left, best.y - top)))
      best = { series: s, index: idx, value, x, y };
  }
  return best;
}

/** The x value as the axis reads it: a step, a wall-clock time (seconds since the epoch), seconds since start. */
function formatX(x: number, axis: XAxis): string {
  if (axis !== 'wall') return String(x);
  return new Date(x * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}
