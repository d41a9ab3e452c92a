// Pipeline graph panel: every stage as a node in a layered drawing (laid out by the host), coloured by status and
// updated live; `foreach`/`matrix` groups folded into one node until opened. Click or Enter shows a stage in
// dvc.yaml (or opens a group), R/U/D or the ▶ button run it, F focuses on its upstream and downstream. The first
// view keeps names legible: the host folds groups to make the drawing fit, and what still does not fit starts
// from the sources at a readable size, with an overview in the corner.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './dag.css';
import type { DagLayout } from '../../core/pipeline/dag-layout';
import { MIN_LEGIBLE_SCALE, type DagHostMessage, type DagNodeInfo, type DagStatuses } from '../contract';
import { clear, el, printable, showAlert } from '../shared/dom';
import { GraphSvg } from './graph-svg';
import { onHostMessage, post, savedViewport, saveViewport } from './host';
import { Minimap } from './minimap';
import { PanZoom } from './pan-zoom';
import { GraphSearch } from './search';
import { markerDefs, svgEl } from './svg-parts';

interface Drawn {
  svg: GraphSvg;
  layout: DagLayout;
  nodes: DagNodeInfo[];
  panZoom: PanZoom;
  summary: HTMLElement;
  minimap: Minimap;
}

const app = document.getElementById('app') as HTMLElement;
let graph: Drawn | undefined;
let shown: DagStatuses = { statuses: {}, groups: {}, summary: [] };
/** The saved viewport applies to the first drawing only; later loads keep what the user is looking at. */
let restore = savedViewport();
let saveTimer: ReturnType<typeof setTimeout> | undefined;
// Stepping through matches keeps the keyboard in the search box, as VS Code's find widget does.
const search = new GraphSearch((id) => bringIntoView([id], false));

function toolButton(label: string, aria: string, onClick: () => void): HTMLElement {
  const b = el('vscode-button', { secondary: true, 'aria-label': aria, title: aria, text: label });
  b.addEventListener('click', onClick);
  return b;
}

/** The toolbar's legend: the stages drawn (folded groups' members included) per state, as the host counted them. */
function summarize(target: HTMLElement): void {
  const total = shown.summary.reduce((n, s) => n + s.count, 0);
  target.replaceChildren(
    el('span', { text: `${total} stage${total === 1 ? '' : 's'}` }),
    ...shown.summary.map((s) =>
      el('span', { className: `legend status-${s.status}` }, [
        el('span', { className: 'swatch', 'aria-hidden': 'true' }),
        `${s.count} ${s.label}`,
      ]),
    ),
  );
}

function paint(drawn: Drawn): void {
  drawn.svg.update(shown.statuses, shown.groups);
  summarize(drawn.summary);
  drawn.minimap.paint((id) => [...(drawn.svg.element(id)?.classList ?? [])].find((c) => c.startsWith('status-')) ?? '');
}

function focusBar(focus: string, nodes: readonly DagNodeInfo[]): HTMLElement {
  const shown = nodes.reduce((n, node) => n + (node.kind === 'group' ? node.members.length : 1), 0);
  return el('div', { className: 'focus-bar', role: 'status' }, [
    el('span', {
      text: printable(`Focused on ${focus}: ${shown} stage${shown === 1 ? '' : 's'} upstream and downstream.`),
    }),
    toolButton('Show all', 'Show the whole pipeline (Escape)', () => post({ type: 'focusStage' })),
  ]);
}

