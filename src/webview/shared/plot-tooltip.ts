// Hover tooltips on a painted DVC plot, as DVC's vega pages show them: over a point or a line the revision (in
// its colour), the y source when there are several and the x and y values; over a confusion cell its labels and
// count; over a bar its category and value (plot-hit.ts decides what is hit and what it says). One
// tooltip element and one ring per chart, moved on pointer moves at most once a frame; the search reads the
// pixel arrays the chart was painted from, so no element exists per point. Text is set as text only: labels and
// revision names come from repositories. The metric-history charts (chart-tooltip.ts) show theirs the same way.
import { hitAt } from './plot-hit';
import type { DrawList, Tip } from '../../core/plots/primitives';
import { el } from './dom';

/** Adds the tooltip to `figure` (positioned) over `canvas`, when the drawing has marks that say anything. */
export function attachTooltip(
  figure: HTMLElement,
  canvas: HTMLCanvasElement,
  drawing: DrawList,
  colorOf: (token: string) => string,
): void {
  if (!drawing.items.some((p) => (p.k === 'rect' ? p.tip !== undefined : p.k !== 'text' && p.at !== undefined))) return;
  const tooltip = tooltipIn(figure);
  let pointer: { x: number; y: number } | undefined;
  let frame = 0;
  const hide = (): void => {
    pointer = undefined;
    tooltip.hide();
  };
  const update = (): void => {
    frame = 0;
    if (pointer === undefined) return;
    const hit = hitAt(drawing, pointer.x, pointer.y);
    if (hit === undefined) {
      tooltip.hide();
      return;
    }
    // A point is ringed and the tooltip sits beside it; over an area (a cell, a bar) it follows the pointer.
    const at = hit.mark === 'point' ? hit : pointer;
    tooltip.show(colorOf(hit.color), hit.tip, canvas.offsetLeft + at.x, canvas.offsetTop + at.y, hit.mark === 'point');
  };
  canvas.addEventListener('pointermove', (e) => {
    pointer = { x: e.offsetX, y: e.offsetY };
    if (frame === 0) frame = requestAnimationFrame(update);
  });
  canvas.addEventListener('pointerleave', hide);
}

/** One tooltip element and one ring in `container` (positioned), for every hover over its chart. */
export interface Tooltip {
  /** The tip beside (x, y) of the container, its revision in `color`; `ringed`: a ring marks the point there. */
  show(color: string, text: Tip, x: number, y: number, ringed: boolean): void;
  hide(): void;
}

export function tooltipIn(container: HTMLElement): Tooltip {
  const tip = el('div', { className: 'plot-tooltip', role: 'tooltip', hidden: true });
  const ring = el('div', { className: 'plot-hover-ring', hidden: true });
  container.append(ring, tip);
  return {
    show(color, text, x, y, ringed) {
      // Colours go through the CSSOM (the panel's CSP allows no style attribute; a bad value is simply ignored).
      const swatch = el('span', { className: 'swatch' });
      swatch.style.background = color;
      tip.replaceChildren(
        el('div', { className: 'plot-tooltip-rev' }, [swatch, text.revision]),
        ...text.rows.map(([label, value]) =>
          el('div', {}, [el('span', { className: 'plot-tooltip-label', text: `${label}: ` }), value]),
        ),
      );
      ring.style.left = `${x}px`;
      ring.style.top = `${y}px`;
      ring.style.borderColor = color;
      ring.hidden = !ringed;
      tip.hidden = false;
      // Beside the mark, on the side with room.
      const right = x + 12 + tip.offsetWidth <= container.clientWidth;
      tip.style.left = `${right ? x + 12 : Math.max(0, x - 12 - tip.offsetWidth)}px`;
      tip.style.top = `${Math.max(0, y - tip.offsetHeight - 8)}px`;
    },
    hide() {
      tip.hidden = true;
      ring.hidden = true;
    },
  };
}
