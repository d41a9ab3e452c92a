// The panel's side of the message contract: typed post, typed receive, persisted state.
import { isHostMessage, type HostMessage, type PanelMessage, type PersistedPanel } from '../contract';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: PanelMessage): void {
  api.postMessage(message);
}

export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) handler(event.data);
  });
}

export function saveState(state: PersistedPanel): void {
  api.setState(state);
}

export function loadState(): PersistedPanel | undefined {
  const state = api.getState();
  return typeof state === 'object' && state !== null && 'kind' in state ? (state as PersistedPanel) : undefined;
}
