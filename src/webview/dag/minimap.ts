// The overview in the corner when the drawing is larger than the panel: every node as a small box in its status
// colour, the visible part as a frame; pressing or dragging in it moves the view there. Hidden while the whole
// drawing is in view.
import type { DagLayout } from '../../core/pipeline/dag-layout';
import type { DagViewport } from '../contract';
import { svgEl } from './svg-parts';

const WIDTH = 200;
const HEIGHT = 130;

export class Minimap {
  readonly element: SVGSVGElement;
  private readonly frame: SVGRectElement;
  private readonly boxes: SVGRectElement[];
  private readonly k: number;

  constructor(
    private readonly layout: DagLayout,
    private readonly ids: readonly string[],
    private readonly moveTo: (x: number, y: number) => void,
  ) {
    this.k = Math.min(WIDTH / Math.max(layout.width, 1), HEIGHT / Math.max(layout.height, 1));
    const [w, h] = [layout.width * this.k, layout.height * this.k];
    this.boxes = layout.nodes.map((n, i) =>
      svgEl('rect', {
        class: 'mini-node',
        x: n.x * this.k,
        y: n.y * this.k,
        width: Math.max(n.width * this.k, 1),
        height: Math.max(n.height * this.k, 1),
        'data-id': ids[i] ?? '',
      }),
    );
    this.frame = svgEl('rect', { class: 'mini-frame' });
    this.element = svgEl('svg', { class: 'minimap', width: w + 8, height: h + 8, 'aria-hidden': 'true' }, [
      svgEl('g', { transform: 'translate(4,4)' }, [...this.boxes, this.frame]),
    ]);
    let dragging = false;
    const jump = (e: PointerEvent) => {
      const r = this.element.getBoundingClientRect();
      this.moveTo((e.clientX - r.left - 4) / this.k, (e.clientY - r.top - 4) / this.k);
    };
    this.element.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      dragging = true;
      this.element.setPointerCapture(e.pointerId);
      jump(e);
    });
    this.element.addEventListener('pointermove', (e) => {
      if (dragging) jump(e);
    });
    this.element.addEventListener('pointerup', () => (dragging = false));
    this.element.addEventListener('click', (e) => e.stopPropagation());
  }

  /** Colours each node by the status class the graph gave it. */
  paint(classOf: (id: string) => string): void {
    this.boxes.forEach((b, i) => b.setAttribute('class', `mini-node ${classOf(this.ids[i] ?? '')}`));
  }

  /** Moves the frame to the visible part; hides the map when all of the drawing is visible. */
  show(view: DagViewport, surface: { width: number; height: number }): void {
    const [x, y] = [-view.x / view.scale, -view.y / view.scale];
    const [w, h] = [surface.width / view.scale, surface.height / view.scale];
    const all = x <= 0 && y <= 0 && x + w >= this.layout.width && y + h >= this.layout.height;
    this.element.classList.toggle('hidden', all);
    this.frame.setAttribute('x', String(x * this.k));
    this.frame.setAttribute('y', String(y * this.k));
    this.frame.setAttribute('width', String(w * this.k));
    this.frame.setAttribute('height', String(h * this.k));
  }
}
