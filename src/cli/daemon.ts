// `mlops daemon start|stop|status`: a background process per folder that keeps `mlops status` answered from
// memory. It watches every folder a status reads (src/core/runner/watch-set.ts) and computes again only after
// a change; before each answer it makes sure every change made before the question has been seen
// (DirWatcher.settle), so its answer is the one `mlops status --no-daemon` would give. It exits after 30 minutes
// without a question, on `mlops daemon stop`, or when its folder goes away.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DirWatcher } from '../core/dir-watcher';
import { mlopsFolder, mlopsPath } from '../core/mlops-folder';
import { DvcCache } from '../core/runner/dvc-cache';
import { watchSet } from '../core/runner/watch-set';
import { parseCommandArgs } from './args';
import { MAX_REQUEST_BYTES, parseRequest, REQUEST_IDLE_MS } from './daemon-request';
import {
  request,
  socketPath,
  socketProblem,
  type DaemonInfo,
  type DaemonReply,
  type DaemonRequest,
  type StatusReport,
  type StatusRequest,
} from './daemon-client';
import type { CliIO, Command } from './io';
import { statusReport } from './status';

const USAGE = `usage: mlops daemon start|stop|status

Keeps \`mlops status\` for the current folder answered from memory: a background process watches the folders
status reads and computes again only after something changed. The answers are the same as without it.

  start   start it for this folder (it exits after 30 minutes without a question)
  stop    stop it
  status  whether it runs, with its pid and how many answers it gave and computed
`;

const IDLE_EXIT_MS = 30 * 60_000;
const START_TIMEOUT_MS = 15_000;

export const daemon: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { command: 'mlops daemon', usage: USAGE, positionals: { min: 1, max: 1 } }, io);
  if (typeof args === 'number') return args;
  const root = path.resolve(io.cwd);
  const action = args.positionals[0];
  if (!socketPath(root)) {
    io.stderr(`mlops daemon: the folder path is too long for a local socket (${root}); run status without a daemon.\n`);
    return 1;
  }
  switch (action) {
    case 'start':
      return start(root, io);
    case 'stop': {
      const reply = await request(root, { kind: 'stop' }, 5000);
      io.stderr(reply?.kind === 'stopping' ? 'mlops daemon: stopped.\n' : 'mlops daemon: none runs for this folder.\n');
      return 0;
    }
    case 'status': {
      const reply = await request(root, { kind: 'info' }, 5000);
      if (reply?.kind !== 'info') {
        const problem = socketProblem(socketPath(root) as string);
        io.stderr(
          problem && !problem.endsWith('does not exist')
            ? `mlops daemon: not asking it: ${problem}.\n`
            : 'mlops daemon: none runs for this folder (start one with `mlops daemon start`).\n',
        );
        return 1;
      }
      io.stdout(JSON.stringify(reply.info) + '\n');
      return 0;
    }
    case 'serve':
      return serve(root, io);
    default:
      io.stderr(`mlops daemon: unknown action '${action}': use start, stop or status.\n\n${USAGE}`);
      return 2;
  }
};

