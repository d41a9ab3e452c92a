// The status daemon facing whatever reaches its socket (src/cli/daemon-request.ts) and a socket folder others
// could have touched: a real daemon started by `mlops daemon start` from the sources, raw bytes written to its
// socket. Each bad request gets a clear error and the daemon keeps answering; a 300 MB line is cut at 64 KiB
// without the memory it used to take; a silent connection is closed; the folder is made 0700 and a client does
// not trust a socket in a folder others can enter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request, socketPath, type DaemonInfo } from '../../src/cli/daemon-client';
import type { CliResult } from '../support/cli';

const CLI = join(__dirname, '../../src/cli/main.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;
const DEADLINE_MS = 60_000;

function cli(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: DEADLINE_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-daemon-hostile-'));
  writeFileSync(join(root, 'dvc.yaml'), 'stages:\n  a:\n    cmd: echo a > a.txt\n    outs: [a.txt]\n');
  return root;
}

/**
 * Connects, writes `send` (a line, or `flood` bytes of `a` in 1 MiB chunks with no newline), and collects what the
 * daemon says until it closes the connection; bounded by a deadline, after which the connection is dropped.
 */
function exchange(root: string, send: string | { flood: number }): Promise<{ reply: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath(root) as string);
    let reply = '';
    let sent = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply, sent });
    };
    const timer = setTimeout(finish, DEADLINE_MS);
    socket.on('data', (c: Buffer) => {
      reply += c.toString('utf8');
      // A whole reply line: a client stops sending once it has the answer.
      if (reply.includes('\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      if (typeof send === 'string') {
        if (send !== '') socket.write(send);
        return;
      }
      const chunk = Buffer.alloc(1 << 20, 0x61);
      const pump = (): void => {
        while (!done && sent < send.flood) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
}

async function info(root: string): Promise<DaemonInfo> {
  const reply = await request(root, { kind: 'info' }, 5000);
  assert.equal(reply?.kind, 'info', 'the daemon still answers');
  return (reply as { info: DaemonInfo }).info;
}

const errorOf = (reply: string): string => {
  const r = JSON.parse(reply) as { kind: string; message: string };
  assert.equal(r.kind, 'error', reply);
  return r.message;
};

let root: string;
let folder: string;

before(async () => {
  root = project();
  folder = join(root, '.mlops/daemon');
  // Pre-created wide open, as a careless tool (or umask 000) would leave it.
  mkdirSync(folder, { recursive: true });
  chmodSync(folder, 0o777);
  const started = await cli(['daemon', 'start'], root);
  assert.equal(started.code, 0, started.stderr);
});

after(async () => {
  chmodSync(folder, 0o700);
  await cli(['daemon', 'stop'], root);
});

test('the socket folder is made 0700 and the socket 0600', () => {
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  assert.equal(statSync(socketPath(root) as string).mode & 0o777, 0o600);
});

test('requests of the wrong shape get a clear error, and the daemon keeps answering', async () => {
  const before = await info(root);
  for (const [line, says] of [
    ['null\n', /JSON object with a "kind"/],
    ['{"kind":"status"}\n', /"status" request needs "status": \{"cwd"/],
    ['{"kind":"status","status":{"cwd":7,"json":true}}\n', /"status" request needs/],
    ['[]\n', /JSON object/],
    ['{"kind":"toString"}\n', /unknown request kind "toString"/],
    ['not json\n', /one line of JSON/],
  ] as const)
    assert.match(errorOf((await exchange(root, line)).reply), says, line);
  assert.equal((await info(root)).pid, before.pid);
});

test('a 300 MB line is refused at 64 KiB without buffering it, and the daemon stays up', async () => {
  const { reply, sent } = await exchange(root, { flood: 300 << 20 });
  assert.match(errorOf(reply), /at most 65536 bytes/);
  assert.ok(sent < 300 << 20, `the daemon closed the connection early (${sent} bytes written)`);
  const { pid } = await info(root);
  // Peak resident memory of the daemon over its whole life (it held the whole line before: 1.5 GB).
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  assert.ok(peakKb < 300 * 1024, `peak memory ${peakKb} kB`);
});

test('a connection that sends nothing is closed with the reason', async () => {
  assert.match(errorOf((await exchange(root, '')).reply), /no request line within 10 s/);
  await info(root);
});

test('a client does not trust a socket whose folder others can enter', async () => {
  chmodSync(folder, 0o777);
  try {
    assert.equal(await request(root, { kind: 'info' }, 5000), undefined);
    const status = await cli(['daemon', 'status'], root);
    assert.equal(status.code, 1);
    assert.match(status.stderr, /not asking it: .*can be entered by other users \(mode 777, not 700\)/);
  } finally {
    chmodSync(folder, 0o700);
  }
  await info(root);
});

test('a socket folder that is a link (planted by someone else) is refused, and no daemon starts there', async () => {
  const other = project();
  const elsewhere = mkdtempSync(join(tmpdir(), 'mlops-daemon-elsewhere-'));
  mkdirSync(join(other, '.mlops'));
  symlinkSync(elsewhere, join(other, '.mlops/daemon'));
  const started = await cli(['daemon', 'start'], other);
  assert.equal(started.code, 1);
  assert.match(started.stderr, /not starting: .*\.mlops\/daemon is not a folder/);
  assert.equal(existsSync(join(elsewhere, 'status.sock')), false);
});
