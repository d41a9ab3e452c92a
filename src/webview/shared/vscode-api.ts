// The metrics panels' side of the message contract: typed post, typed receive, persisted state.
import { isHostMessage, type HostMessage, type PanelMessage, type PersistedPanel } from '../contract';
import { channel, vscodeApi } from './vscode-bridge';

const metrics = channel<HostMessage, PanelMessage>(isHostMessage);
export const post = metrics.post;
export const onHostMessage = metrics.onMessage;

export function saveState(state: PersistedPanel): void {
  vscodeApi().setState(state);
}

export function loadState(): PersistedPanel | undefined {
  const state = vscodeApi().getState();
  return typeof state === 'object' && state !== null && 'kind' in state ? (state as PersistedPanel) : undefined;
}
