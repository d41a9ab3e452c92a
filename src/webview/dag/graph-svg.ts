// The graph as SVG, built with DOM calls only: stage names go in as text nodes, so a stage called
// `<img onerror=…>` stays text. Nodes are focusable buttons; status changes touch classes and labels only.
import type { DagLayout, Point } from '../../core/pipeline/dag-layout';
import { dagNodeMetrics, type DagNodeInfo, type DagRunMode, type DagStageStatus, type DagStatus } from '../contract';
import { printable } from '../shared/dom';

const NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  children: (Node | string)[] = [],
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export const statusText: Record<DagStatus | 'unknown', string> = {
  'up-to-date': 'up to date',
  changed: 'changed',
  'never-run': 'never run',
  frozen: 'frozen',
  running: 'running',
  failed: 'failed',
  unknown: 'checking…',
};

export interface GraphActions {
  reveal(stageId: string): void;
  run(stageId: string, mode: DagRunMode): void;
}

interface NodeView {
  info: DagNodeInfo;
  group: SVGGElement;
  state: SVGTextElement;
  title: SVGTitleElement;
}

/** A route as a path: straight along a row, a horizontal-tangent curve between columns. */
export function routePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  let prev = first;
  for (const p of rest) {
    if (p.y === prev.y || p.x === prev.x) d += ` L${p.x},${p.y}`;
    else {
      const dx = (p.x - prev.x) / 2;
      d += ` C${prev.x + dx},${prev.y} ${p.x - dx},${p.y} ${p.x},${p.y}`;
    }
    prev = p;
  }
  return d;
}

export class GraphSvg {
  readonly root: SVGGElement;
  private readonly views = new Map<string, NodeView>();

  constructor(
    nodes: readonly DagNodeInfo[],
    layout: DagLayout,
    statuses: Record<string, DagStageStatus>,
    private readonly actions: GraphActions,
  ) {
    const edges = svgEl('g', { class: 'edges' });
    for (const e of layout.edges) {
      const from = nodes[e.from];
      const to = nodes[e.to];
      if (!from || !to) continue;
      edges.append(
        svgEl(
          'path',
          {
            class: e.onCycle ? 'edge cycle' : 'edge',
            d: routePath(e.points),
            'marker-end': `url(#${e.onCycle ? 'dag-arrow-cycle' : 'dag-arrow'})`,
            'data-from': from.id,
            'data-to': to.id,
          },
          [svgEl('title', {}, [printable(`${from.id} → ${to.id}${e.onCycle ? ' (dependency cycle)' : ''}`)])],
        ),
      );
    }
    // Document order = tab order: by column, then top to bottom.
    const order = nodes
      .map((_, i) => i)
      .sort(
        (a, b) =>
          (layout.nodes[a]?.layer ?? 0) - (layout.nodes[b]?.layer ?? 0) ||
          (layout.nodes[a]?.order ?? 0) - (layout.nodes[b]?.order ?? 0),
      );
    const group = svgEl('g', { class: 'nodes' });
    for (const i of order) {
      const info = nodes[i];
      const box = layout.nodes[i];
      if (!info || !box) continue;
      group.append(this.node(info, box.x, box.y, box.width, box.height, box.onCycle));
    }
    this.root = svgEl('g', { class: 'graph' }, [edges, group]);
    this.update(statuses);
  }

  private node(info: DagNodeInfo, x: number, y: number, w: number, h: number, onCycle: boolean): SVGGElement {
    const label = printable(info.id);
    const name = svgEl('text', { class: 'name', x: dagNodeMetrics.padLeft, y: h / 2 - 3 }, [label]);
    const state = svgEl('text', { class: 'state', x: dagNodeMetrics.padLeft, y: h / 2 + 12 });
    const title = svgEl('title');
    const run = svgEl('g', { class: 'run', 'aria-hidden': 'true', transform: `translate(${w - 26},${h / 2 - 10})` }, [
      svgEl('title', {}, [`Run ${label} (R)`]),
      svgEl('rect', { class: 'hit', width: 20, height: 20, rx: 3 }),
      svgEl('path', { class: 'glyph', d: 'M7 5 L15 10 L7 15 Z' }),
    ]);
    // Pointer only (a button inside the node button would nest controls); keyboard users press R.
    run.addEventListener('click', (event) => {
      event.stopPropagation();
      this.actions.run(info.id, 'single');
    });
    const group = svgEl(
      'g',
      {
        class: onCycle ? 'node on-cycle' : 'node',
        transform: `translate(${x},${y})`,
        tabindex: 0,
        role: 'button',
        'data-stage-id': info.id,
        'aria-keyshortcuts': 'Enter R U D',
      },
      [
        title,
        svgEl('rect', { class: 'box', width: w, height: h, rx: 4 }),
        svgEl('rect', { class: 'stripe', width: 4, height: h - 2, x: 1, y: 1, rx: 2 }),
        name,
        state,
        run,
      ],
    );
    // VS Code's webview context menu (Run · Run with upstream · Run downstream · Show in dvc.yaml) receives
    // this object; `stage.id` is the shape the run commands already accept from the Pipeline view.
    group.setAttribute(
      'data-vscode-context',
      JSON.stringify({ webviewSection: 'stage', stage: { id: info.id }, preventDefaultContextMenuItems: true }),
    );
    group.addEventListener('click', () => this.actions.reveal(info.id));
    group.addEventListener('keydown', (event) => {
      const mode: DagRunMode | undefined = ({ r: 'single', u: 'upstream', d: 'downstream' } as const)[
        event.key.toLowerCase() as 'r' | 'u' | 'd'
      ];
      if (event.key === 'Enter' || event.key === ' ') this.actions.reveal(info.id);
      else if (mode && !event.ctrlKey && !event.metaKey && !event.altKey) this.actions.run(info.id, mode);
      else return;
      event.preventDefault();
      event.stopPropagation();
    });
    this.views.set(info.id, { info, group, state, title });
    return group;
  }

