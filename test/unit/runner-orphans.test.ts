// After a runner was SIGKILLed, the next run kills the stage processes it left running — and only those:
// real processes here, some ours, some that merely carry a recorded number (a recycled pid), some that
// cannot be proven ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOrphans, procInfo, runShell, type StageGroup } from '../../src/core/runner/process';
import { readOwner, RunLock, runLockPath } from '../../src/core/runner/run-lock';

const MARKER = 'MLOPS_RUN_ID=run-one';

function running(pid: number): boolean {
  const info = procInfo(pid);
  return info !== undefined && info.state !== 'Z';
}

/** A detached shell (its own process group) and the pid of a `sleep` it starts in the background. */
async function group(
  script: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ shell: ChildProcess; group: StageGroup; sleep: number }> {
  const shell = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env });
  const pgid = shell.pid as number;
  const start = procInfo(pgid)?.start;
  assert.ok(start !== undefined);
  const sleep = await new Promise<number>((resolve) =>
    shell.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  // `$!` is known as soon as the shell forked; wait until the child has become `sleep` (its command line).
  for (let i = 0; i < 200 && !readFileSync(`/proc/${sleep}/cmdline`, 'utf8').startsWith('sleep'); i++)
    await new Promise((r) => setTimeout(r, 10));
  return { shell, group: { pgid, start }, sleep };
}

function cleanup(...pgids: number[]): void {
  for (const pgid of pgids) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

test('a recorded group whose leader is still the same process is killed whole', async () => {
  const g = await group('sleep 300 & echo $!; wait');
  assert.ok(running(g.group.pgid) && running(g.sleep));
  const result = await killOrphans([g.group], MARKER);
  assert.deepEqual(result.killed.map((k) => k.pid).sort(), [g.group.pgid, g.sleep].sort());
  assert.ok(
    result.killed.some((k) => k.pid === g.sleep && k.cmd === 'sleep 300'),
    JSON.stringify(result.killed),
  );
  assert.deepEqual(result.spared, []);
  assert.ok(!running(g.group.pgid) && !running(g.sleep));
});

test('a recorded pgid whose leader started at another time (a recycled pid) is left alone', async () => {
  const g = await group('sleep 300 & echo $!; wait');
  try {
    for (const start of [g.group.start - 1, g.group.start + 1]) {
      const result = await killOrphans([{ pgid: g.group.pgid, start }], MARKER);
      assert.deepEqual(result, { killed: [], spared: [] });
      assert.ok(running(g.group.pgid) && running(g.sleep));
    }
  } finally {
    cleanup(g.group.pgid);
  }
});

test('a group whose leader has exited: members carrying the run marker are killed, others are left and named', async () => {
  // The shell exits at once; its background sleep stays in the shell's process group.
  const script = 'sleep 300 >/dev/null 2>&1 & echo $!';
  const ours = await group(script, { ...process.env, MLOPS_RUN_ID: 'run-one' });
  const stranger = await group(script, { ...process.env, MLOPS_RUN_ID: 'run-two' });
  try {
    for (const g of [ours, stranger])
      await new Promise((r) => (g.shell.exitCode === null ? g.shell.once('exit', r) : r(null)));
    assert.ok(!running(ours.group.pgid) && running(ours.sleep) && running(stranger.sleep));
    assert.equal(procInfo(ours.sleep)?.pgrp, ours.group.pgid);
    const result = await killOrphans([ours.group, stranger.group], MARKER);
    assert.deepEqual(
      result.killed.map((k) => k.pid),
      [ours.sleep],
    );
    assert.equal(result.spared.length, 1);
    assert.match(
      result.spared[0]!,
      new RegExp(`^pid ${stranger.sleep} \\(sleep 300\\) is in process group ${stranger.group.pgid}`),
    );
    assert.ok(!running(ours.sleep) && running(stranger.sleep));
  } finally {
    cleanup(ours.group.pgid, stranger.group.pgid);
  }
});

test('the workspace lock holds the groups of running stages, and none once they end', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-orphans-'));
  const acquired = RunLock.acquire(root, 'run-one');
  assert.ok(acquired.ok);
  const controller = new AbortController();
  let seen: StageGroup[] | undefined;
  const r = await runShell('echo started; sleep 0.3', {
    cwd: root,
    env: process.env,
    signal: controller.signal,
    groups: acquired.lock,
    onOutput: () => (seen ??= readOwner(runLockPath(root))?.groups),
  });
  assert.equal(r.code, 0);
  assert.equal(seen?.length, 1);
  assert.ok(seen[0]!.pgid > 1 && seen[0]!.start > 0);
  assert.equal(readOwner(runLockPath(root))?.groups, undefined);
  acquired.lock.release();
});

test('a lock whose pid is alive but started at another time is stale: its runner is gone', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-orphans-'));
  const self = procInfo('self');
  assert.ok(self);
  const file = runLockPath(root);
  const first = RunLock.acquire(root, 'run-one');
  assert.ok(first.ok);
  // This very process, as if its pid had been recycled from a runner that started earlier.
  writeFileSync(
    file,
    JSON.stringify({
      pid: process.pid,
      runId: 'old-run',
      startTime: 1,
      procStart: self.start - 1,
      groups: [{ pgid: 123456, start: 5 }],
    }),
  );
  const second = RunLock.acquire(root, 'run-two');
  assert.ok(second.ok);
  assert.deepEqual(second.abandoned, {
    pid: process.pid,
    runId: 'old-run',
    startTime: 1,
    procStart: self.start - 1,
    groups: [{ pgid: 123456, start: 5 }],
  });
  // The same pid with its own start time holds the lock.
  const third = RunLock.acquire(root, 'run-three');
  assert.equal(third.ok, false);
  second.lock.release();
});
