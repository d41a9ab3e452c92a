// The graph as SVG, built with DOM calls only: stage names go in as text nodes, so a stage called
// `<img onerror=…>` stays text. Nodes are focusable buttons: a stage, or a folded `foreach`/`matrix` group drawn
// as a stack with its count and worst status. Status changes touch classes and labels only.
import type { DagLayout, Point } from '../../core/pipeline/dag-layout';
import {
  dagNodeMetrics,
  type DagGroupStatus,
  type DagNodeInfo,
  type DagRunMode,
  type DagStageStatus,
  type DagStatus,
} from '../contract';
import { printable } from '../shared/dom';
import { roomIn, shortenAll, svgEl } from './svg-parts';

export interface GraphActions {
  reveal(stageId: string): void;
  /** `id` may be a group's: all its stages run. */
  run(id: string, mode: DagRunMode): void;
  openGroup(groupId: string, open: boolean): void;
  focus(stageId: string): void;
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

/** How far the stack behind a folded group's box shows. */
const STACK = 4;

const keyHelp = {
  stage: 'Click or Enter: show in dvc.yaml · R: run · U: with upstream · D: downstream · F: focus on its neighbourhood',
  member: 'C: fold its group',
  group: 'Click or Enter: open the group · R: run all · U: with upstream · D: downstream',
};

export class GraphSvg {
  readonly root: SVGGElement;
  private readonly views = new Map<string, NodeView>();

  constructor(
    nodes: readonly DagNodeInfo[],
    layout: DagLayout,
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
  }

  private node(info: DagNodeInfo, x: number, y: number, w: number, h: number, onCycle: boolean): SVGGElement {
    const folded = info.kind === 'group';
    // A folded group: its box leaves room for the stack drawn behind it, inside the laid-out size.
    const [bw, bh] = folded ? [w - STACK, h - STACK] : [w, h];
    const name = svgEl('text', { class: 'name', x: dagNodeMetrics.padLeft, y: bh / 2 - 3 }, [printable(info.label)]);
    const state = svgEl('text', { class: 'state', x: dagNodeMetrics.padLeft, y: bh / 2 + 12 });
    const title = svgEl('title');
    const run = svgEl('g', { class: 'run', 'aria-hidden': 'true', transform: `translate(${bw - 26},${bh / 2 - 10})` }, [
      svgEl('title', {}, [`Run ${printable(info.id)}${folded ? `: its ${info.members.length} stages` : ''} (R)`]),
      svgEl('rect', { class: 'hit', width: 20, height: 20, rx: 3 }),
      svgEl('path', { class: 'glyph', d: 'M7 5 L15 10 L7 15 Z' }),
    ]);
    // Pointer only (a button inside the node button would nest controls); keyboard users press R.
    run.addEventListener('click', (event) => {
      event.stopPropagation();
      this.actions.run(info.id, 'single');
    });
    const member = info.kind === 'stage' ? info.group : undefined;
    const group = svgEl(
      'g',
      {
        class: 'node',
        transform: `translate(${x},${y})`,
        tabindex: 0,
        role: 'button',
        'data-kind': info.kind,
        'data-stage-id': info.id,
        'aria-keyshortcuts': folded ? 'Enter R U D' : `Enter R U D F${member ? ' C' : ''}`,
      },
      [
        title,
        ...(folded ? [svgEl('rect', { class: 'stack', x: STACK, y: STACK, width: bw, height: bh, rx: 4 })] : []),
        svgEl('rect', { class: 'box', width: bw, height: bh, rx: 4 }),
        svgEl('rect', { class: 'stripe', width: 4, height: bh - 2, x: 1, y: 1, rx: 2 }),
        name,
        state,
        run,
      ],
    );
    if (onCycle) group.classList.add('on-cycle');
    // VS Code's webview context menu receives this object: `stage.id` is what the run commands accept from the
    // Pipeline view; a group passes its stages.
    group.setAttribute(
      'data-vscode-context',
      JSON.stringify(
        folded
          ? { webviewSection: 'group', stages: info.members, preventDefaultContextMenuItems: true }
          : { webviewSection: 'stage', stage: { id: info.id }, preventDefaultContextMenuItems: true },
      ),
    );
    const activate = () => (folded ? this.actions.openGroup(info.id, true) : this.actions.reveal(info.id));
    group.addEventListener('click', activate);
    group.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      const mode = ({ r: 'single', u: 'upstream', d: 'downstream' } as const)[key as 'r' | 'u' | 'd'];
      if (event.key === 'Enter' || event.key === ' ') activate();
      else if (mode) this.actions.run(info.id, mode);
      else if (key === 'f' && !folded) this.actions.focus(info.id);
      else if (key === 'c' && member) this.actions.openGroup(member, false);
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

  /** Applies every node's status: class, second line, tooltip and accessible name. Nothing moves. */
  update(statuses: Record<string, DagStageStatus>, groups: Record<string, DagGroupStatus>): void {
    const states: { text: SVGTextElement; room: number }[] = [];
    for (const { info, group, state, title } of this.views.values()) {
      states.push({ text: state, room: roomIn(group) });
      const shown =
        info.kind === 'group' ? groupText(info, groups[info.id]) : stageText(info, statuses[info.id], group);
      for (const c of [...group.classList]) if (c.startsWith('status-')) group.classList.remove(c);
      group.classList.add(`status-${shown.status}`);
      state.textContent = printable(shown.line);
      title.textContent = printable(shown.tooltip);
      group.setAttribute('aria-label', printable(shown.aria));
    }
    // Before the first drawing is in the document there is nothing to measure: fitLabels does it then.
    if (this.root.isConnected) shortenAll(states);
  }

  element(id: string): SVGGElement | undefined {
    return this.views.get(id)?.group;
  }

  infos(): DagNodeInfo[] {
    return [...this.views.values()].map((v) => v.info);
  }
}

interface Shown {
  status: DagStatus | 'unknown';
  line: string;
  tooltip: string;
  aria: string;
}

/** A stage the host sent no status for (it sends every drawn stage's): shown in no state yet. */
const pending: DagStageStatus = { status: 'unknown', label: '', reasons: [] };

function stageText(info: DagNodeInfo & { kind: 'stage' }, s: DagStageStatus = pending, group: SVGGElement): Shown {
  const { status: key, label, reasons } = s;
  const cycle = group.classList.contains('on-cycle');
  // DVC refuses a pipeline with a cycle, so a stage on one says that rather than a status.
  const line = cycle
    ? 'on a cycle'
    : key === 'changed' && reasons.length > 0
      ? `${label} · ${reasons[0]}${reasons.length > 1 ? ` (+${reasons.length - 1})` : ''}`
      : label;
  const help = info.group ? `${keyHelp.stage} · ${keyHelp.member}` : keyHelp.stage;
  return {
    status: key,
    line,
    tooltip: `${info.id} — ${label}${cycle ? ' (on a dependency cycle)' : ''}${reasons.length > 0 ? `\n${reasons.join('\n')}` : ''}\n${info.file}\n${help}`,
    aria: `${info.id}, ${label}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`,
  };
}

function groupText(info: DagNodeInfo & { kind: 'group' }, s: DagGroupStatus | undefined): Shown {
  const counts = s?.counts ?? `${info.members.length} expansions`;
  return {
    status: s?.status ?? 'unknown',
    line: counts,
    tooltip: `${info.id} (${info.expansion}) — ${counts}\n${info.file}\n${keyHelp.group}`,
    aria: `${info.id}, ${info.expansion} group, folded: ${counts}`,
  };
}
