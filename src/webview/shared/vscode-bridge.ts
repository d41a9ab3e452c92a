// The one VS Code API object a webview may acquire, and typed messaging over it: each panel brings the guard of
// its own part of the contract (src/webview/contract.ts), so nothing untyped reaches its handlers.
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** acquireVsCodeApi may be called once per webview: every caller shares this object. */
export function vscodeApi(): VsCodeApi {
  return (api ??= acquireVsCodeApi());
}

/** A panel's typed channel: `post` what the host accepts, `onMessage` receives what passes `isIncoming`. */
export function channel<Incoming, Outgoing>(isIncoming: (data: unknown) => data is Incoming) {
  return {
    post(message: Outgoing): void {
      vscodeApi().postMessage(message);
    },
    onMessage(handler: (message: Incoming) => void): void {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isIncoming(event.data)) handler(event.data);
      });
    },
  };
}
