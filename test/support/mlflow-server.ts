// Starts a real `mlflow server` (from the pinned venv) on a free loopback port with a SQLite backend in
// a temp folder, waits for /health, and stops it (its whole process group) when asked.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { venvBin, venvEnv } from './python';

export interface MlflowServer {
  url: string;
  dir: string;
  /** Runs a Python script with the venv's interpreter, MLFLOW_TRACKING_URI set; returns its stdout. */
  python(script: string, env?: Record<string, string>): string;
  /** Like python(), parsing the last line of stdout as JSON (MLflow prints its own lines before it). */
  pythonJson(script: string, env?: Record<string, string>): any; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startMlflowServer(): Promise<MlflowServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-mlflow-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    join(venvBin(), 'mlflow'),
    [
      'server',
      '--backend-store-uri',
      `sqlite:///${join(dir, 'mlflow.db')}`,
      '--artifacts-destination',
      join(dir, 'artifacts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1',
    ],
    // MLflow's job runner (a pool of huey consumers) serves no test and costs a second per start.
    {
      cwd: dir,
      env: venvEnv({ MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' }),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`mlflow server exited (${child.exitCode}) before answering /health:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`mlflow server did not answer /health within 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const python = (script: string, env: Record<string, string> = {}) =>
    execFileSync(join(venvBin(), 'python'), ['-c', script], {
      encoding: 'utf8',
      env: venvEnv({ MLFLOW_TRACKING_URI: url, ...env }),
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return {
    url,
    dir,
    python,
    pythonJson: (script, env) => JSON.parse(python(script, env).trim().split('\n').pop() ?? ''),
    stop,
  };
}
