// A local `mlflow server` over a workspace's own MLflow store (mlflow.db or mlruns/), so the runs a script
// logged with plain `mlflow` can be browsed through the MLflow backend. It listens on loopback only, runs
// from the workspace's Python environment, and is stopped with its whole process group.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspaceVenvBin } from '../../python-env';

/** Loopback only: the server has no authentication, so nothing off this machine may reach it. */
const HOST = '127.0.0.1';
const HEALTH_POLL_MS = 250;
const STOP_GRACE_MS = 5_000;
/**
 * If this process dies without stop() (an extension host killed), the server must not live on: a watchdog
 * in the server's process group reads the stdin pipe we hold and, at its end of file, ends the group.
 * Shell builtins only (PATH may be bare); background jobs of a script read /dev/null, hence the copy of
 * stdin on fd 3; `exec` keeps the pid, so the server is still the group's leader.
 */
const WATCHDOG = 'exec 3<&0; (while read -r _ <&3; do :; done; kill -TERM 0) & exec "$@" 3<&-';
/** Tries when the free port we picked was taken before the server bound it. */
const PORT_ATTEMPTS = 3;

export interface LocalMlflowStore {
  kind: 'sqlite' | 'file';
  /** Absolute path of mlflow.db or mlruns/. */
  path: string;
  /** How the user knows it: `mlflow.db` or `mlruns/`. */
  label: string;
  /** What `mlflow server --backend-store-uri` gets. */
  backendStoreUri: string;
}

export interface MlflowCommand {
  executable: string;
  /** Where it was found, for messages. */
  source: 'workspace venv' | 'selected interpreter' | 'PATH';
}

export class LocalMlflowError extends Error {
  constructor(
    readonly reason: 'no-store' | 'no-mlflow' | 'failed-to-start',
    message: string,
    /** The end of what the server printed, when it failed to start. */
    readonly output = '',
  ) {
    super(message);
    this.name = 'LocalMlflowError';
  }
}

export interface LocalMlflowServer {
  url: string;
  store: LocalMlflowStore;
  mlflow: MlflowCommand;
  /** The server's pid, also its process group. */
  pid: number;
  /** From spawning to the first good answer of GET /health. */
  startMs: number;
  /** Settles when the server process exits, stopped or not. */
  exited: Promise<void>;
  /** Stops the whole process group: SIGTERM, then SIGKILL after a grace period. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  folder: string;
  /** bin folder of the interpreter the editor selected; used when the workspace has no venv with mlflow. */
  selectedPythonBin?: string;
  /** Base environment; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /health; default 120 s (a cold start of MLflow can take tens of seconds). */
  timeoutMs?: number;
  /** Every chunk the server prints, e.g. for an output channel. */
  onOutput?: (text: string) => void;
}

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() === true;
const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;

/** The workspace's MLflow store: mlflow.db (MLflow's default since 3.7) first, else an mlruns/ file store. */
export function findLocalMlflowStore(folder: string): LocalMlflowStore | undefined {
  const db = path.resolve(folder, 'mlflow.db');
  if (isFile(db)) return { kind: 'sqlite', path: db, label: 'mlflow.db', backendStoreUri: `sqlite:///${db}` };
  const runs = path.resolve(folder, 'mlruns');
  if (isDir(runs)) return { kind: 'file', path: runs, label: 'mlruns/', backendStoreUri: pathToFileURL(runs).href };
  return undefined;
}

const MLFLOW_EXE = process.platform === 'win32' ? 'mlflow.exe' : 'mlflow';

function mlflowIn(bin: string | undefined): string | undefined {
  if (!bin) return undefined;
  const exe = path.join(bin, MLFLOW_EXE);
  try {
    fs.accessSync(exe, fs.constants.X_OK);
    return isFile(exe) ? exe : undefined;
  } catch {
    return undefined;
  }
}

