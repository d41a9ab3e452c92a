// The Ray Jobs REST API (the dashboard's /api/jobs/ and /api/packages/), spoken from TypeScript so that
// submitting needs neither Ray nor Python on the user's machine. It mirrors what Ray's own
// `JobSubmissionClient` does: a working-directory package is uploaded once under a content-addressed
// `gcs://_ray_pkg_<hash>.zip` name (skipped when the cluster already has it), then the job is submitted
// with that URI as `runtime_env.working_dir`; status, logs and stop are plain GET/POST. The same API is
// served by a laptop head, a VM cluster, KubeRay and hosted Ray, which is why it is the only one used.
// Errors say what failed, where, and what to do; an optional token goes in a header (never in a URL, never
// in a message).
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type RayJobStatus = 'PENDING' | 'RUNNING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED';
const STATUSES: ReadonlySet<string> = new Set(['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED']);

export function isTerminal(status: RayJobStatus): boolean {
  return status === 'STOPPED' || status === 'SUCCEEDED' || status === 'FAILED';
}

export interface RayJobInfo {
  submissionId: string;
  status: RayJobStatus;
  /** Ray's own words on the state (e.g. why it failed: "Job supervisor actor died", an exit code). */
  message: string;
  errorType: string | null;
  startTime?: number;
  endTime?: number;
  metadata: Record<string, string>;
}

export interface RaySubmission {
  entrypoint: string;
  /** A `gcs://` package URI returned by `uploadPackage`. */
  workingDir: string;
  /** Chosen by the caller so a lost answer can be looked up instead of submitting twice. */
  submissionId: string;
  env: Record<string, string>;
  metadata: Record<string, string>;
  /** CPUs the entrypoint reserves: lets Ray run as many experiments at once as the cluster has room for. */
  numCpus: number;
}

/** `failing`: the dashboard answered 5xx — itself up, a part behind it (the job agent, GCS) not, maybe for now. */
export type RayErrorCode = 'unreachable' | 'failing' | 'unauthorized' | 'not-found' | 'rejected' | 'invalid-address';

export class RayError extends Error {
  constructor(
    readonly code: RayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RayError';
  }
}

export interface RayClientOptions {
  /** The dashboard address, e.g. http://127.0.0.1:8265. */
  address: string;
  /** Sent as `Authorization: Bearer …` (Anyscale, a proxy in front of KubeRay). */
  token?: string;
  timeoutMs?: number;
}

