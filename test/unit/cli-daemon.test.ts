// The status daemon's promise under real processes: right after any change to the workspace, `mlops status`
// answered by the daemon is exactly what `mlops status --no-daemon` prints, and it reflects the change; an
// unchanged workspace is answered from memory. The daemon is a real background process started by
// `mlops daemon start` from the sources; no sleeps: the daemon's settle barrier is what is under test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request, type DaemonInfo } from '../../src/cli/daemon-client';
import { runCli, type CliResult } from '../support/cli';

const CLI = join(__dirname, '../../src/cli/main.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

const DVC_YAML = `stages:
  prepare:
    cmd: mkdir -p prepared && cat data/a.txt data/b.txt data/nested/c.txt > prepared/all.txt
    deps: [data]
    params: [prep.n]
    outs: [prepared]
  train:
    cmd: tr a-z A-Z < prepared/all.txt > model.txt
    deps: [prepared]
    params: [train.lr]
    outs: [model.txt]
  report:
    cmd: wc -c < model.txt > report.txt
    deps: [model.txt]
    outs:
      - report.txt:
          cache: false
`;
const PARAMS = 'prep:\n  n: 1\n  unused: 5\ntrain:\n  lr: 0.1\n';
const FILES: Record<string, string> = {
  'data/a.txt': 'alpha\n',
  'data/b.txt': 'bravo\n',
  'data/nested/c.txt': 'charlie\n',
  'params.yaml': PARAMS,
  'dvc.yaml': DVC_YAML,
};

/** `mlops ARGS` as its own process (the way a user or the extension runs it), in `cwd`. */
function cli(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DVC_NO_ANALYTICS: '1' };
    delete env.MLOPS_TRACKING_URI;
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function info(root: string): Promise<DaemonInfo> {
  const reply = await request(root, { kind: 'info' }, 5000);
  assert.equal(reply?.kind, 'info', 'a daemon answers for the folder');
  return (reply as { info: DaemonInfo }).info;
}

/** Each stage as `label: status[: reasons]`, the way the text output shows it. */
function shown(stdout: string): Record<string, string> {
  const rows = (JSON.parse(stdout) as { stages: { name: string; file: string; status: string; reasons: string[] }[] })
    .stages;
  return Object.fromEntries(
    rows.map((r) => [
      r.file === 'dvc.yaml' ? r.name : `${r.file}:${r.name}`,
      r.status === 'changed' ? `changed: ${r.reasons.join('; ')}` : r.status,
    ]),
  );
}

const UP_TO_DATE = { prepare: 'up-to-date', train: 'up-to-date', report: 'up-to-date' };

/**
 * Asks the daemon (through `client`), then computes without it, and checks: the daemon answered, both agree
 * byte for byte, and the stages are `expected` (stages not named: up to date). Returns how many times the
 * daemon computed for the question.
 */
async function agree(
  root: string,
  expected: Record<string, string>,
  args = ['--json'],
  client: 'process' | 'in-process' = 'process',
): Promise<number> {
  try {
    return await agreeOnce(root, expected, args, client);
  } catch (err) {
    // What the daemon wrote (its failures to compute) explains a disagreement.
    const log = join(root, '.mlops/daemon/daemon.log');
    if (err instanceof Error && existsSync(log)) err.message += `\n--- daemon.log:\n${readFileSync(log, 'utf8')}`;
    throw err;
  }
}

async function agreeOnce(
  root: string,
  expected: Record<string, string>,
  args: string[],
  client: 'process' | 'in-process',
): Promise<number> {
  const before = await info(root);
  const viaDaemon =
    client === 'process' ? await cli(['status', ...args], root) : await runCli(['status', ...args], root);
  const afterwards = await info(root);
  const direct = await runCli(['status', ...args, '--no-daemon'], root);
  assert.equal(afterwards.answered, before.answered + 1, 'the daemon answered the question');
  assert.deepEqual(viaDaemon, direct, 'the daemon answers what status computes without it');
  if (args.includes('--json')) assert.deepEqual(shown(direct.stdout), { ...UP_TO_DATE, ...expected });
  return afterwards.computed - before.computed;
}

/** A change was noticed: the daemon computed for it and answers it; once settled it answers from memory again. */
async function changed(root: string, expected: Record<string, string>): Promise<void> {
  assert.ok((await agree(root, expected)) >= 1, 'the change made the daemon compute');
  // A folder watched for the first time counts as changed once; after that an unchanged workspace is not computed.
  await agree(root, expected, ['--json'], 'in-process');
  assert.equal(
    await agree(root, expected, ['--json'], 'in-process'),
    0,
    'an unchanged workspace is answered from memory',
  );
}

/** Every `mlops daemon serve` process whose folder is `root` (Linux: /proc), for the cleanup. */
function daemonsIn(root: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return (
          readlinkSync(`/proc/${p}/cwd`) === root &&
          readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('\0daemon\0serve')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Running: a process that exited but is not yet reaped (a zombie, reparented to an init that reaps late) is not. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) S …"; comm may hold spaces and parentheses, so the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

describe('mlops daemon: answers exactly what status computes, right after every change', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-daemon-'));
  const started = new Set<number>();
  const write = (rel: string, text: string): void => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');
  const start = async (): Promise<DaemonInfo> => {
    const r = await cli(['daemon', 'start'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /started \(pid \d+\)/);
    const i = await info(root);
    started.add(i.pid);
    return i;
  };

  before(async () => {
    // A DVC repository (a `.dvc/` folder): runs save cached outs into .dvc/cache, and status checks them there.
    mkdirSync(join(root, '.dvc'));
    for (const [rel, text] of Object.entries(FILES)) write(rel, text);
    const run = await runCli(['run'], root);
    assert.equal(run.code, 0, run.stderr);
    const i = await start();
    assert.equal(i.root, root);
    assert.equal(i.complete, true);
  });

  after(() => {
    for (const pid of new Set([...started, ...daemonsIn(root)])) kill(pid);
    rmSync(root, { recursive: true, force: true });
  });

  test('an unchanged workspace is answered from memory, in JSON and in text', async () => {
    assert.equal(await agree(root, {}), 0);
    assert.equal(await agree(root, {}), 0);
    // Text is its own answer: computed once, then from memory; the same bytes as without the daemon.
    await agree(root, {}, []);
    assert.equal(await agree(root, {}, []), 0);
    const text = await cli(['status'], root);
    assert.equal(text.stdout, 'prepare  up-to-date\ntrain    up-to-date\nreport   up-to-date\n');
  });

  test('a data file changed keeping its size, then restored', async () => {
    write('data/a.txt', 'alphA\n');
    await changed(root, { prepare: 'changed: dep changed: data' });
    write('data/a.txt', FILES['data/a.txt'] as string);
    await changed(root, {});
  });

  test('a file added in a nested data folder, then removed', async () => {
    write('data/nested/d.txt', 'delta\n');
    await changed(root, { prepare: 'changed: dep changed: data' });
    rmSync(join(root, 'data/nested/d.txt'));
    await changed(root, {});
  });

  test('a new nested folder in a tracked dep folder is watched from then on', async () => {
    write('data/new/deeper/e.txt', 'echo\n');
    await changed(root, { prepare: 'changed: dep changed: data' });
    write('data/new/deeper/e.txt', 'ECHO\n');
    await changed(root, { prepare: 'changed: dep changed: data' });
    rmSync(join(root, 'data/new'), { recursive: true });
    await changed(root, {});
  });

  test('an out deleted, then written back', async () => {
    const model = read('model.txt');
    rmSync(join(root, 'model.txt'));
    await changed(root, { train: 'changed: out missing: model.txt', report: 'changed: dep missing: model.txt' });
    write('model.txt', model);
    await changed(root, {});
  });

  test('a watched out folder deleted and made again between two questions, then changed inside', async () => {
    const all = read('prepared/all.txt');
    rmSync(join(root, 'prepared'), { recursive: true });
    write('prepared/all.txt', all);
    await changed(root, {});
    // The folder is a new one: its changes must be seen, not those of the deleted folder it replaced.
    write('prepared/all.txt', all.toUpperCase());
    await changed(root, { prepare: 'changed: out changed: prepared', train: 'changed: dep changed: prepared' });
    write('prepared/all.txt', all);
    await changed(root, {});
  });

  test('a tracked folder moved away and another put in its place', async () => {
    const all = read('prepared/all.txt');
    renameSync(join(root, 'prepared'), join(root, 'prepared.old'));
    write('prepared/all.txt', all);
    await changed(root, {});
    write('prepared/all.txt', all.toUpperCase());
    await changed(root, { prepare: 'changed: out changed: prepared', train: 'changed: dep changed: prepared' });
    // Changes in the folder that moved away no longer count... but they must not be mistaken for the new one's.
    write('prepared/all.txt', all);
    rmSync(join(root, 'prepared.old'), { recursive: true });
    await changed(root, {});
  });

  test("an object removed from DVC's cache, then put back", async () => {
    const lock = read('dvc.lock');
    const md5 = /path: model\.txt\n\s+hash: md5\n\s+md5: ([0-9a-f]{32})/.exec(lock)?.[1];
    assert.ok(md5, lock);
    const object = join(root, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2));
    const keep = join(root, 'kept-object');
    copyFileSync(object, keep);
    rmSync(object, { force: true });
    await changed(root, { train: 'changed: out not in cache: model.txt' });
    renameSync(keep, object);
    chmodSync(object, 0o444);
    await changed(root, {});
    // .dvc/config names another cache: nothing is in it.
    write('.dvc/config', '[cache]\n    dir = ../elsewhere\n');
    await changed(root, {
      prepare: 'changed: out not in cache: prepared',
      train: 'changed: out not in cache: model.txt',
    });
    rmSync(join(root, '.dvc/config'));
    await changed(root, {});
  });

  test('a symbolic link in a tracked folder: every answer is computed, and still the same', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mlops-daemon-target-'));
    try {
      writeFileSync(join(outside, 'target.txt'), 'target\n');
      symlinkSync(join(outside, 'target.txt'), join(root, 'data/nested/link.txt'));
      assert.ok((await agree(root, { prepare: 'changed: dep changed: data' })) >= 1);
      assert.equal((await info(root)).complete, false);
      // Its target's changes are no event of the folder holding the link: the daemon must not answer from memory.
      writeFileSync(join(outside, 'target.txt'), 'TARGET\n');
      assert.equal(await agree(root, { prepare: 'changed: dep changed: data' }), 1);
    } finally {
      rmSync(join(root, 'data/nested/link.txt'), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
    await changed(root, {});
    assert.equal((await info(root)).complete, true);
  });

  test('params: a value the stage uses, a value no stage uses, an editor saving through a temp file', async () => {
    write('params.yaml', PARAMS.replace('n: 1', 'n: 2'));
    await changed(root, { prepare: 'changed: params changed: prep.n' });
    write('params.yaml', PARAMS.replace('unused: 5', 'unused: 6'));
    await changed(root, {});
    write('params.yaml.tmp~', PARAMS.replace('lr: 0.1', 'lr: 0.2'));
    renameSync(join(root, 'params.yaml.tmp~'), join(root, 'params.yaml'));
    await changed(root, { train: 'changed: params changed: train.lr' });
    write('params.yaml', PARAMS);
    await changed(root, {});
  });

  test('dvc.yaml edited: a cmd changed', async () => {
    write(
      'dvc.yaml',
      DVC_YAML.replace('tr a-z A-Z < prepared/all.txt > model.txt', 'tr a-z A-Z < prepared/all.txt >model.txt'),
    );
    await changed(root, { train: 'changed: cmd changed' });
    write('dvc.yaml', DVC_YAML);
    await changed(root, {});
  });

  test('a new dvc.yaml in new folders: its stages appear, and go with it', async () => {
    write('sub/dvc.yaml', 'stages:\n  extra:\n    cmd: echo extra > extra.txt\n    outs: [extra.txt]\n');
    await changed(root, { 'sub/dvc.yaml:extra': 'never-run' });
    write('deep/er/dvc.yaml', 'stages:\n  deepest:\n    cmd: echo hi\n');
    await changed(root, { 'sub/dvc.yaml:extra': 'never-run', 'deep/er/dvc.yaml:deepest': 'never-run' });
    rmSync(join(root, 'sub'), { recursive: true });
    rmSync(join(root, 'deep'), { recursive: true });
    await changed(root, {});
  });

  test('dvc.lock changed: a stage entry dropped, then written back', async () => {
    const lock = read('dvc.lock');
    const start = lock.indexOf('\n  train:\n');
    const end = lock.indexOf('\n  report:\n');
    assert.ok(start > 0 && end > start, lock);
    write('dvc.lock', lock.slice(0, start) + lock.slice(end));
    await changed(root, { train: 'never-run' });
    write('dvc.lock', lock);
    await changed(root, {});
  });

  test('mlops run while the daemon runs: its writes are seen, and it reports up to date after', async () => {
    write('data/b.txt', 'BRAVO\n');
    await changed(root, { prepare: 'changed: dep changed: data' });
    assert.equal((await cli(['run'], root)).code, 0);
    await changed(root, {});
    write('data/b.txt', FILES['data/b.txt'] as string);
    assert.equal((await cli(['run'], root)).code, 0);
    await changed(root, {});
  });

  test('a second start says it already runs', async () => {
    const { pid } = await info(root);
    const again = await cli(['daemon', 'start'], root);
    assert.equal(again.code, 0);
    assert.match(again.stderr, new RegExp(`already running for this folder \\(pid ${pid}\\)`));
    assert.equal((await info(root)).pid, pid);
  });

  test('a killed daemon leaves its socket: status answers by itself, and start starts a new one', async () => {
    const { pid } = await info(root);
    process.kill(pid, 'SIGKILL');
    // Its death is an event to wait for, not a time: the socket refuses connections once the process is gone.
    while (await request(root, { kind: 'info' }, 1000)) await new Promise((r) => setImmediate(r));
    assert.ok(existsSync(join(root, '.mlops/daemon/status.sock')), 'the stale socket file is still there');
    write('data/a.txt', 'alphA\n');
    const alone = await cli(['status', '--json'], root);
    assert.equal(alone.code, 0, alone.stderr);
    assert.deepEqual(alone, await runCli(['status', '--json', '--no-daemon'], root));
    assert.deepEqual(shown(alone.stdout), { ...UP_TO_DATE, prepare: 'changed: dep changed: data' });
    const fresh = await start();
    assert.notEqual(fresh.pid, pid);
    // It computed up front (how many times depends on when this question comes): only the answer is checked.
    await agree(root, { prepare: 'changed: dep changed: data' });
    write('data/a.txt', FILES['data/a.txt'] as string);
    await changed(root, {});
  });

  test('stop: the daemon exits; status falls back to computing, with the same output', async () => {
    const { pid } = await info(root);
    const stop = await cli(['daemon', 'stop'], root);
    assert.match(stop.stderr, /stopped/);
    // Its exit is an event to wait for (bounded, so a daemon that stays fails the test rather than hanging it).
    for (const end = Date.now() + 10_000; alive(pid); ) {
      assert.ok(Date.now() < end, `daemon ${pid} still runs after stop`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const none = await cli(['daemon', 'status'], root);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /none runs for this folder/);
    write('params.yaml', PARAMS.replace('lr: 0.1', 'lr: 0.3'));
    for (const args of [['--json'], []]) {
      const alone = await cli(['status', ...args], root);
      assert.deepEqual(alone, await runCli(['status', ...args, '--no-daemon'], root));
    }
    assert.match((await cli(['status'], root)).stdout, /^train +changed: params changed: train\.lr$/m);
  });
});
