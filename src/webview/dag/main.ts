// Pipeline graph panel: every stage as a node in a layered drawing (laid out by the host), coloured by
// status and updated live; click or Enter shows the stage in dvc.yaml, R/U/D or the ▶ button run it.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './dag.css';
import type { DagLayout } from '../../core/pipeline/dag-layout';
import type { DagNodeInfo, DagStageStatus } from '../contract';
import { clear, el, showAlert } from '../shared/dom';
import { GraphSvg, markerDefs, statusText, svgEl } from './graph-svg';
import { onHostMessage, post, savedViewport, saveViewport } from './host';
import { PanZoom } from './pan-zoom';

const app = document.getElementById('app') as HTMLElement;
let graph:
  | { svg: GraphSvg; layout: DagLayout; nodes: DagNodeInfo[]; panZoom: PanZoom; summary: HTMLElement }
  | undefined;
let statuses: Record<string, DagStageStatus> = {};
/** The saved viewport applies to the first drawing only; later loads keep what the user is looking at. */
let restore = savedViewport();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function toolButton(label: string, aria: string, onClick: () => void): HTMLElement {
  const b = el('vscode-button', { secondary: true, 'aria-label': aria, title: aria, text: label });
  b.addEventListener('click', onClick);
  return b;
}

function summarize(target: HTMLElement, svg: GraphSvg): void {
  const counts = svg.counts(statuses);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  target.replaceChildren(
    el('span', { text: `${total} stage${total === 1 ? '' : 's'}` }),
    ...[...counts].map(([status, n]) =>
      el('span', { className: `legend status-${status}` }, [
        el('span', { className: 'swatch', 'aria-hidden': 'true' }),
        `${n} ${statusText[status]}`,
      ]),
    ),
  );
}

function render(nodes: DagNodeInfo[], layout: DagLayout): void {
  // A new drawing keeps the user's pan and zoom; an automatic fit fits the new drawing.
  const keep = graph && !graph.panZoom.isFitted ? graph.panZoom.current : undefined;
  clear(app);
  graph = undefined;
  if (nodes.length === 0) {
    app.append(el('p', { className: 'empty', text: 'No stages: this workspace has no dvc.yaml with stages yet.' }));
    return;
  }
  const svg = new GraphSvg(nodes, layout, statuses, {
    reveal: (stageId) => post({ type: 'reveal', stageId }),
    run: (stageId, mode) => post({ type: 'run', stageId, mode }),
  });
  const viewport = svgEl('g', { class: 'viewport' }, [svg.root]);
  const surface = el('div', {
    className: 'surface',
    tabindex: 0,
    role: 'group',
    'aria-label': 'Pipeline graph. Tab moves between stages; arrows pan, plus and minus zoom, 0 fits.',
  });
  surface.append(svgEl('svg', { class: 'dag', width: '100%', height: '100%' }, [markerDefs(), viewport]));
  const panZoom = new PanZoom(surface, viewport, (view) => {
    clearTimeout(saveTimer);
    // Saved only when chosen by the user: after a reload an automatic fit fits the panel's new size.
    saveTimer = setTimeout(() => saveViewport(panZoom.isFitted ? undefined : view), 200);
  });
  const fit = () => panZoom.fit(layout.width, layout.height);
  surface.addEventListener('keydown', (e) => {
    if (e.key === '0' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      fit();
    }
  });
  // A stage reached with Tab scrolls into view.
  surface.addEventListener('focusin', (e) => {
    const box = boxOf((e.target as Element).closest?.('.node')?.getAttribute('data-stage-id') ?? undefined);
    if (box) panZoom.reveal(box);
  });
  const summary = el('div', { className: 'summary', 'aria-live': 'polite' });
  app.append(
    el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Graph view' }, [
      toolButton('Fit', 'Fit the whole graph (0)', fit),
      toolButton('−', 'Zoom out (-)', () => panZoom.zoomBy(0.8)),
      toolButton('+', 'Zoom in (+)', () => panZoom.zoomBy(1.25)),
      summary,
    ]),
    surface,
  );
  svg.fitLabels();
  graph = { svg, layout, nodes, panZoom, summary };
  summarize(summary, svg);
  if (keep) panZoom.set(keep);
  else if (restore) panZoom.set(restore);
  else fit();
  restore = undefined;
}

function boxOf(stageId: string | undefined): DagLayout['nodes'][number] | undefined {
  if (!graph || stageId === undefined) return undefined;
  const i = graph.nodes.findIndex((n) => n.id === stageId);
  return i < 0 ? undefined : graph.layout.nodes[i];
}

onHostMessage((message) => {
  switch (message.type) {
    case 'load':
      statuses = message.statuses;
      render(message.nodes, message.layout);
      break;
    case 'statusUpdated':
      statuses = message.statuses;
      if (graph) {
        graph.svg.update(statuses);
        summarize(graph.summary, graph.svg);
      }
      break;
    case 'focus': {
      const box = boxOf(message.stageId);
      if (!graph || !box) break;
      if (graph.panZoom.current.scale < 0.6) graph.panZoom.set({ ...graph.panZoom.current, scale: 1 });
      graph.panZoom.reveal(box, true);
      graph.svg.element(message.stageId)?.focus({ preventScroll: true });
      break;
    }
    case 'error':
      graph = undefined;
      showAlert(app, message.message);
      break;
  }
});

post({ type: 'ready' });
