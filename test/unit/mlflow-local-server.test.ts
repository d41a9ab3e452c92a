// Finding a workspace's MLflow store and the `mlflow` to serve it with, and how starting fails: with stand-in
// `mlflow` executables (shell scripts) that inject the faults. The real server is in the referee suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  findLocalMlflowStore,
  findMlflow,
  LocalMlflowError,
  startLocalMlflowServer,
} from '../../src/core/tracking/mlflow/local-server';

const tmp = () => mkdtempSync(join(tmpdir(), 'mlops-local-mlflow-'));

function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const isError = (reason: LocalMlflowError['reason'], message: RegExp) => (err: unknown) =>
  err instanceof LocalMlflowError && err.reason === reason && message.test(err.message);

test('the store: mlflow.db first (SQLite URI), else an mlruns/ folder (file URI), else none', () => {
  const dir = tmp();
  assert.equal(findLocalMlflowStore(dir), undefined);
  writeFileSync(join(dir, 'mlruns'), 'a file, not a store');
  assert.equal(findLocalMlflowStore(dir), undefined);

  const files = tmp();
  mkdirSync(join(files, 'mlruns'));
  assert.deepEqual(findLocalMlflowStore(files), {
    kind: 'file',
    path: join(files, 'mlruns'),
    label: 'mlruns/',
    backendStoreUri: pathToFileURL(join(files, 'mlruns')).href,
  });
  writeFileSync(join(files, 'mlflow.db'), '');
  assert.deepEqual(findLocalMlflowStore(files), {
    kind: 'sqlite',
    path: join(files, 'mlflow.db'),
    label: 'mlflow.db',
    backendStoreUri: `sqlite:///${join(files, 'mlflow.db')}`,
  });
});

test('mlflow: the workspace venv, else the selected interpreter, else PATH; a venv without mlflow is passed over', () => {
  const ws = tmp();
  const selected = join(tmp(), 'bin');
  const onPath = join(tmp(), 'bin');
  const pathMlflow = script(onPath, 'mlflow', 'exit 0');
  const env = `/nonexistent:${onPath}`;
  assert.deepEqual(findMlflow(ws, undefined, env), { executable: pathMlflow, source: 'PATH' });

  script(selected, 'python', 'exit 0');
  assert.equal(findMlflow(ws, selected, env).source, 'PATH', 'an interpreter without mlflow is passed over');
  const selectedMlflow = script(selected, 'mlflow', 'exit 0');
  assert.deepEqual(findMlflow(ws, selected, env), { executable: selectedMlflow, source: 'selected interpreter' });

  script(join(ws, '.venv', 'bin'), 'python', 'exit 0');
  assert.equal(findMlflow(ws, selected, env).source, 'selected interpreter');
  writeFileSync(join(ws, '.venv', 'bin', 'mlflow'), 'not executable');
  assert.equal(
    findMlflow(ws, selected, env).source,
    'selected interpreter',
    'a file that cannot be executed does not count',
  );
  chmodSync(join(ws, '.venv', 'bin', 'mlflow'), 0o755);
  assert.deepEqual(findMlflow(ws, selected, env), {
    executable: join(ws, '.venv', 'bin', 'mlflow'),
    source: 'workspace venv',
  });
});

test('no mlflow anywhere: the message says where it looked and how to install it', () => {
  const bare = tmp();
  assert.throws(
    () => findMlflow(bare, undefined, '/nonexistent'),
    isError(
      'no-mlflow',
      /looked in .*\.venv \(none\).*PATH.*python3 -m venv \.venv && \.venv\/bin\/python -m pip install mlflow/,
    ),
  );
  const withVenv = tmp();
  script(join(withVenv, '.venv', 'bin'), 'python', 'exit 0');
  assert.throws(
    () => findMlflow(withVenv, undefined, ''),
    isError(
      'no-mlflow',
      new RegExp(`${join(withVenv, '.venv', 'bin', 'python').replace(/[.]/g, '\\.')} -m pip install mlflow`),
    ),
  );
});

test('a folder without a store is refused before anything runs', async () => {
  await assert.rejects(
    startLocalMlflowServer({ folder: tmp(), env: { PATH: '' } }),
    isError('no-store', /no MLflow store \(an mlflow\.db file or an mlruns\/ folder\)/),
  );
});