/** `mlflow` from the workspace's .venv/venv, else the selected interpreter, else PATH; a clear error if none has it. */
export function findMlflow(
  folder: string,
  selectedPythonBin: string | undefined,
  pathEnv = process.env.PATH ?? '',
): MlflowCommand {
  const venv = workspaceVenvBin(folder);
  const candidates: [string | undefined, MlflowCommand['source']][] = [
    [venv, 'workspace venv'],
    [selectedPythonBin, 'selected interpreter'],
    ...pathEnv
      .split(path.delimiter)
      .filter((d) => d !== '')
      .map((d): [string, MlflowCommand['source']] => [d, 'PATH']),
  ];
  for (const [bin, source] of candidates) {
    const executable = mlflowIn(bin);
    if (executable) return { executable, source };
  }
  const looked = [
    venv ?? `${path.join(folder, '.venv')} (none)`,
    selectedPythonBin ?? 'the selected interpreter (none)',
    'PATH',
  ];
  const pip = venv
    ? `${path.join(venv, 'python')} -m pip install mlflow`
    : 'python3 -m venv .venv && .venv/bin/python -m pip install mlflow';
  throw new LocalMlflowError(
    'no-mlflow',
    `No Python environment with MLflow found (looked in ${looked.join(', ')}). Install it in the workspace: \`${pip}\`, then try again.`,
  );
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Starts `mlflow server` over the folder's store and waits until it answers GET /health. */
export async function startLocalMlflowServer(opts: StartOptions): Promise<LocalMlflowServer> {
  const store = findLocalMlflowStore(opts.folder);
  if (!store)
    throw new LocalMlflowError(
      'no-store',
      `${opts.folder} has no MLflow store (an mlflow.db file or an mlruns/ folder).`,
    );
  const mlflow = findMlflow(opts.folder, opts.selectedPythonBin, (opts.env ?? process.env).PATH);
  for (let attempt = 1; ; attempt++) {
    const started = await attemptStart(opts, store, mlflow, await freeLoopbackPort());
    if (started.ok) return started.server;
    if (!started.portTaken || attempt >= PORT_ATTEMPTS)
      throw new LocalMlflowError('failed-to-start', started.message, started.output);
  }
}

type Attempt =
  | { ok: true; server: LocalMlflowServer }
  | { ok: false; portTaken: boolean; message: string; output: string };

async function attemptStart(
  opts: StartOptions,
  store: LocalMlflowStore,
  mlflow: MlflowCommand,
  port: number,
): Promise<Attempt> {
  const base = opts.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    PATH: [path.dirname(mlflow.executable), base.PATH].filter((p) => p).join(path.delimiter),
    // MLflow >= 3.13 refuses the deprecated file store unless told that this is on purpose.
    ...(store.kind === 'file' ? { MLFLOW_ALLOW_FILE_STORE: 'true' } : {}),
    // Browsing runs needs no job runner (a pool of huey workers for GenAI jobs, SQL stores only): it
    // would add processes and start time. The user's own setting wins.
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION: base.MLFLOW_SERVER_ENABLE_JOB_EXECUTION ?? 'false',
  };
  const args = [
    'server',
    '--backend-store-uri',
    store.backendStoreUri,
    '--host',
    HOST,
    '--port',
    String(port),
    '--workers',
    '1',
  ];
  const t0 = performance.now();
  // Its own process group (detached), so stop() also ends the workers it forks. cwd = the folder, so
  // artifacts of new runs land in ./mlartifacts there, as with `mlflow server` typed in that folder.
  const [command, argv] =
    process.platform === 'win32'
      ? [mlflow.executable, args]
      : ['/bin/sh', ['-c', WATCHDOG, 'mlflow-watchdog', mlflow.executable, ...args]];
  const child = spawn(command, argv, { cwd: opts.folder, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let tail = '';
  const onData = (d: Buffer) => {
    const text = d.toString();
    tail = (tail + text).slice(-4000);
    opts.onOutput?.(text);
  };
  child.stdin.on('error', () => undefined); // never written to: only its end of file matters
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
    child.stdin.destroy(); // lets the watchdog end too
  });

  const pid = child.pid;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= pid === undefined ? exited : stopGroup(pid, exited));

  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const what = `mlflow server (${mlflow.executable}, from the ${mlflow.source}) over ${store.label}`;
  for (;;) {
    if (gone) {
      await stop();
      const why = spawnError
        ? `could not be started: ${spawnError.message}`
        : `exited (${child.exitCode ?? child.signalCode}) before it was ready: ${lastError(tail)}`;
      return {
        ok: false,
        portTaken: /address already in use|errno 98|eaddrinuse/i.test(tail),
        message: `${what} ${why}`,
        output: tail,
      };
    }
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      await stop();
      const waited = Math.round((opts.timeoutMs ?? 120_000) / 1000);
      return {
        ok: false,
        portTaken: false,
        message: `${what} did not answer GET ${url}/health within ${waited} s; it was stopped. Last output: ${lastError(tail)}`,
        output: tail,
      };
    }
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  return {
    ok: true,
    server: { url, store, mlflow, pid: pid!, startMs: Math.round(performance.now() - t0), exited, stop },
  };
}

/** The line that says what went wrong: Python's final `module.SomeError: message`, else the last line printed. */
function lastError(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return [...lines].reverse().find((l) => /^[\w.]*(Error|Exception)\b/.test(l)) ?? lines.at(-1) ?? '(no output)';
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false; // not listening yet
  }
}

/** True while any process of the group is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(pid: number, exited: Promise<void>): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const graceEnd = Date.now() + STOP_GRACE_MS;
  await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
  // Workers can outlive the main process for a moment: wait out the grace period for them too, then kill.
  while (groupAlive(pid) && Date.now() < graceEnd) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  await exited;
  // Killed workers are reaped by init, not by us: wait (a few seconds at most) until the group is gone, so that
  // "stopped" means no process of it is left — CI saw one still there under load.
  const reapEnd = Date.now() + 5000;
  while (groupAlive(pid) && Date.now() < reapEnd) await new Promise((r) => setTimeout(r, 50));
}
