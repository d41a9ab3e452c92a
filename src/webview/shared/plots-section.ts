// The panels' Plots section: DVC plots beside the metric histories. Each plot arrives laid out by the host
// (primitives in pixels) and is painted on a canvas here; `@revN` colours become the colour of revision N's
// owner (a run's colour, the same as in its metric charts); images are <img> from data: URIs (an SVG stays an
// image: its scripts never run under the panel's CSP); a plot whose data is bad shows the message naming the
// file and line. A checkbox per plot picks which are shown; in the run and compare panels "Compare with…" overlays
// HEAD, a branch, a tag (under Git) or a promoted model version's commit (under Model versions). Hovering a mark
// says what it shows (plot-tooltip.ts).
import type { DrawList, Primitive } from '../../core/plots/primitives';
import type { CompareChoice } from '../../core/plots/compare-choices';
import type { HostMessage, PanelPlot, ViewSettings } from '../contract';
import { el } from './dom';
import { attachTooltip } from './plot-tooltip';
import { post } from './vscode-api';

type PlotsMessage = Extract<HostMessage, { type: 'plots' }>;

export interface PlotsColors {
  /** The colour of revision `index`, whose owner (a run id or a revision name) is `owner`. */
  colorOf(index: number, owner: string): string;
  /** "Compare with…" picked a choice (its label) or none; absent where revisions are not chosen in the panel. */
  onCompare?(label: string | null): void;
  /** The `smooth` plots' slider was moved to this bandwidth. */
  onSmooth?(bandwidth: number): void;
}

/**
 * A metrics panel's "Compare with…" and smooth slider: each choice is asked of the host and kept in the panel's
 * settings (`keep` saves them), so a window reload brings the same overlay and bandwidth back.
 */
export function keptPlotsChoices(
  settings: () => ViewSettings,
  keep: (next: ViewSettings) => void,
): Required<Pick<PlotsColors, 'onCompare' | 'onSmooth'>> {
  const kept = (change: NonNullable<ViewSettings['plots']>): void => {
    const s = settings();
    keep({ ...s, plots: { ...s.plots, ...change } });
  };
  return {
    onCompare: (revision) => {
      kept({ compare: revision ?? undefined });
      post({ type: 'comparePlots', revision });
    },
    onSmooth: (bandwidth) => {
      kept({ smooth: bandwidth });
      post({ type: 'smoothPlots', bandwidth });
    },
  };
}

export interface PlotsSectionOptions extends PlotsColors {
  hidden: ReadonlySet<string>;
  onToggle(id: string, shown: boolean): void;
}

/** A panel's Plots section across re-renders: the last plots received and the plots the reader hid. */
export class PlotsSlot {
  private message: PlotsMessage | undefined;
  private readonly hidden = new Set<string>();

  constructor(
    private readonly app: HTMLElement,
    private readonly options: PlotsColors,
  ) {}

  /** New plots: the section is replaced in place, else appended when the panel already shows its content. */
  show(message: PlotsMessage, append: boolean): void {
    this.message = message;
    const existing = this.app.querySelector('.plots-section');
    const section = this.element();
    if (!section) return;
    if (existing) existing.replaceWith(section);
    else if (append) this.app.append(section);
  }

  /** The section for a full render of the panel; undefined before any plots arrived. */
  element(): HTMLElement | undefined {
    const message = this.message;
    if (!message) return undefined;
    return plotsSection(message, {
      ...this.options,
      hidden: this.hidden,
      onToggle: (id, shown) => {
        if (shown) this.hidden.delete(id);
        else this.hidden.add(id);
        this.show(message, false);
      },
    });
  }
}

