// Draws one column's two distributions on a canvas: each side as shares of its own total (samples of different
// sizes compare), reference and current overlaid in two colours for a histogram, side by side per category.
// Axis labels come from the edges or the category names; the numbers are also written into a hidden table,
// since the canvas says nothing to a screen reader.
import type { Distribution } from '../../core/drift';
import { el, formatNumber, printable } from '../shared/dom';

export const REFERENCE_COLOR = '#4e79a7';
export const CURRENT_COLOR = '#f28e2b';

const WIDTH = 520;
const HEIGHT = 190;
const PAD = { left: 44, right: 8, top: 8, bottom: 34 };

type Drawn = Exclude<Distribution, { kind: 'none' }>;

const shares = (counts: number[]): number[] => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
};

export function distributionFigure(name: string, d: Distribution): HTMLElement {
  if (d.kind === 'none') return el('p', { className: 'empty', text: 'No values to draw.' });
  const canvas = el('canvas', { role: 'img', 'aria-label': `Distribution of ${printable(name)}` });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  canvas.style.width = `${WIDTH}px`;
  canvas.style.height = `${HEIGHT}px`;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.scale(ratio, ratio);
  draw(ctx, d);
  return el('div', { className: 'distribution' }, [canvas, sharesTable(d)]);
}

function draw(ctx: CanvasRenderingContext2D, d: Drawn): void {
  const style = getComputedStyle(document.body);
  const fg = style.getPropertyValue('--vscode-foreground').trim() || '#333';
  const font = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
  const ref = shares(d.reference);
  const cur = shares(d.current);
  const top = Math.max(...ref, ...cur, 1e-9);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (share: number) => PAD.top + plotH * (1 - share / top);
  const n = ref.length;
  const slot = plotW / n;
  const bar = (color: string, alpha: number, x: number, w: number, share: number) => {
    ctx.globalAlpha = alpha;
    ctx.fillStyle = color;
    ctx.fillRect(x, y(share), w, PAD.top + plotH - y(share));
  };
  for (let i = 0; i < n; i++) {
    const x = PAD.left + i * slot;
    if (d.kind === 'histogram') {
      // Overlaid: where the two agree the colours mix, where they differ one shows.
      bar(REFERENCE_COLOR, 0.55, x, Math.max(1, slot - 1), ref[i]!);
      bar(CURRENT_COLOR, 0.55, x, Math.max(1, slot - 1), cur[i]!);
    } else {
      const w = Math.max(1, (slot - 4) / 2);
      bar(REFERENCE_COLOR, 0.9, x + 2, w, ref[i]!);
      bar(CURRENT_COLOR, 0.9, x + 2 + w, w, cur[i]!);
    }
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = fg;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(PAD.left, PAD.top);
  ctx.lineTo(PAD.left, PAD.top + plotH);
  ctx.lineTo(WIDTH - PAD.right, PAD.top + plotH);
  ctx.stroke();
  ctx.fillStyle = fg;
  ctx.font = `11px ${font}`;
  ctx.textAlign = 'right';
  ctx.fillText(`${formatNumber(Math.round(top * 1000) / 10)}%`, PAD.left - 4, PAD.top + 9);
  ctx.fillText('0', PAD.left - 4, PAD.top + plotH);
  if (d.kind === 'histogram') {
    const last = d.edges.length - 1;
    const ticks = last === 1 ? [0, 1] : [0, Math.floor(last / 2), last];
    ticks.forEach((t, k) => {
      ctx.textAlign = k === 0 ? 'left' : k === ticks.length - 1 ? 'right' : 'center';
      ctx.fillText(formatNumber(d.edges[t]!), PAD.left + (t / last) * plotW, PAD.top + plotH + 14);
    });
  } else {
    ctx.textAlign = 'center';
    const chars = Math.max(3, Math.floor(slot / 6.5));
    d.labels.forEach((label, i) => {
      const text = printable(label);
      ctx.fillText(
        text.length > chars ? `${text.slice(0, chars - 1)}…` : text,
        PAD.left + (i + 0.5) * slot,
        PAD.top + plotH + 14,
      );
    });
  }
}

function sharesTable(d: Drawn): HTMLElement {
  const ref = shares(d.reference);
  const cur = shares(d.current);
  const label = (i: number): string =>
    d.kind === 'histogram'
      ? `${formatNumber(d.edges[i]!)} – ${formatNumber(d.edges[i + 1]!)}`
      : printable(d.labels[i] ?? '');
  // The wrapper hides it: a table's own height grows with its rows whatever CSS says.
  const table = el('table', { className: 'shares' }, [
    el('thead', {}, [
      el('tr', {}, [el('th', { text: 'bin' }), el('th', { text: 'reference' }), el('th', { text: 'current' })]),
    ]),
    el(
      'tbody',
      {},
      ref.map((r, i) =>
        el('tr', {}, [
          el('td', { text: label(i) }),
          el('td', { className: 'num', text: formatNumber(r) }),
          el('td', { className: 'num', text: formatNumber(cur[i]!) }),
        ]),
      ),
    ),
  ]);
  return el('div', { className: 'visually-hidden' }, [table]);
}
