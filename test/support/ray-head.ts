// Starts a real Ray head (Ray from the pinned venv) on 127.0.0.1 with 2 CPUs, its dashboard — which serves
// the Jobs API — on a free port, state in a temp folder; stops it (`ray stop --force`) when asked. One head
// per test file: Ray takes seconds to start.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './mlflow-server';
import { venvBin, venvEnv } from './python';

export interface RayHead {
  address: string;
  stop(): void;
}

export async function startRayHead(): Promise<RayHead> {
  // A short path: Ray's sockets live under it and Unix socket paths are limited to 107 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'ray-'));
  const [gcs, dashboard] = [await freePort(), await freePort()];
  const ray = join(venvBin(), 'ray');
  const env = venvEnv({ RAY_USAGE_STATS_ENABLED: '0', RAY_DEDUP_LOGS: '0' });
  execFileSync(
    ray,
    [
      'start',
      '--head',
      '--node-ip-address=127.0.0.1',
      `--port=${gcs}`,
      '--num-cpus=2',
      '--include-dashboard=true',
      '--dashboard-host=127.0.0.1',
      `--dashboard-port=${dashboard}`,
      `--temp-dir=${dir}`,
      '--disable-usage-stats',
    ],
    { env, stdio: 'ignore', timeout: 120_000 },
  );
  const address = `http://127.0.0.1:${dashboard}`;
  // The dashboard's job module comes up after `ray start` returns: wait for it to answer, for a minute at most.
  const deadline = Date.now() + 60_000;
  while (
    !(await listJobs(address).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`the Ray dashboard at ${address} did not answer within a minute`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address,
    stop() {
      execFileSync(ray, ['stop', '--force'], { env, stdio: 'ignore', timeout: 120_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ListedJob {
  submission_id: string;
  status: string;
  metadata: Record<string, string>;
}

/** Ray's job list, through node:http with a 10 s bound (a request that never gets an answer fails, never hangs). */
export function listJobs(address: string): Promise<ListedJob[]> {
  return new Promise((resolve, reject) => {
    const req = get(`${address}/api/jobs/`, { timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (res.statusCode !== 200)
          reject(new Error(`GET /api/jobs/ answered ${res.statusCode}: ${body.slice(0, 200)}`));
        else resolve(JSON.parse(body) as ListedJob[]);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('GET /api/jobs/ timed out')));
    req.on('error', reject);
  });
}
