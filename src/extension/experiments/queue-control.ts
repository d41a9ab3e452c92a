// Starting and stopping the experiment queue from the editor. The queue runs in its own detached process —
// `mlops queue start --detach`, the CLI bundled with the extension — so it outlives a window reload and the
// editor and terminal share one queue (core/experiments/queue-store.ts); a queue already running picks new
// entries up by itself. Where it runs (this machine or Ray) is passed as the CLI reads it: MLOPS_EXECUTOR and
// the rest, with the tracking server and the tokens from SecretStorage, in the child's environment only.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showInfo } from '../notify';
import { alive, listQueue, liveRunner, logFile, type QueueEntry } from '../../core/experiments/queue-store';
import { selectedPythonBin } from '../runner/python-env';
import { untrustedMessage } from '../runner/messages';
import { type Credentials, mlflowBackend } from '../tracking-backend';
import { rayToken } from '../runner/executor-settings';
import { showRayJobLog } from './ray-job-log';

export interface QueueControlDeps {
  extensionUri: vscode.Uri;
  /** SecretStorage and the workspace's confirmed tracking servers (tracking-backend.ts). */
  credentials: Credentials;
  log: vscode.LogOutputChannel;
}

/** How long starting the detached runner may take before it counts as failed. */
const START_TIMEOUT_MS = 30_000;

async function childEnv(deps: QueueControlDeps, executor: 'local' | 'ray', root: string): Promise<NodeJS.ProcessEnv> {
  const c = vscode.workspace.getConfiguration('mlops');
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', MLOPS_EXECUTOR: executor };
  const mlflow = await mlflowBackend(deps.credentials);
  if (mlflow) {
    env.MLOPS_TRACKING_URI = mlflow.uri;
    if (mlflow.auth.kind === 'bearer') env.MLFLOW_TRACKING_TOKEN = mlflow.auth.token;
  } else {
    const uri = c.get<string>('tracking.uri', '').trim();
    if (uri) env.MLOPS_TRACKING_URI = uri;
  }
  const address = c.get<string>('ray.address', '').trim();
  // Also when the queue's executor is this machine: experiments queued for Ray (the form's "Run on") go there.
  if (executor === 'ray' || address) {
    env.MLOPS_RAY_ADDRESS = address;
    env.MLOPS_RAY_DATA = c.get<string>('ray.data', 'none').trim();
    const token = await rayToken(deps.credentials.secrets, address);
    if (token) env.MLOPS_RAY_TOKEN = token;
  }
  const bin = await selectedPythonBin(vscode.Uri.file(root));
  if (bin) env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}

/** Starts the queue runner for `root` (unless one runs); throws with the CLI's own message when it refuses. */
export async function startQueue(
  deps: QueueControlDeps,
  root: string,
  jobs: number,
  executor: 'local' | 'ray',
): Promise<'started' | 'already-running'> {
  if (!vscode.workspace.isTrusted) throw new Error(untrustedMessage());
  if (liveRunner(root)) return 'already-running';
  const cli = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'cli.js').fsPath;
  const env = await childEnv(deps, executor, root);
  const args = [cli, 'queue', 'start', '-j', String(jobs), '--detach'];
  deps.log.info(`queue: ${args.slice(1).join(' ')} (executor ${executor})`);
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, env, timeout: START_TIMEOUT_MS }, (err, _stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message));
      else resolve();
    });
  });
  return 'started';
}

/** Stops the runner (no new experiments start); `kill` also ends the running ones (they end FAILED). */
export function stopQueue(root: string, kill: boolean): void {
  const runner = liveRunner(root);
  if (runner) process.kill(runner.pid, 'SIGTERM');
  if (kill) for (const e of listQueue(root)) if (e.status === 'RUNNING') killWorker(e);
}

/** Ends one running experiment's worker and everything it started (its process group). */
export function killWorker(entry: QueueEntry): void {
  if (entry.pid === undefined || !alive(entry.pid)) return;
  try {
    process.kill(-entry.pid, 'SIGTERM');
  } catch {
    // Gone meanwhile.
  }
}

/** Opens an experiment's logs: its worker's log file here, or its Ray job's log read from the cluster. */
export async function showLogs(deps: QueueControlDeps, root: string, entry: QueueEntry): Promise<void> {
  if (entry.executor?.kind === 'ray') {
    await showRayJobLog(deps.credentials.secrets, entry.executor);
    return;
  }
  const file = logFile(root, entry.task.id);
  if (!fs.existsSync(file)) {
    void showInfo(vscode.l10n.t('Experiment {0} has written no log yet.', entry.task.exp.name));
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}