function render(message: DagHostMessage & { type: 'load' }): void {
  const { nodes, layout } = message;
  // A new drawing keeps the user's pan and zoom; an automatic fit fits the new drawing.
  const keep = graph && !graph.panZoom.isFitted ? graph.panZoom.current : undefined;
  clear(app);
  graph = undefined;
  if (nodes.length === 0) {
    app.append(el('p', { className: 'empty', text: 'No stages: this workspace has no dvc.yaml with stages yet.' }));
    return;
  }
  const svg = new GraphSvg(nodes, layout, {
    reveal: (stageId) => post({ type: 'reveal', stageId }),
    run: (stageId, mode) => post({ type: 'run', stageId, mode }),
    openGroup: (groupId, open) => post({ type: 'openGroups', groupId, open }),
    focus: (stageId) => post({ type: 'focusStage', stageId }),
  });
  const viewport = svgEl('g', { class: 'viewport' }, [svg.root]);
  const surface = el('div', {
    className: 'surface',
    tabindex: 0,
    role: 'group',
    'aria-label':
      'Pipeline graph. Tab moves between nodes; arrows pan, plus and minus zoom, 0 fits, slash searches, Escape shows all.',
  });
  const minimap = new Minimap(
    layout,
    nodes.map((n) => n.id),
    (x, y) => {
      const s = panZoom.current.scale;
      panZoom.set({ x: surface.clientWidth / 2 - x * s, y: surface.clientHeight / 2 - y * s, scale: s });
    },
  );
  const panZoom = new PanZoom(surface, viewport, (view) => {
    minimap.show(view, { width: surface.clientWidth, height: surface.clientHeight });
    clearTimeout(saveTimer);
    // Saved only when chosen by the user: after a reload an automatic fit fits the panel's new size.
    saveTimer = setTimeout(() => saveViewport(panZoom.isFitted ? undefined : view), 200);
  });
  const fitAll = () => panZoom.fit(layout.width, layout.height);
  surface.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '0') fitAll();
    else if (e.key === '/') search.focus();
    else if (e.key === 'Escape' && message.focus !== undefined) post({ type: 'focusStage' });
    else return;
    e.preventDefault();
  });
  // A node reached with Tab scrolls into view.
  surface.addEventListener('focusin', (e) => {
    const box = boxOf((e.target as Element).closest?.('.node')?.getAttribute('data-stage-id') ?? undefined);
    if (box) panZoom.reveal(box);
  });
  const summary = el('div', { className: 'summary', 'aria-live': 'polite' });
  const folded = nodes.some((n) => n.kind === 'group');
  const grouped = folded || nodes.some((n) => n.kind === 'stage' && n.group !== undefined);
  graph = { svg, layout, nodes, panZoom, summary, minimap };
  // Statuses first, while the drawing is out of the document: then every label is measured and cut in one pass.
  paint(graph);
  surface.append(
    svgEl('svg', { class: 'dag', width: '100%', height: '100%' }, [markerDefs(), viewport]),
    minimap.element,
  );
  app.append(
    el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Graph view' }, [
      toolButton('Fit', 'Fit the whole graph (0)', fitAll),
      toolButton('−', 'Zoom out (-)', () => panZoom.zoomBy(0.8)),
      toolButton('+', 'Zoom in (+)', () => panZoom.zoomBy(1.25)),
      grouped &&
        (folded
          ? toolButton('Open groups', 'Open every foreach/matrix group', () => post({ type: 'openGroups', open: true }))
          : toolButton('Fold groups', 'Fold every foreach/matrix group into one node', () =>
              post({ type: 'openGroups', open: false }),
            )),
      search.element,
      summary,
    ]),
    ...(message.focus === undefined ? [] : [focusBar(message.focus, nodes)]),
    surface,
  );
  svg.fitLabels();
  search.attach(svg);
  if (keep) panZoom.set(keep);
  else if (restore) panZoom.set(restore);
  else panZoom.fit(layout.width, layout.height, MIN_LEGIBLE_SCALE);
  restore = undefined;
  if (message.reveal) bringIntoView(message.reveal, message.focus !== undefined);
}

function boxOf(id: string | undefined): DagLayout['nodes'][number] | undefined {
  if (!graph || id === undefined) return undefined;
  const i = graph.nodes.findIndex((n) => n.id === id);
  return i < 0 ? undefined : graph.layout.nodes[i];
}

/**
 * Shows the named nodes (a group just opened names its members through their `group`): all of them when they fit
 * at the current scale, else the first one centred; a single stage also gets the keyboard focus.
 */
function bringIntoView(ids: readonly string[], focusIt: boolean): void {
  if (!graph) return;
  const wanted = new Set(ids);
  const hits = graph.nodes.flatMap((n, i) =>
    wanted.has(n.id) || (n.kind === 'stage' && n.group !== undefined && wanted.has(n.group)) ? [i] : [],
  );
  const boxes = hits.flatMap((i) => graph?.layout.nodes[i] ?? []);
  const first = boxes[0];
  if (!first) return;
  const [x0, y0] = [Math.min(...boxes.map((b) => b.x)), Math.min(...boxes.map((b) => b.y))];
  const [x1, y1] = [Math.max(...boxes.map((b) => b.x + b.width)), Math.max(...boxes.map((b) => b.y + b.height))];
  const { panZoom } = graph;
  if (panZoom.current.scale < MIN_LEGIBLE_SCALE) panZoom.set({ ...panZoom.current, scale: 1 });
  const s = panZoom.current.scale;
  const fits = (x1 - x0) * s < app.clientWidth - 48 && (y1 - y0) * s < app.clientHeight - 96;
  panZoom.reveal(fits ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : first, true);
  const node = graph.nodes[hits[0] as number];
  if (focusIt && node) graph.svg.element(node.id)?.focus({ preventScroll: true });
}

onHostMessage((message) => {
  switch (message.type) {
    case 'load':
      shown = message;
      render(message);
      break;
    case 'statusUpdated':
      shown = message;
      if (graph) paint(graph);
      break;
    case 'focus':
      bringIntoView([message.stageId], true);
      break;
    case 'error':
      graph = undefined;
      showAlert(app, message.message);
      break;
  }
});

post({ type: 'ready', window: { width: app.clientWidth, height: Math.max(app.clientHeight - 40, 0) } });
