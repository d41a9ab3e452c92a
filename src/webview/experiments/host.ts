// The experiments table's side of its message contract (src/webview/experiments-contract.ts): typed post and receive.
import { type ExpHostMessage, type ExpPanelMessage, isExpHostMessage } from '../experiments-contract';
import { channel } from '../shared/vscode-bridge';

const experiments = channel<ExpHostMessage, ExpPanelMessage>(isExpHostMessage);
export const post = experiments.post;
export const onHostMessage = experiments.onMessage;