export function plotsSection(message: PlotsMessage, options: PlotsSectionOptions): HTMLElement {
  const colorOf = (token: string): string => {
    const m = /^@rev(\d+)$/.exec(token);
    if (!m) return token;
    const i = Number(m[1]);
    return options.colorOf(i, message.owners[i] ?? message.revisions[i] ?? '');
  };
  const onCompare = options.onCompare;
  const controls: HTMLElement[] = [];
  if (onCompare && message.choices.length > 0) {
    const option = (c: CompareChoice) =>
      el('option', { value: c.label, text: c.label, selected: c.label === message.compare });
    const git = message.choices.filter((c) => c.kind !== 'model');
    const models = message.choices.filter((c) => c.kind === 'model');
    const select = el('select', { 'aria-label': 'Compare with revision' }, [
      el('option', { value: '', text: 'Compare with… (none)' }),
      ...(git.length > 0 ? [el('optgroup', { label: 'Git' }, git.map(option))] : []),
      ...(models.length > 0 ? [el('optgroup', { label: 'Model versions' }, models.map(option))] : []),
    ]);
    select.addEventListener('change', () => onCompare(select.value === '' ? null : select.value));
    controls.push(select);
  }
  const onSmooth = options.onSmooth;
  if (onSmooth && message.smooth !== null) {
    // DVC's slider for its `smooth` template: the loess bandwidth, 0.001 to 1 by 0.001 (asked on release).
    const slider = el('input', {
      type: 'range',
      min: 0.001,
      max: 1,
      step: 0.001,
      value: message.smooth,
      'aria-label': 'Smooth (loess bandwidth)',
    });
    slider.addEventListener('change', () => onSmooth(Number(slider.value)));
    controls.push(el('label', { className: 'smooth' }, ['Smooth ', slider]));
  }
  const picks = el(
    'details',
    { className: 'plot-picks' },
    [
      el('summary', { text: `Plots shown (${message.plots.length - options.hidden.size} of ${message.plots.length})` }),
    ].concat(
      message.plots.map((p) => {
        const box = el('input', { type: 'checkbox', checked: !options.hidden.has(p.id) });
        box.addEventListener('change', () => options.onToggle(p.id, box.checked));
        return el('label', { className: 'plot-pick' }, [box, p.id]);
      }),
    ),
  );
  const grid = el('div', { className: 'plots' });
  for (const plot of message.plots) if (!options.hidden.has(plot.id)) grid.append(plotFigure(plot, colorOf));
  if (message.plots.length === 0)
    grid.append(el('p', { className: 'empty', text: 'No DVC plots defined in dvc.yaml.' }));
  return el('section', { className: 'plots-section', 'aria-label': 'DVC plots' }, [
    el('h2', { text: 'Plots' }),
    el('div', { className: 'controls' }, [...controls, picks]),
    ...message.notes.map((n) => el('p', { className: 'plot-note', text: n })),
    grid,
  ]);
}

function plotFigure(plot: PanelPlot, colorOf: (token: string) => string): HTMLElement {
  const figure = el('figure', { className: `chart plot ${plot.kind}`, 'data-id': plot.id }, [
    el('figcaption', { text: plot.id }),
  ]);
  if (plot.kind === 'message') {
    figure.append(el('p', { className: 'error plot-error', role: 'alert', text: plot.message }));
  } else if (plot.kind === 'images') {
    for (const img of plot.images)
      figure.append(
        el('div', { className: 'plot-image' }, [
          el('img', { src: img.src, alt: `${plot.id} at ${img.revision}` }),
          el('span', { text: img.revision }),
        ]),
      );
  } else {
    const canvas = paint(plot.drawing, colorOf);
    figure.append(canvas);
    attachTooltip(figure, canvas, plot.drawing, colorOf);
    const table = cellsTable(plot.drawing);
    if (table) figure.append(table);
  }
  return figure;
}

/** A canvas at device resolution with the drawing painted on it. */
export function paint(drawing: DrawList, colorOf: (token: string) => string): HTMLCanvasElement {
  const canvas = el('canvas', { role: 'img', 'aria-label': drawing.title });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(drawing.width * ratio);
  canvas.height = Math.round(drawing.height * ratio);
  canvas.style.width = `${drawing.width}px`;
  canvas.style.height = `${drawing.height}px`;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.scale(ratio, ratio);
  const style = getComputedStyle(document.body);
  const foreground = style.getPropertyValue('--vscode-foreground').trim() || '#333';
  const font = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
  for (const p of drawing.items) paintOne(ctx, p, colorOf, foreground, font);
  return canvas;
}

