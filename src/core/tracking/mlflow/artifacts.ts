// A run's artifacts through the MLflow server's artifact proxy (`mlflow server --artifacts-destination`,
// served under /api/2.0/mlflow-artifacts/): the only artifact path that needs no cloud credentials on the
// client, so it is the one we speak. A run whose artifact URI is not proxied gets a message saying how to
// start the server so that it is.
import { TrackingError } from '../errors';
import type { MlflowClient } from './client';

/** The proxy path of a run's artifact root (`mlflow-artifacts:/1/<run>/artifacts` → `1/<run>/artifacts`). */
export async function artifactRoot(client: MlflowClient, runId: string): Promise<string> {
  const run = await client.getRun(runId);
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(run.info.artifactUri);
  if (!m) {
    throw new TrackingError(
      'invalid-argument',
      `run ${runId} stores artifacts at ${run.info.artifactUri}, which this client cannot reach — start the MLflow server with --serve-artifacts`,
    );
  }
  return m[1]!.replace(/\/+$/, '');
}

/** Proxy endpoint of one artifact; each path segment escaped, the slashes kept. */
export function artifactEndpoint(root: string, rel: string): string {
  return `artifacts/${[...root.split('/'), ...rel.split('/')].map(encodeURIComponent).join('/')}`;
}

export async function downloadArtifact(client: MlflowClient, root: string, rel: string): Promise<Buffer> {
  return client.http.request({
    method: 'GET',
    api: 'mlflow-artifacts',
    endpoint: artifactEndpoint(root, rel),
    fileResponse: 'bytes',
    retry: 'idempotent',
    decode: (b) => b as Buffer,
  });
}
