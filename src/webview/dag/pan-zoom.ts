// Pan and zoom of the graph: wheel zooms around the pointer, dragging the background (or a node) pans,
// arrows pan, + and - zoom, 0 fits. The transform is one attribute on one group: nothing is re-laid out.
import type { DagViewport } from '../contract';

const MIN_SCALE = 0.02;
const MAX_SCALE = 4;
const MARGIN = 24;
/** Pointer travel (px) before a press becomes a drag rather than a click. */
const DRAG_SLOP = 4;

export class PanZoom {
  private view: DagViewport = { x: 0, y: 0, scale: 1 };
  private press: { x: number; y: number; view: DagViewport; id: number; dragging: boolean } | undefined;
  /** Set when a drag ends, so the click that follows it does not open the stage under the pointer. */
  private swallowClick = false;
  /** The drawing's size while the view is the automatic fit: a resize of the panel fits again. */
  private fitted: { width: number; height: number; floor: number } | undefined;

  constructor(
    private readonly surface: HTMLElement,
    private readonly target: SVGGElement,
    private readonly onChange: (view: DagViewport) => void,
  ) {
    surface.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    surface.addEventListener('pointerdown', (e) => this.down(e));
    surface.addEventListener('pointermove', (e) => this.move(e));
    surface.addEventListener('pointerup', (e) => this.up(e));
    surface.addEventListener('pointercancel', (e) => this.up(e));
    surface.addEventListener(
      'click',
      (e) => {
        if (!this.swallowClick) return;
        this.swallowClick = false;
        e.stopPropagation();
      },
      true,
    );
    surface.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => {
      if (this.fitted) this.fit(this.fitted.width, this.fitted.height, this.fitted.floor);
    }).observe(surface);
  }

  /** Whether the view is still the automatic fit (the user has not panned or zoomed since). */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  get current(): DagViewport {
    return { ...this.view };
  }

  set(view: DagViewport): void {
    this.fitted = undefined;
    this.apply(view);
  }

  private apply(view: DagViewport): void {
    this.view = { x: view.x, y: view.y, scale: clamp(view.scale, MIN_SCALE, MAX_SCALE) };
    this.target.setAttribute('transform', `translate(${this.view.x},${this.view.y}) scale(${this.view.scale})`);
    this.onChange(this.current);
  }

  /**
   * The whole drawing in view, centred; never enlarged past 1.25 (a three-stage graph stays a sensible size) nor
   * shrunk below `floor` (the first view keeps names legible and starts from the sources instead).
   */
  fit(width: number, height: number, floor = MIN_SCALE): void {
    const { clientWidth: w, clientHeight: h } = this.surface;
    const scale = clamp(
      Math.min((w - 2 * MARGIN) / Math.max(width, 1), (h - 2 * MARGIN) / Math.max(height, 1), 1.25),
      floor,
      MAX_SCALE,
    );
    // Too large even at the smallest scale: start from the sources (left, top).
    const x = width * scale <= w ? (w - width * scale) / 2 : MARGIN;
    const y = height * scale <= h ? (h - height * scale) / 2 : MARGIN;
    this.fitted = { width, height, floor };
    this.apply({ x, y, scale });
  }

  zoomBy(factor: number, cx = this.surface.clientWidth / 2, cy = this.surface.clientHeight / 2): void {
    const scale = clamp(this.view.scale * factor, MIN_SCALE, MAX_SCALE);
    const k = scale / this.view.scale;
    this.set({ x: cx - (cx - this.view.x) * k, y: cy - (cy - this.view.y) * k, scale });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  /** Pans just enough for a box (graph coordinates) to be fully visible; centres it when it is far off. */
  reveal(box: { x: number; y: number; width: number; height: number }, centre = false): void {
    const { clientWidth: w, clientHeight: h } = this.surface;
    const s = this.view.scale;
    const [left, top, right, bottom] = [
      box.x * s + this.view.x,
      box.y * s + this.view.y,
      (box.x + box.width) * s + this.view.x,
      (box.y + box.height) * s + this.view.y,
    ];
    if (centre) {
      this.panBy(w / 2 - (left + right) / 2, h / 2 - (top + bottom) / 2);
      return;
    }
    const dx = left < MARGIN ? MARGIN - left : right > w - MARGIN ? w - MARGIN - right : 0;
    const dy = top < MARGIN ? MARGIN - top : bottom > h - MARGIN ? h - MARGIN - bottom : 0;
    if (dx !== 0 || dy !== 0) this.panBy(dx, dy);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.surface.getBoundingClientRect();
    // Lines or pages (some mice) count as ~40 px each.
    const delta = e.deltaMode === 0 ? e.deltaY : e.deltaY * 40;
    this.zoomBy(Math.exp(-delta * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.press = { x: e.clientX, y: e.clientY, view: this.current, id: e.pointerId, dragging: false };
  }

  private move(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.id !== e.pointerId) return;
    const [dx, dy] = [e.clientX - p.x, e.clientY - p.y];
    if (!p.dragging && Math.hypot(dx, dy) < DRAG_SLOP) return;
    if (!p.dragging) {
      p.dragging = true;
      this.surface.setPointerCapture(e.pointerId);
      this.surface.classList.add('dragging');
    }
    this.set({ ...p.view, x: p.view.x + dx, y: p.view.y + dy });
  }

  private up(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.id !== e.pointerId) return;
    this.press = undefined;
    if (!p.dragging) return;
    this.swallowClick = e.type === 'pointerup';
    this.surface.classList.remove('dragging');
    if (this.surface.hasPointerCapture(e.pointerId)) this.surface.releasePointerCapture(e.pointerId);
  }

  private key(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = 60;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.panBy(step, 0),
      ArrowRight: () => this.panBy(-step, 0),
      ArrowUp: () => this.panBy(0, step),
      ArrowDown: () => this.panBy(0, -step),
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
    };
    const act = actions[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