export class RayJobsClient {
  readonly address: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: RayClientOptions) {
    let url: URL;
    try {
      url = new URL(options.address);
    } catch {
      throw new RayError(
        'invalid-address',
        `'${options.address}' is not a Ray dashboard address — expected http://HOST:8265`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RayError(
        'invalid-address',
        `'${url.origin}' is not http(s) — the Ray Jobs API is served by the dashboard at http://HOST:8265`,
      );
    }
    if (url.username || url.password) {
      throw new RayError(
        'invalid-address',
        `the Ray address for ${url.host} carries credentials — give the token separately (it is stored per origin)`,
      );
    }
    this.address = url.origin;
    this.headers = options.token ? { authorization: `Bearer ${options.token}` } : {};
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The cluster's Ray version; also the reachability check before anything is uploaded. */
  async version(): Promise<string> {
    const json = await this.call('GET', '/api/version');
    const v = field(json, 'ray_version');
    if (typeof v !== 'string')
      throw new RayError(
        'rejected',
        `${this.address} answered /api/version without a ray_version — is this a Ray dashboard?`,
      );
    return v;
  }

  /** Uploads a package unless the cluster already has it; returns its `gcs://` URI. */
  async uploadPackage(zipBytes: Buffer): Promise<string> {
    const name = packageName(zipBytes);
    const path = `/api/packages/gcs/${name}`;
    const head = await this.fetch('GET', path);
    if (head.status !== 200) await this.call('PUT', path, zipBytes);
    return `gcs://${name}`;
  }

  async submit(job: RaySubmission): Promise<string> {
    const body = {
      entrypoint: job.entrypoint,
      submission_id: job.submissionId,
      runtime_env: { working_dir: job.workingDir, env_vars: job.env },
      metadata: job.metadata,
      entrypoint_num_cpus: job.numCpus,
    };
    try {
      const json = await this.call('POST', '/api/jobs/', Buffer.from(JSON.stringify(body)), 'application/json');
      const id = field(json, 'submission_id');
      return typeof id === 'string' ? id : job.submissionId;
    } catch (err) {
      // The answer was lost but the job may exist: ask for it by the id we chose rather than submit twice.
      if (err instanceof RayError && err.code === 'unreachable') throw err;
      const existing = await this.info(job.submissionId).catch(() => undefined);
      if (existing) return existing.submissionId;
      throw err;
    }
  }

  async info(submissionId: string): Promise<RayJobInfo> {
    return toInfo(await this.call('GET', `/api/jobs/${encodeURIComponent(submissionId)}`), submissionId);
  }

  async logs(submissionId: string): Promise<string> {
    const logs = field(await this.call('GET', `/api/jobs/${encodeURIComponent(submissionId)}/logs`), 'logs');
    return typeof logs === 'string' ? logs : '';
  }

  /** Asks Ray to stop the job (SIGTERM to its driver, then SIGKILL); true when Ray accepted the request. */
  async stop(submissionId: string): Promise<boolean> {
    const stopped = field(await this.call('POST', `/api/jobs/${encodeURIComponent(submissionId)}/stop`), 'stopped');
    return stopped === true;
  }

  private async call(method: string, path: string, body?: Buffer, contentType?: string): Promise<unknown> {
    const res = await this.fetch(method, path, body, contentType);
    const text = res.text;
    if (res.status === 401 || res.status === 403) {
      throw new RayError(
        'unauthorized',
        `the Ray dashboard at ${this.address} refused ${method} ${path} (${res.status}) — set its token with "MLOps: Set Ray Token" or MLOPS_RAY_TOKEN`,
      );
    }
    if (res.status === 404)
      throw new RayError(
        'not-found',
        `the Ray dashboard at ${this.address} has no ${path.replace(/^\/api\//, '')} (404)`,
      );
    if (res.status < 200 || res.status > 299)
      throw new RayError(
        res.status >= 500 ? 'failing' : 'rejected',
        `the Ray dashboard at ${this.address} refused ${method} ${path} (${res.status}): ${text.slice(0, 300)}`,
      );
    if (text === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new RayError(
        'rejected',
        `the Ray dashboard at ${this.address} answered ${method} ${path} with something that is not JSON: ${text.slice(0, 120)}`,
      );
    }
  }

  /**
   * node:http, not the global fetch: the dashboard refuses requests that look like a browser's (fetch adds
   * `sec-fetch-mode`), answering 405 "method not allowed for browser traffic" to PUT and POST.
   */
  private fetch(method: string, path: string, body?: Buffer, contentType?: string): Promise<HttpAnswer> {
    const url = new URL(this.address + path);
    const headers: Record<string, string | number> = { ...this.headers, accept: 'application/json' };
    if (contentType) headers['content-type'] = contentType;
    if (body) headers['content-length'] = body.length;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.unreachable(err)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(this.unreachable(err)));
      req.end(body);
    });
  }

  private unreachable(err: Error): RayError {
    const cause = (err as { code?: string }).code ?? err.name;
    return new RayError(
      'unreachable',
      `the Ray cluster at ${this.address} is unreachable (${cause}) — is the head running (\`ray start --head --dashboard-host 0.0.0.0\`) and is mlops.ray.address right? Queued experiments stay queued.`,
    );
  }
}

interface HttpAnswer {
  status: number;
  text: string;
}

/** Content-addressed, as Ray's client names packages: the same files are uploaded once per cluster. */
export function packageName(zipBytes: Buffer): string {
  return `_ray_pkg_${createHash('sha1').update(zipBytes).digest('hex').slice(0, 16)}.zip`;
}

function field(json: unknown, key: string): unknown {
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
}

function toInfo(json: unknown, submissionId: string): RayJobInfo {
  const status = field(json, 'status');
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    throw new RayError('rejected', `Ray reported job ${submissionId} in an unknown state ${JSON.stringify(status)}`);
  }
  const meta = field(json, 'metadata');
  const metadata: Record<string, string> = {};
  if (typeof meta === 'object' && meta !== null) {
    for (const [k, v] of Object.entries(meta)) if (typeof v === 'string') metadata[k] = v;
  }
  const num = (k: string): number | undefined =>
    typeof field(json, k) === 'number' ? (field(json, k) as number) : undefined;
  const message = field(json, 'message');
  const errorType = field(json, 'error_type');
  return {
    submissionId,
    status: status as RayJobStatus,
    message: typeof message === 'string' ? message : '',
    errorType: typeof errorType === 'string' ? errorType : null,
    startTime: num('start_time'),
    endTime: num('end_time'),
    metadata,
  };
}