test('the command line: loopback only, the store URI, one worker; the file store allowed for mlruns/', async () => {
  for (const kind of ['sqlite', 'file'] as const) {
    const ws = tmp();
    if (kind === 'sqlite') writeFileSync(join(ws, 'mlflow.db'), '');
    else mkdirSync(join(ws, 'mlruns'));
    // Prints what it got, then fails like a Python program does.
    script(join(ws, '.venv', 'bin'), 'python', 'exit 0');
    script(
      join(ws, '.venv', 'bin'),
      'mlflow',
      'echo "args: $*"; echo "allow: ${MLFLOW_ALLOW_FILE_STORE:-unset}"; echo "jobs: $MLFLOW_SERVER_ENABLE_JOB_EXECUTION"; echo "cwd: $(pwd)"; echo "ValueError: stand-in" >&2; exit 3',
    );
    const err = await startLocalMlflowServer({ folder: ws, env: { PATH: '/usr/bin:/bin' } }).then(
      () => assert.fail('the stand-in never serves'),
      (e: unknown) => e as LocalMlflowError,
    );
    assert.equal(err.reason, 'failed-to-start');
    assert.match(
      err.message,
      /from the workspace venv\) over (mlflow\.db|mlruns\/) exited \(3\) before it was ready: ValueError: stand-in$/,
    );
    const store = findLocalMlflowStore(ws)!;
    assert.match(
      err.output,
      new RegExp(
        `args: server --backend-store-uri ${store.backendStoreUri.replace(/[.]/g, '\\.')} --host 127\\.0\\.0\\.1 --port \\d+ --workers 1\\n`,
      ),
    );
    assert.match(err.output, kind === 'file' ? /allow: true/ : /allow: unset/);
    assert.match(err.output, /jobs: false\n/, 'no job runner unless the user asks for one');
    assert.match(err.output, new RegExp(`cwd: ${ws}\\n`));
  }
});

test('a port taken before the server bound it: tried again on another port, at most three times', async () => {
  const ws = tmp();
  writeFileSync(join(ws, 'mlflow.db'), '');
  const tries = join(ws, 'tries');
  script(
    join(ws, 'bin'),
    'mlflow',
    `echo "$*" >> ${tries}; echo "[Errno 98] error while attempting to bind: address already in use" >&2; exit 1`,
  );
  await assert.rejects(
    startLocalMlflowServer({ folder: ws, selectedPythonBin: join(ws, 'bin'), env: { PATH: '' } }),
    isError('failed-to-start', /address already in use/),
  );
  const ports = readFileSync(tries, 'utf8')
    .trim()
    .split('\n')
    .map((l) => /--port (\d+)/.exec(l)?.[1]);
  assert.equal(ports.length, 3);
});

test('a server that never answers /health is stopped at the timeout, its whole process group with it', async () => {
  const ws = tmp();
  writeFileSync(join(ws, 'mlflow.db'), '');
  const pids = join(ws, 'pids');
  // A "worker" in the background and the main process both hang on; both must be gone after the timeout.
  script(join(ws, 'bin'), 'mlflow', `sleep 300 & echo $! > ${pids}; echo $$ >> ${pids}; echo starting; wait`);
  await assert.rejects(
    startLocalMlflowServer({
      folder: ws,
      selectedPythonBin: join(ws, 'bin'),
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 1_500,
    }),
    isError(
      'failed-to-start',
      /did not answer GET http:\/\/127\.0\.0\.1:\d+\/health within 2 s; it was stopped\. Last output: starting/,
    ),
  );
  for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) {
    assert.throws(
      () => process.kill(pid, 0),
      (e: NodeJS.ErrnoException) => e.code === 'ESRCH',
      `process ${pid} is gone`,
    );
  }
});

/** A stand-in `mlflow server` that answers /health on the --port it is given, with a "worker" beside it. */
function servingStandIn(ws: string): { bin: string; pids: string } {
  const pids = join(ws, 'pids');
  const js = `require('http').createServer((q, r) => r.end('OK')).listen(Number(process.argv[process.argv.indexOf('--port') + 1]), '127.0.0.1')`;
  script(
    join(ws, 'bin'),
    'mlflow',
    `sleep 300 & echo $! > ${pids}; echo $$ >> ${pids}; exec ${process.execPath} -e "${js}" -- "$@"`,
  );
  return { bin: join(ws, 'bin'), pids };
}

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

test('a started server is stopped with its whole group; stop() twice is harmless', async () => {
  const ws = tmp();
  writeFileSync(join(ws, 'mlflow.db'), '');
  const { bin, pids } = servingStandIn(ws);
  const server = await startLocalMlflowServer({ folder: ws, selectedPythonBin: bin, env: { PATH: '/usr/bin:/bin' } });
  assert.equal(await (await fetch(`${server.url}/health`)).text(), 'OK');
  await Promise.all([server.stop(), server.stop()]);
  for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number))
    assert.ok(gone(pid), `process ${pid} is gone`);
  await server.exited;
});

test('the server does not outlive the process that started it, even when that process is SIGKILLed', async () => {
  const ws = tmp();
  writeFileSync(join(ws, 'mlflow.db'), '');
  const { bin, pids } = servingStandIn(ws);
  const owner = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '../support/local-mlflow-owner.ts'), ws, bin],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(owner.stdout, 'data')) as [Buffer];
  const { pid, url } = JSON.parse(line.toString()) as { pid: number; url: string };
  assert.equal((await fetch(`${url}/health`)).ok, true);
  owner.kill('SIGKILL');
  await once(owner, 'exit');
  const all = [pid, ...readFileSync(pids, 'utf8').trim().split('\n').map(Number)];
  for (let i = 0; i < 100 && !all.every(gone); i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(
    all.filter((p) => !gone(p)),
    [],
    'no process of the server is left',
  );
});
