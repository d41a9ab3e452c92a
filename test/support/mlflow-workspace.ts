// A temp workspace holding an MLflow store made the way a user's script makes one: plain `mlflow` from
// Python logging into ./mlflow.db (SQLite) or ./mlruns (the file store), no server involved.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { venvBin, venvEnv } from './python';

export interface MlflowWorkspace {
  folder: string;
  experimentId: string;
  runId: string;
  remove(): void;
}

/** Environment for MLflow processes in tests: the venv, no telemetry (never leave loopback). */
export function mlflowTestEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return venvEnv({ MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true', ...extra });
}

const LOG_RUN = `
import json, mlflow
mlflow.set_experiment("local-exp")
with mlflow.start_run(run_name="py-run") as r:
    mlflow.log_param("lr", "0.1")
    for i in range(5):
        mlflow.log_metric("loss", 1 / (i + 1), step=i)
print(json.dumps({"runId": r.info.run_id, "experimentId": r.info.experiment_id}))
`;

/** Logs one run ("py-run" in experiment "local-exp": param lr=0.1, loss at steps 0..4) into a fresh store. */
export function mlflowWorkspace(kind: 'sqlite' | 'file'): MlflowWorkspace {
  const folder = mkdtempSync(join(tmpdir(), `mlops-ws-${kind}-`));
  const uri = kind === 'sqlite' ? `sqlite:///${join(folder, 'mlflow.db')}` : pathToFileURL(join(folder, 'mlruns')).href;
  const out = execFileSync(join(venvBin(), 'python'), ['-c', LOG_RUN], {
    cwd: folder,
    encoding: 'utf8',
    env: mlflowTestEnv({ MLFLOW_TRACKING_URI: uri, ...(kind === 'file' ? { MLFLOW_ALLOW_FILE_STORE: 'true' } : {}) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ids = JSON.parse(out.trim().split('\n').pop() ?? '') as { runId: string; experimentId: string };
  return { folder, ...ids, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
