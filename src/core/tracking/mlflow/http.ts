// Transport to an MLflow Tracking Server: auth, bounded retries with exponential backoff and full
// jitter, and errors that say what went wrong and how to fix it. No dependency: Node's global fetch.
import { TrackingError, type TrackingErrorCode } from '../errors';
import { isObject } from './wire';

export type MlflowAuth =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string };

export interface RetryPolicy {
  /** Attempts in total (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt; a timed-out attempt counts as a network error. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5000, timeoutMs: 30_000 };

export interface MlflowHttpOptions {
  trackingUri: string;
  auth?: MlflowAuth;
  retry?: Partial<RetryPolicy>;
}

/** A TrackingError that also carries what the server said: MLflow's error_code and the HTTP status. */
export class MlflowError extends TrackingError {
  constructor(
    code: TrackingErrorCode,
    message: string,
    /** MLflow's error_code (e.g. RESOURCE_DOES_NOT_EXIST) when the server sent one. */
    readonly errorCode?: string,
    readonly status?: number,
  ) {
    super(code, message);
    this.name = 'MlflowError';
  }
}

/**
 * How a request may be retried. 'idempotent': repeat freely. A `recover` function: the request is not
 * idempotent (e.g. runs/create), so after an attempt whose outcome is unknown (reset, timeout, 5xx),
 * `recover` looks for what that attempt may have created before trying again.
 */
export type RetryMode<T> = 'idempotent' | { recover: () => Promise<T | undefined> };

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Endpoint under /api/2.0/mlflow/ (e.g. 'runs/search'), or under /api/2.0/mlflow-artifacts/ for the artifact proxy. */
  endpoint: string;
  api?: 'mlflow' | 'mlflow-artifacts';
  /** The answer is a file, not JSON: `decode` gets its text ('text') or its bytes as a Buffer ('bytes'). */
  fileResponse?: 'text' | 'bytes';
  /** A file to upload as-is (instead of a JSON body). */
  rawBody?: string;
  query?: Record<string, string | number | string[] | undefined>;
  /** Sent as JSON; undefined fields are left out, as MLflow wants for unset ones. */
  body?: Record<string, unknown>;
  retry: RetryMode<T>;
  decode: (json: unknown) => T;
}

