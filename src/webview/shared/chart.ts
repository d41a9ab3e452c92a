// One metric chart on a canvas (uPlot): zoom by dragging or the wheel, pan by Shift+drag; the keyboard does both,
// hover read-outs in the legend and a tooltip at the nearest point (chart-tooltip.ts), colours from the VS Code
// theme.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { XAxis } from '../contract';
import { el } from './dom';
import { chartTooltipHooks } from './chart-tooltip';

export interface ChartSeries {
  label: string;
  color: string;
  /** Mark the points: a line of one point would draw nothing. */
  dots?: boolean;
}

export interface ChartSpec {
  title: string;
  xAxis: XAxis;
  logScale: boolean;
  series: ChartSeries[];
  data: uPlot.AlignedData;
  /** Read by screen readers: what the chart shows, in words. */
  description: string;
  /** Draw points only (a scatter) instead of lines. */
  points?: boolean;
  /** Overrides the x axis title (a scatter's param name). */
  xLabel?: string;
}

export interface Chart {
  readonly root: HTMLElement;
  /** New data on the same series; keeps the user's zoom if there is one. */
  setData(data: uPlot.AlignedData, description: string): void;
  /** The drawn canvas as a PNG data URL. */
  toPng(): string;
  destroy(): void;
}

const HEIGHT = 220;

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The x axis's title: the spec's own, else what the x values are. */
function xTitle(xAxis: XAxis, label?: string): string {
  return label ?? (xAxis === 'step' ? 'step' : xAxis === 'wall' ? 'time' : 'seconds since start');
}

function axes(xAxis: XAxis, label?: string): uPlot.Axis[] {
  const stroke = themeColor('--vscode-foreground', '#888');
  const grid = { stroke: themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)'), width: 1 };
  const font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
  const xLabel = xTitle(xAxis, label);
  return [
    { stroke, grid, ticks: grid, font, labelFont: font, label: xLabel, labelSize: 18 },
    { stroke, grid, ticks: grid, font, size: 56 },
  ];
}

/** Wheel zoom around the cursor on the x scale. */
function wheelZoom(u: uPlot): void {
  u.over.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const { min, max } = u.scales.x ?? {};
      if (min === undefined || max === undefined) return;
      const at = u.posToVal(e.offsetX, 'x');
      const factor = e.deltaY < 0 ? 0.8 : 1.25;
      u.setScale('x', { min: at - (at - min) * factor, max: at + (max - at) * factor });
    },
    { passive: false },
  );
}

function fullRange(u: uPlot): { min: number; max: number } | undefined {
  const xs = u.data[0];
  if (!xs || xs.length === 0) return undefined;
  const min = xs[0] as number;
  const max = xs[xs.length - 1] as number;
  return min === max ? { min: min - 1, max: max + 1 } : { min, max };
}

/** Shift+drag moves the x range with the pointer. */
function dragPan(u: uPlot): void {
  u.over.addEventListener('mousedown', (down) => {
    if (!down.shiftKey) return;
    const { min, max } = u.scales.x ?? {};
    if (min === undefined || max === undefined) return;
    const perPixel = (max - min) / u.over.clientWidth;
    const move = (e: MouseEvent): void => {
      const dx = (e.clientX - down.clientX) * perPixel;
      u.setScale('x', { min: min - dx, max: max - dx });
    };
    const up = (): void => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });
}

/** ←/→ pan, +/- zoom, 0 resets: the chart works without a mouse. */
function keyboard(root: HTMLElement, u: uPlot): void {
  root.addEventListener('keydown', (e) => {
    const { min, max } = u.scales.x ?? {};
    if (min === undefined || max === undefined) return;
    const span = max - min;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-0.1 * span, -0.1 * span],
      ArrowRight: [0.1 * span, 0.1 * span],
      '+': [0.1 * span, -0.1 * span],
      '=': [0.1 * span, -0.1 * span],
      '-': [-0.125 * span, 0.125 * span],
    };
    if (e.key === '0') {
      const range = fullRange(u);
      if (range) u.setScale('x', range);
    } else if (moves[e.key]) {
      const [dMin, dMax] = moves[e.key] as [number, number];
      u.setScale('x', { min: min + dMin, max: max + dMax });
    } else return;
    e.preventDefault();
  });
}

/** The figure's inner width: charts fill their grid cell. */
function widthOf(root: HTMLElement): number {
  return Math.max(200, root.clientWidth - 10);
}

export function createChart(container: HTMLElement, spec: ChartSpec): Chart {
  const root = el('figure', { className: 'chart', tabindex: 0, role: 'img', 'aria-label': spec.description });
  const caption = el('figcaption', { text: spec.title });
  root.append(caption);
  container.append(root);

  let zoomed = false;
  const opts: uPlot.Options = {
    width: widthOf(root),
    height: HEIGHT,
    scales: { x: { time: spec.xAxis === 'wall' }, y: { distr: spec.logScale ? 3 : 1 } },
    axes: axes(spec.xAxis, spec.xLabel),
    legend: { live: true },
    cursor: {
      drag: { x: true, y: false },
      // Shift+drag pans (dragPan below); uPlot's own drag-to-zoom only sees plain drags.
      bind: { mousedown: (_u, _targ, handler) => (e) => (e.shiftKey ? null : handler(e)) },
    },
    series: [
      { label: spec.xLabel ?? spec.xAxis },
      ...spec.series.map((s) =>
        spec.points
          ? { label: s.label, stroke: s.color, paths: () => null, points: { show: true, size: 7, fill: s.color } }
          : {
              label: s.label,
              stroke: s.color,
              width: 1.5,
              spanGaps: true,
              points: { show: s.dots === true, size: 6, fill: s.color },
            },
      ),
    ],
    hooks: {
      setSelect: [() => (zoomed = true)],
      ...chartTooltipHooks({
        figure: root,
        metric: spec.title,
        xAxis: spec.xAxis,
        xLabel: xTitle(spec.xAxis, spec.xLabel),
      }),
    },
  };
  const u = new uPlot(opts, spec.data, root);
  wheelZoom(u);
  dragPan(u);
  keyboard(root, u);
  u.over.addEventListener('dblclick', () => (zoomed = false));
  root.addEventListener('wheel', () => (zoomed = true), { passive: true });
  u.over.addEventListener('mousedown', (e) => {
    if (e.shiftKey) zoomed = true;
  });

  let width = widthOf(root);
  const resize = new ResizeObserver(() => {
    if (widthOf(root) === width) return;
    width = widthOf(root);
    u.setSize({ width, height: HEIGHT });
  });
  resize.observe(root);

  return {
    root,
    setData(data, description) {
      u.setData(data, !zoomed);
      root.setAttribute('aria-label', description);
    },
    toPng: () => (root.querySelector('canvas') as HTMLCanvasElement).toDataURL('image/png'),
    destroy() {
      resize.disconnect();
      u.destroy();
      root.remove();
    },
  };
}
