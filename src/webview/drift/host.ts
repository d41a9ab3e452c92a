// The drift panel's side of its message contract: typed post and receive, the persisted file pair.
import { isDriftHostMessage, type DriftHostMessage, type DriftPanelMessage } from '../contract';
import { channel } from '../shared/vscode-bridge';

const drift = channel<DriftHostMessage, DriftPanelMessage>(isDriftHostMessage);
export const post = drift.post;
export const onHostMessage = drift.onMessage;
