// A loopback HTTP proxy in front of a real server that injects faults, chosen per request by a plan:
// 5xx/429 answers, connection resets before or after the server acted, slow answers and delays.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | 'pass'
  | '503'
  | '429'
  | '401'
  | '403'
  /** The connection drops before the server sees the request. */
  | 'reset-before'
  /** The server acts on the request, then the connection drops: the answer is lost. */
  | 'reset-after'
  /** The server acts, the answer comes late (after the client's timeout). */
  | 'slow'
  /** A short delay, then a normal answer. */
  | 'delay';

export interface FaultProxy {
  url: string;
  /** Faults injected so far, by kind. */
  injected: Map<Fault, number>;
  close(): Promise<void>;
}

/**
 * `plan(endpoint, n, authorization)`: the fault for the n-th (0-based) request to that endpoint (e.g.
 * 'runs/log-batch'), given the request's Authorization header.
 */
export async function startFaultProxy(
  target: string,
  plan: (endpoint: string, n: number, authorization: string | undefined) => Fault,
  slowMs = 1500,
): Promise<FaultProxy> {
  const seen = new Map<string, number>();
  const injected = new Map<Fault, number>();
  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const up = httpRequest(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const endpoint = (req.url ?? '').replace(/^\/api\/2\.0\/mlflow(-artifacts)?\//, '').split('?')[0]!;
      const n = seen.get(endpoint) ?? 0;
      seen.set(endpoint, n + 1);
      const fault = plan(endpoint, n, req.headers.authorization);
      injected.set(fault, (injected.get(fault) ?? 0) + 1);
      if (fault === 'reset-before') return void req.socket.destroy();
      if (fault === '503' || fault === '429' || fault === '401' || fault === '403') {
        const code = {
          '503': 'TEMPORARILY_UNAVAILABLE',
          '429': 'REQUEST_LIMIT_EXCEEDED',
          '401': 'UNAUTHENTICATED',
          '403': 'PERMISSION_DENIED',
        }[fault];
        res.writeHead(Number(fault), { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error_code: code, message: 'injected fault' }));
      }
      if (fault === 'delay') await new Promise((r) => setTimeout(r, 50));
      try {
        const answer = await forward(req, Buffer.concat(chunks));
        if (fault === 'reset-after') return void req.socket.destroy();
        if (fault === 'slow') await new Promise((r) => setTimeout(r, slowMs));
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
        res.end(answer.body);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
