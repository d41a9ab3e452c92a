// The graph panel's side of its message contract: typed post, typed receive, the persisted viewport.
import { isDagHostMessage, type DagHostMessage, type DagPanelMessage, type DagViewport, type PersistedDagPanel } from '../contract';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: DagPanelMessage): void {
  api.postMessage(message);
}

export function onHostMessage(handler: (message: DagHostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isDagHostMessage(event.data)) handler(event.data);
  });
}

export function saveViewport(viewport: DagViewport | undefined): void {
  const state: PersistedDagPanel = viewport ? { kind: 'dag', viewport } : { kind: 'dag' };
  api.setState(state);
}

export function savedViewport(): DagViewport | undefined {
  const state = api.getState() as Partial<PersistedDagPanel> | null | undefined;
  const v = state?.kind === 'dag' ? state.viewport : undefined;
  return v && [v.x, v.y, v.scale].every((n) => typeof n === 'number' && Number.isFinite(n)) && v.scale > 0 ? v : undefined;
}