async function start(root: string, io: CliIO): Promise<number> {
  const running = await request(root, { kind: 'info' }, 5000);
  if (running?.kind === 'info') {
    io.stderr(`mlops daemon: already running for this folder (pid ${running.info.pid}).\n`);
    return 0;
  }
  const dir = path.dirname(socketPath(root) as string);
  const problem = prepareSocketFolder(root);
  if (problem) {
    io.stderr(`mlops daemon: not starting: ${problem}. Remove that folder and start again.\n`);
    return 1;
  }
  const log = fs.openSync(path.join(dir, 'daemon.log'), 'a');
  // The same entry point and Node options this process runs with (the bundle, or sources under tsx).
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string, 'daemon', 'serve'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: io.env,
  });
  child.unref();
  fs.closeSync(log);
  for (const deadline = Date.now() + START_TIMEOUT_MS; Date.now() < deadline; ) {
    const reply = await request(root, { kind: 'info' }, 1000);
    if (reply?.kind === 'info') {
      io.stderr(
        `mlops daemon: started (pid ${reply.info.pid}); \`mlops status\` in this folder is now answered from memory.\n`,
      );
      return 0;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  io.stderr(`mlops daemon: it did not start; see ${path.join(dir, 'daemon.log')}.\n`);
  return 1;
}

/**
 * `.mlops/daemon`, created 0700 (a folder of ours left more open is closed to others); what is wrong with it when
 * it cannot be made safe (a link, another user's folder), so that nobody else can swap or read the socket.
 */
function prepareSocketFolder(root: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const where = socketPath(root) as string;
  const dir = path.dirname(where);
  if (!fs.existsSync(dir)) fs.mkdirSync(mlopsFolder(root, 'daemon'), { mode: 0o700, recursive: true });
  const st = fs.lstatSync(dir);
  if (st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  return socketProblem(where, true);
}

/** The daemon itself: answers on the folder's socket until idle, stopped or its folder is gone. */
async function serve(root: string, io: CliIO): Promise<number> {
  const where = socketPath(root) as string;
  const ours = mlopsPath(root);
  const watcher = new DirWatcher(path.join(ours, 'daemon'));
  const answers = new Map<boolean, StatusReport>();
  let complete = true;
  let answered = 0;
  let computed = 0;
  let watchedFolders = 0;

  const compute = async (req: StatusRequest): Promise<StatusReport> => {
    await watcher.settle();
    if (watcher.dirty || !complete) answers.clear();
    const known = answers.get(req.json);
    if (known) return known;
    watcher.reset();
    const visited: string[] = [];
    const { report, workspace } = await statusReport(root, req.json, visited);
    computed++;
    const set = watchSet(workspace, visited, DvcCache.find(root));
    // Our own files (hash cache, runs, this daemon's markers) never change a status.
    const dirs = set.dirs.filter((d) => d !== ours && !d.startsWith(ours + path.sep));
    watcher.watch(dirs);
    watchedFolders = dirs.length;
    complete = set.complete;
    answers.set(req.json, report);
    return report;
  };

  let queue: Promise<unknown> = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  const server = net.createServer((socket) => {
    // One request line per connection, bounded in size and in waiting (daemon-request.ts); a bad one is told why.
    const chunks: Buffer[] = [];
    let size = 0;
    const refuse = (message: string): void => {
      socket.end(JSON.stringify({ kind: 'error', message } satisfies DaemonReply) + '\n');
      socket.destroySoon();
    };
    socket.on('error', () => socket.destroy());
    socket.setTimeout(REQUEST_IDLE_MS, () => refuse(`no request line within ${REQUEST_IDLE_MS / 1000} s`));
    const onData = (chunk: Buffer): void => {
      const nl = chunk.indexOf(0x0a);
      const taken = nl < 0 ? chunk : chunk.subarray(0, nl);
      size += taken.length;
      if (size > MAX_REQUEST_BYTES) {
        // Told why, then the rest is read and dropped (closing at once would reset the connection before the
        // client reads the reason), for at most the idle time.
        socket.off('data', onData);
        socket.end(
          JSON.stringify({
            kind: 'error',
            message: `a request line is at most ${MAX_REQUEST_BYTES} bytes`,
          } satisfies DaemonReply) + '\n',
        );
        setTimeout(() => socket.destroy(), REQUEST_IDLE_MS).unref();
        return;
      }
      chunks.push(taken);
      if (nl < 0) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      const req = parseRequest(Buffer.concat(chunks).toString('utf8'));
      if ('error' in req) return refuse(req.error);
      const reply = async (): Promise<void> => {
        const r = await answer(req);
        socket.end(JSON.stringify(r) + '\n');
        if (r.kind === 'stopping') stop();
      };
      // Status questions one at a time (answers depend on the watcher's state); the others at once. A failed
      // reply (its client gone) must not stop the queue.
      if (req.kind === 'status') queue = queue.then(reply).catch(() => undefined);
      else reply().catch(() => undefined);
    };
    socket.on('data', onData);
  });

  const answer = async (req: DaemonRequest): Promise<DaemonReply> => {
    armIdle();
    switch (req.kind) {
      case 'stop':
        return { kind: 'stopping' };
      case 'info': {
        const info: DaemonInfo = { pid: process.pid, root, answered, computed, watchedFolders, complete };
        return { kind: 'info', info };
      }
      case 'status':
        if (path.resolve(req.status.cwd) !== root) return { kind: 'other-folder' };
        try {
          const report = await compute(req.status);
          answered++;
          return { kind: 'status', report };
        } catch (err) {
          // An answer it cannot compute is left to the client, which computes it itself and reports the error.
          io.stderr(`status failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
          return { kind: 'other-folder' };
        }
    }
  };

  let stopped: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (stopped = resolve));
  /** `socketOurs` false: another daemon listens at our path now; closing would delete its socket file. */
  const stop = (socketOurs = true): void => {
    if (idle) clearTimeout(idle);
    watcher.close();
    if (socketOurs) server.close();
    else server.unref();
    stopped();
  };
  const armIdle = (): void => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(stop, IDLE_EXIT_MS);
  };
  process.on('SIGTERM', () => stop());
  process.on('SIGINT', () => stop());

  const problem = prepareSocketFolder(root);
  if (problem) {
    io.stderr(`mlops daemon ${process.pid}: not serving: ${problem}.\n`);
    watcher.close();
    return 1;
  }
  // Another start may have won the race to this folder: leave it the socket.
  if ((await request(root, { kind: 'info' }, 1000))?.kind === 'info') {
    io.stderr(`mlops daemon ${process.pid}: another daemon answers for ${root}; exiting.\n`);
    watcher.close();
    return 0;
  }
  // A socket file left by a killed daemon refuses connections and blocks listen: remove it.
  if (process.platform !== 'win32') fs.rmSync(where, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, resolve);
  });
  // Only we may connect (the folder is 0700 already; the socket's own mode follows the umask otherwise).
  if (process.platform !== 'win32') fs.chmodSync(where, 0o600);
  const socketId = process.platform === 'win32' ? undefined : fs.statSync(where).ino;
  armIdle();
  io.stderr(`mlops daemon ${process.pid}: answering status for ${root}\n`);
  // Two computations up front (the second one runs with every folder already watched), queued before any question.
  const warm = (): Promise<unknown> => compute({ cwd: root, json: true }).catch(() => undefined);
  queue = queue.then(warm).then(warm);
  // Unreachable daemons exit: folder gone, or socket file deleted (`rm -rf .mlops`) or taken by another daemon.
  const gone = setInterval(() => {
    let socketKept = socketId === undefined;
    try {
      socketKept ||= fs.statSync(where).ino === socketId;
    } catch {
      // Gone, or a file where a folder of its path was: not ours any more.
    }
    if (!socketKept || !fs.existsSync(root)) stop(socketKept);
  }, 10_000);
  gone.unref();
  await finished;
  clearInterval(gone);
  return 0;
}
