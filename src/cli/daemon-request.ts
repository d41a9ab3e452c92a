// What the status daemon accepts on its socket, checked before it is acted on. Anyone who can reach the socket
// can write to it, so a request is untrusted bytes: at most one line of 64 KiB (a folder path and a flag need
// far less; a 300 MB line without a newline took 1.5 GB), sent within 10 s of connecting, and of one of the
// three shapes below. Anything else gets `{ kind: 'error', message }` and the connection is closed; the daemon
// keeps answering others (`null` had killed it with a TypeError, `{"kind":"status"}` hung the connection).
import type { DaemonRequest } from './daemon-client';

/** The longest request line, newline excluded. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** How long a connection may stay silent before its request line is complete. */
export const REQUEST_IDLE_MS = 10_000;
/** The longest folder path a status request may name (Linux's PATH_MAX). */
const MAX_PATH = 4096;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One request line read as a request, or what is wrong with it (said so a person can fix their client). */
export function parseRequest(line: string): DaemonRequest | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'a request is one line of JSON' };
  }
  if (!isObject(value) || typeof value.kind !== 'string')
    return { error: 'a request is a JSON object with a "kind": "status", "info" or "stop"' };
  switch (value.kind) {
    case 'info':
    case 'stop':
      return { kind: value.kind };
    case 'status': {
      const status = value.status;
      if (!isObject(status) || typeof status.cwd !== 'string' || typeof status.json !== 'boolean')
        return { error: 'a "status" request needs "status": {"cwd": "<folder>", "json": true|false}' };
      if (status.cwd.length === 0 || status.cwd.length > MAX_PATH)
        return { error: `"status.cwd" must be a folder path of 1 to ${MAX_PATH} characters` };
      return { kind: 'status', status: { cwd: status.cwd, json: status.json } };
    }
    default:
      return {
        error: `unknown request kind ${JSON.stringify(value.kind).slice(0, 80)}: use "status", "info" or "stop"`,
      };
  }
}
