// Asking a folder's status daemon (src/cli/daemon.ts). Kept free of the rest of the CLI: it is all a warm
// `mlops status` runs besides Node itself. One JSON line each way over a Unix socket (a named pipe on Windows).
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { mlopsPath } from '../core/mlops-folder';
import { nameHash } from './name-hash';

/** What `mlops status` prints and returns, whether computed here (status.ts) or by the daemon. */
export interface StatusReport {
  stdout: string;
  stderr: string;
  code: number;
}

export interface StatusRequest {
  /** The folder status is asked for: the daemon answers only for its own. */
  cwd: string;
  json: boolean;
}

export type DaemonRequest = { kind: 'status'; status: StatusRequest } | { kind: 'info' } | { kind: 'stop' };

export interface DaemonInfo {
  pid: number;
  root: string;
  /** Questions answered, and how many of them needed a fresh computation. */
  answered: number;
  computed: number;
  watchedFolders: number;
  /** False when some change could escape the watch (a symbolic link in a tracked folder): every answer is computed. */
  complete: boolean;
}

export type DaemonReply =
  | { kind: 'status'; report: StatusReport }
  | { kind: 'info'; info: DaemonInfo }
  | { kind: 'stopping' }
  | { kind: 'other-folder' }
  /** The request was refused (daemon-request.ts); the message says why. */
  | { kind: 'error'; message: string };

/** Longest Unix socket path the kernel takes (108 bytes with the terminating NUL on Linux). */
const MAX_SOCKET_PATH = 100;

/** Where the daemon of `root` listens, or undefined when the path would be too long for a Unix socket. */
export function socketPath(root: string): string | undefined {
  if (process.platform === 'win32') return `\\\\.\\pipe\\mlops-status-${nameHash(root.toLowerCase())}`;
  const p = path.join(mlopsPath(root), 'daemon', 'status.sock');
  return Buffer.byteLength(p) <= MAX_SOCKET_PATH ? p : undefined;
}

/**
 * Why the socket at `where` is not to be trusted, or undefined when it is. Its folder must be a real folder of
 * ours that nobody else can write to (else another local user could put their own socket there, and answer our
 * status with theirs, or read the questions); the socket must be ours. Named pipes on Windows are not checked.
 */
export function socketProblem(where: string, folderOnly = false): string | undefined {
  if (process.platform === 'win32') return undefined;
  const uid = process.getuid?.();
  const dir = path.dirname(where);
  const check = (file: string, kind: 'folder' | 'socket'): string | undefined => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      return `${file} does not exist`;
    }
    if (kind === 'folder' ? !st.isDirectory() : !st.isSocket()) return `${file} is not a ${kind}`;
    if (uid !== undefined && st.uid !== uid) return `${file} belongs to another user (uid ${st.uid})`;
    if (kind === 'folder' && (st.mode & 0o077) !== 0)
      return `${file} can be entered by other users (mode ${(st.mode & 0o777).toString(8)}, not 700)`;
    return undefined;
  };
  return check(dir, 'folder') ?? (folderOnly ? undefined : check(where, 'socket'));
}

/** Sends one request; undefined when no daemon listens, its socket is not to be trusted, or it does not answer in time. */
export function request(root: string, req: DaemonRequest, timeoutMs = 120_000): Promise<DaemonReply | undefined> {
  const where = socketPath(root);
  if (!where || socketProblem(where)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(where);
    const done = (reply: DaemonReply | undefined): void => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write(JSON.stringify(req) + '\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const nl = data.indexOf('\n');
      if (nl < 0) return;
      try {
        done(JSON.parse(data.slice(0, nl)) as DaemonReply);
      } catch {
        done(undefined);
      }
    });
    socket.on('end', () => done(undefined));
  });
}

/**
 * The daemon's answer to `mlops status <args>` run in `cwd`, for the plain forms only (no arguments or `--json`);
 * undefined when no daemon answers, or the arguments need the full CLI (`--help`, `--no-daemon`, mistakes).
 */
export function statusFromDaemon(args: readonly string[], cwd: string): Promise<StatusReport | undefined> {
  if (args.length > 1 || (args.length === 1 && args[0] !== '--json')) return Promise.resolve(undefined);
  return askDaemon(cwd, { cwd, json: args.length === 1 });
}

/** The daemon's status report for `req.cwd`, or undefined when none answers for that folder. */
export async function askDaemon(root: string, req: StatusRequest): Promise<StatusReport | undefined> {
  const reply = await request(root, { kind: 'status', status: req });
  return reply?.kind === 'status' ? reply.report : undefined;
}
