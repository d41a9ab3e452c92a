// Search in the graph: every node whose address or name contains the text (a folded group: when one of its stages
// does) is highlighted and the rest dimmed; Enter and Shift+Enter step through the matches, bringing each into
// view. The text stays across redraws (a group opened, a focus), so the highlight follows the drawing.
import type { DagNodeInfo } from '../contract';
import { el } from '../shared/dom';
import type { GraphSvg } from './graph-svg';

export class GraphSearch {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly count: HTMLElement;
  private svg: GraphSvg | undefined;
  private matches: string[] = [];
  private current = -1;

  constructor(private readonly go: (id: string) => void) {
    this.input = el('input', {
      type: 'search',
      className: 'search',
      placeholder: 'Search stages',
      'aria-label': 'Search stages (Enter: next match, Shift+Enter: previous)',
    });
    this.count = el('span', { className: 'search-count', 'aria-live': 'polite' });
    this.input.addEventListener('input', () => this.apply());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape' && this.input.value !== '') {
        e.preventDefault();
        e.stopPropagation();
        this.input.value = '';
        this.apply();
      }
    });
    this.element = el('div', { className: 'search-box', role: 'search' }, [this.input, this.count]);
  }

  /** A new drawing: highlight in it what the text matches. */
  attach(svg: GraphSvg): void {
    this.svg = svg;
    this.apply();
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private apply(): void {
    const svg = this.svg;
    if (!svg) return;
    const text = this.input.value.trim().toLowerCase();
    this.matches =
      text === ''
        ? []
        : svg
            .infos()
            .filter((n) => matches(n, text))
            .map((n) => n.id);
    this.current = -1;
    svg.root.classList.toggle('searching', text !== '');
    for (const info of svg.infos()) {
      svg.element(info.id)?.classList.toggle('match', this.matches.includes(info.id));
      svg.element(info.id)?.classList.remove('current');
    }
    this.count.textContent = text === '' ? '' : `${this.matches.length} match${this.matches.length === 1 ? '' : 'es'}`;
  }

  private step(by: number): void {
    if (this.matches.length === 0) return;
    this.current = (this.current + by + this.matches.length) % this.matches.length;
    this.count.textContent = `${this.current + 1} of ${this.matches.length}`;
    const id = this.matches[this.current] as string;
    for (const other of this.matches) this.svg?.element(other)?.classList.toggle('current', other === id);
    this.go(id);
  }
}

function matches(node: DagNodeInfo, text: string): boolean {
  if (node.id.toLowerCase().includes(text) || node.label.toLowerCase().includes(text)) return true;
  return node.kind === 'group' && node.members.some((m) => m.toLowerCase().includes(text));
}