type Failure =
  | { kind: 'network'; code: string; certainlyUnsent: boolean }
  | { kind: 'http'; status: number; errorCode?: string; message: string; retryAfterMs?: number };

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
/** Failures where the server cannot have acted on the request, so even non-idempotent requests may be repeated. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class MlflowHttp {
  readonly trackingUri: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly policy: RetryPolicy;

  constructor(options: MlflowHttpOptions) {
    let url: URL;
    try {
      url = new URL(options.trackingUri);
    } catch {
      throw new MlflowError(
        'invalid-argument',
        `'${options.trackingUri}' is not a valid MLflow tracking URI — expected http(s)://host:port`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new MlflowError(
        'invalid-argument',
        `'${options.trackingUri}' is not an http(s) URL — the MLflow backend needs http(s)://host:port`,
      );
    }
    this.trackingUri = options.trackingUri.replace(/\/+$/, '');
    this.base = `${this.trackingUri}/api/2.0/`;
    this.headers = { accept: 'application/json', ...authHeader(options.auth ?? { kind: 'none' }) };
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    let last: Failure | undefined;
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, this.backoff(attempt - 1, last)));
      const outcome = await this.attempt(spec);
      if (outcome.ok) return spec.decode(outcome.json);
      last = outcome.failure;
      if (!isTransient(last)) throw this.toError(spec, last);
      const unsent = last.kind === 'network' ? last.certainlyUnsent : last.status === 429;
      if (spec.retry !== 'idempotent' && !unsent) {
        const found = await spec.retry.recover();
        if (found !== undefined) return found;
      }
    }
    throw this.exhausted(spec, last!);
  }

  private async attempt(
    spec: RequestSpec<unknown>,
  ): Promise<{ ok: true; json: unknown } | { ok: false; failure: Failure }> {
    const url = new URL(`${spec.api ?? 'mlflow'}/${spec.endpoint}`, this.base);
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    let res: Response;
    let bytes: Buffer;
    try {
      res = await fetch(url, {
        method: spec.method,
        headers: spec.body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
        body: spec.rawBody ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body)),
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      const code = networkCode(err);
      return { ok: false, failure: { kind: 'network', code, certainlyUnsent: UNSENT_CODES.has(code) } };
    }
    if (res.ok && spec.fileResponse === 'bytes') return { ok: true, json: bytes };
    const text = bytes.toString('utf8');
    if (res.ok && spec.fileResponse === 'text') return { ok: true, json: text };
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) {
      if (json === undefined) {
        return {
          ok: false,
          failure: { kind: 'http', status: 502, message: `a non-JSON answer: ${text.slice(0, 120)}` },
        };
      }
      return { ok: true, json };
    }
    const body = isObject(json) ? json : {};
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      ok: false,
      failure: {
        kind: 'http',
        status: res.status,
        errorCode: typeof body.error_code === 'string' ? body.error_code : undefined,
        message: typeof body.message === 'string' ? body.message : `${res.status} ${res.statusText}`.trim(),
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      },
    };
  }

  /** Full jitter: a random wait in [0, min(max, base·2^n)], or the server's Retry-After if it gave one. */
  private backoff(retry: number, last: Failure | undefined): number {
    if (last?.kind === 'http' && last.retryAfterMs !== undefined)
      return Math.min(last.retryAfterMs, this.policy.maxDelayMs);
    const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (retry - 1));
    return Math.random() * cap;
  }

  private where(spec: RequestSpec<unknown>): string {
    return `${spec.method} ${spec.endpoint}`;
  }

  private toError(spec: RequestSpec<unknown>, f: Failure): MlflowError {
    if (f.kind === 'network') return this.unreachable(f.code);
    const server = `MLflow server at ${this.trackingUri}`;
    switch (f.status) {
      case 401:
        return new MlflowError(
          'unauthorized',
          `${server} refused the request (401 Unauthorized): ${f.message} — give a token (MLFLOW_TRACKING_TOKEN) or a user and password (MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD)`,
          f.errorCode,
          401,
        );
      case 403:
        return new MlflowError(
          'forbidden',
          `${server} denied ${this.where(spec)} (403 Forbidden): ${f.message} — the user needs permission for this experiment or model`,
          f.errorCode,
          403,
        );
      case 404:
        // A 404 without MLflow's error body means the endpoint itself is missing: wrong URI or a very old server.
        return f.errorCode
          ? new MlflowError('not-found', `${f.message}`, f.errorCode, 404)
          : new MlflowError(
              'not-found',
              `${server} has no endpoint ${this.where(spec)} (404) — is the tracking URI the server's root, and is it an MLflow Tracking Server?`,
              undefined,
              404,
            );
    }
    const kind: TrackingErrorCode =
      f.errorCode === 'RESOURCE_ALREADY_EXISTS'
        ? 'already-exists'
        : f.errorCode === 'RESOURCE_DOES_NOT_EXIST'
          ? 'not-found'
          : /changing param values is not allowed/i.test(f.message)
            ? 'conflict'
            : f.status < 500
              ? 'invalid-argument'
              : 'server-error';
    return new MlflowError(
      kind,
      `${server}: ${this.where(spec)} failed (${f.status}${f.errorCode ? ` ${f.errorCode}` : ''}): ${f.message}`,
      f.errorCode,
      f.status,
    );
  }

  private unreachable(code: string): MlflowError {
    return new MlflowError(
      'unreachable',
      `MLflow server at ${this.trackingUri} is unreachable: ${code} — is it running? set --tracking-uri / MLOPS_TRACKING_URI`,
    );
  }

  private exhausted(spec: RequestSpec<unknown>, f: Failure): MlflowError {
    if (f.kind === 'network' && f.certainlyUnsent) return this.unreachable(f.code);
    const last = f.kind === 'network' ? f.code : `${f.status} ${f.message}`;
    return new MlflowError(
      f.kind === 'network' ? 'unreachable' : 'server-error',
      `MLflow server at ${this.trackingUri} kept failing ${this.where(spec)}: gave up after ${this.policy.maxAttempts} attempts (last: ${last}) — check the server's health and logs, then retry`,
      f.kind === 'http' ? f.errorCode : undefined,
      f.kind === 'http' ? f.status : undefined,
    );
  }
}

function isTransient(f: Failure): boolean {
  return f.kind === 'network' || TRANSIENT_STATUS.has(f.status);
}

function authHeader(auth: MlflowAuth): Record<string, string> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
  }
}

/** The most specific name for a failed fetch: undici wraps the socket error (or e.g. "bad port") in `cause`. */
function networkCode(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  for (let e: unknown = err, depth = 0; isErrorLike(e) && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && e.code !== '') return e.code;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'ETIMEDOUT';
    if (e instanceof Error && e.message !== '') message = e.message;
  }
  return message;
}

function isErrorLike(e: unknown): e is { code?: unknown; name?: unknown; cause?: unknown } {
  return typeof e === 'object' && e !== null;
}