function paintOne(
  ctx: CanvasRenderingContext2D,
  p: Primitive,
  colorOf: (t: string) => string,
  fg: string,
  font: string,
): void {
  switch (p.k) {
    case 'path': {
      ctx.save();
      ctx.globalAlpha = p.opacity;
      ctx.strokeStyle = colorOf(p.stroke);
      ctx.lineWidth = p.width;
      ctx.setLineDash(p.dash.length > 0 && p.dash[1] !== 0 ? [...p.dash] : []);
      ctx.beginPath();
      for (let i = 0; i < p.points.length; i += 2) {
        if (i === 0) ctx.moveTo(p.points[0] as number, p.points[1] as number);
        else ctx.lineTo(p.points[i] as number, p.points[i + 1] as number);
      }
      ctx.stroke();
      ctx.restore();
      return;
    }
    case 'points': {
      // One path for the set: every outline added, then stroked (hollow, as vega-lite's point mark) or filled once.
      const symbol = p.symbol;
      ctx.save();
      ctx.globalAlpha = p.opacity;
      ctx.beginPath();
      for (let i = 0; i < p.points.length; i += 2) {
        const x = p.points[i] as number;
        const y = p.points[i + 1] as number;
        if (symbol.kind === 'circle') {
          ctx.moveTo(x + symbol.radius, y);
          ctx.arc(x, y, symbol.radius, 0, 2 * Math.PI);
          continue;
        }
        const v = symbol.vertices;
        ctx.moveTo(x + (v[0] as number), y + (v[1] as number));
        for (let k = 2; k < v.length; k += 2) ctx.lineTo(x + (v[k] as number), y + (v[k + 1] as number));
        ctx.closePath();
      }
      if (p.style.kind === 'hollow') {
        ctx.strokeStyle = colorOf(p.color);
        ctx.lineWidth = p.style.strokeWidth;
        ctx.stroke();
      } else {
        ctx.fillStyle = colorOf(p.color);
        ctx.fill();
      }
      ctx.restore();
      return;
    }
    case 'rect':
      if (p.fill !== 'none') {
        ctx.fillStyle = colorOf(p.fill);
        ctx.fillRect(p.x, p.y, p.w, p.h);
      }
      if (p.stroke) {
        ctx.strokeStyle = p.stroke;
        ctx.lineWidth = 1;
        ctx.strokeRect(p.x, p.y, p.w, p.h);
      }
      return;
    case 'text':
      ctx.save();
      ctx.fillStyle = p.color ?? fg;
      ctx.font = `${p.italic ? 'italic ' : ''}${p.bold ? 'bold ' : ''}${p.size ?? 11}px ${font}`;
      ctx.textAlign = p.anchor === 'middle' ? 'center' : p.anchor === 'end' ? 'right' : 'left';
      ctx.translate(p.x, p.y);
      if (p.rotate) ctx.rotate((p.rotate * Math.PI) / 180);
      ctx.fillText(p.text, 0, 0);
      ctx.restore();
      return;
  }
}

/** A heatmap's counts as a table for screen readers (the canvas alone says nothing to them). */
function cellsTable(drawing: DrawList): HTMLElement | undefined {
  const cells = drawing.items.filter((p): p is Extract<Primitive, { k: 'rect' }> => p.k === 'rect' && p.cell === true);
  if (cells.length === 0) return undefined;
  return el('table', { className: 'visually-hidden heatmap-counts' }, [
    el(
      'tbody',
      {},
      cells.map((c) => el('tr', {}, [el('td', { className: 'num', text: String(c.count ?? 0), 'data-fill': c.fill })])),
    ),
  ]);
}