  /** Shortens names wider than their box (measured once the SVG is in the document); the full name stays in the tooltip. */
  fitLabels(): void {
    shortenAll(
      [...this.views.values()].flatMap(({ group, state }) => [
        { text: group.querySelector('text.name') as SVGTextElement, room: roomIn(group) },
        { text: state, room: roomIn(group) },
      ]),
    );
  }

  /** Applies every stage's status: class, second line, tooltip and accessible name. Nothing moves. */
  update(statuses: Record<string, DagStageStatus>): void {
    const states: { text: SVGTextElement; room: number }[] = [];
    for (const { info, group, state, title } of this.views.values()) {
      states.push({ text: state, room: roomIn(group) });
      const s = statuses[info.id];
      const key = s?.status ?? 'unknown';
      const cycle = group.classList.contains('on-cycle') ? ' on-cycle' : '';
      group.setAttribute('class', `node status-${key}${cycle}`);
      const reasons = s?.reasons ?? [];
      // DVC refuses a pipeline with a cycle, so a stage on one says that rather than a status.
      const shown = cycle
        ? 'on a cycle'
        : key === 'changed' && reasons.length > 0
          ? `${statusText[key]} · ${reasons[0]}${reasons.length > 1 ? ` (+${reasons.length - 1})` : ''}`
          : statusText[key];
      state.textContent = printable(shown);
      title.textContent = printable(
        `${info.id} — ${statusText[key]}${cycle ? ' (on a dependency cycle)' : ''}${reasons.length > 0 ? `\n${reasons.join('\n')}` : ''}\n${info.file}\nClick or Enter: show in dvc.yaml · R: run · U: with upstream · D: downstream`,
      );
      group.setAttribute(
        'aria-label',
        printable(`${info.id}, ${statusText[key]}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`),
      );
    }
    // Before the first drawing is in the document there is nothing to measure: fitLabels does it then.
    if (this.root.isConnected) shortenAll(states);
  }

  element(stageId: string): SVGGElement | undefined {
    return this.views.get(stageId)?.group;
  }

  counts(statuses: Record<string, DagStageStatus>): Map<DagStatus | 'unknown', number> {
    const counts = new Map<DagStatus | 'unknown', number>();
    for (const id of this.views.keys()) {
      const key = statuses[id]?.status ?? 'unknown';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}

function roomIn(group: SVGGElement): number {
  return (
    Number((group.querySelector('rect.box') as SVGRectElement).getAttribute('width')) -
    dagNodeMetrics.padLeft -
    dagNodeMetrics.padRight
  );
}

/**
 * Shortens each text wider than its room to its longest prefix that fits, plus an ellipsis. Every width is read
 * before anything is written (prefix widths from getSubStringLength), so a thousand labels cost one layout.
 */
function shortenAll(items: readonly { text: SVGTextElement; room: number }[]): void {
  const ellipsis = new Map<string, number>();
  for (const { text } of items) {
    const cls = text.getAttribute('class') ?? '';
    if (ellipsis.has(cls) || !text.parentNode) continue;
    const probe = svgEl('text', { class: cls }, ['…']);
    text.parentNode.append(probe);
    ellipsis.set(cls, probe.getComputedTextLength());
    probe.remove();
  }
  const cuts = items.map(({ text, room }) => {
    const n = text.getNumberOfChars();
    if (n === 0 || text.getComputedTextLength() <= room) return undefined;
    const fits = room - (ellipsis.get(text.getAttribute('class') ?? '') ?? 0);
    let [lo, hi] = [0, n - 1];
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (text.getSubStringLength(0, mid) <= fits) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  });
  items.forEach(({ text }, i) => {
    let cut = cuts[i];
    if (cut === undefined) return;
    const full = text.textContent ?? '';
    // Never split a surrogate pair.
    if (cut > 0 && /[\ud800-\udbff]/.test(full.charAt(cut - 1))) cut--;
    text.textContent = `${full.slice(0, cut)}…`;
  });
}

/** Arrowheads, one per edge kind (a marker cannot take its colour from the path that uses it everywhere yet). */
export function markerDefs(): SVGDefsElement {
  const marker = (id: string) =>
    svgEl(
      'marker',
      {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
        markerUnits: 'userSpaceOnUse',
      },
      [svgEl('path', { class: 'arrowhead', d: 'M0,0 L10,5 L0,10 Z' })],
    );
  return svgEl('defs', {}, [marker('dag-arrow'), marker('dag-arrow-cycle')]);
}
