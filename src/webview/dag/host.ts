// The graph panel's side of its message contract: typed post, typed receive, the persisted viewport.
import {
  isDagHostMessage,
  type DagHostMessage,
  type DagPanelMessage,
  type DagViewport,
  type PersistedDagPanel,
} from '../contract';
import { channel, vscodeApi } from '../shared/vscode-bridge';

const dag = channel<DagHostMessage, DagPanelMessage>(isDagHostMessage);
export const post = dag.post;
export const onHostMessage = dag.onMessage;

export function saveViewport(viewport: DagViewport | undefined): void {
  const state: PersistedDagPanel = viewport ? { kind: 'dag', viewport } : { kind: 'dag' };
  vscodeApi().setState(state);
}

export function savedViewport(): DagViewport | undefined {
  const state = vscodeApi().getState() as Partial<PersistedDagPanel> | null | undefined;
  const v = state?.kind === 'dag' ? state.viewport : undefined;
  return v && [v.x, v.y, v.scale].every((n) => typeof n === 'number' && Number.isFinite(n)) && v.scale > 0
    ? v
    : undefined;
}
