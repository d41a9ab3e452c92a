// One stage command through the user's shell, in a process group of its own so that cancelling kills
// the whole tree (the shell, python, whatever python forked) and not just the shell. The groups are
// announced while they run, so that after a runner that was itself killed the next run can find and
// kill what it left behind — only processes it can prove are those groups', never a recycled pid.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface ShellResult {
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ShellOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onOutput(text: string, stream: 'stdout' | 'stderr'): void;
  /** Time between SIGTERM and SIGKILL when cancelled. */
  graceMs?: number;
  /** Told when the command's process group starts and when it is done. */
  groups?: GroupTracker;
}

/** A stage's process group: its leader's pid (the pgid) and start time, which a recycled pid does not share. */
export interface StageGroup {
  pgid: number;
  /** The leader's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  start: number;
}

export interface GroupTracker {
  add(group: StageGroup): void;
  remove(pgid: number): void;
}

/** The user's shell: $SHELL when set, else /bin/sh. */
export function userShell(env: NodeJS.ProcessEnv): string {
  return env.SHELL && env.SHELL.trim() !== '' ? env.SHELL : '/bin/sh';
}

export function runShell(cmd: string, opts: ShellOptions): Promise<ShellResult> {
  return new Promise((resolve) => {
    if (opts.signal.aborted) {
      resolve({ code: null, signal: 'SIGTERM' });
      return;
    }
    const child = spawn(userShell(opts.env), ['-c', cmd], {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    // Read before this process can reap the shell: until then its /proc entry is there, even if it has exited.
    const start = pid === undefined ? undefined : procInfo(pid)?.start;
    if (pid !== undefined && start !== undefined) opts.groups?.add({ pgid: pid, start });
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // The group is already gone.
      }
    };
    const onAbort = (): void => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), opts.graceMs ?? 3000);
      killTimer.unref();
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (t: string) => opts.onOutput(t, 'stdout'));
    child.stderr.setEncoding('utf8').on('data', (t: string) => opts.onOutput(t, 'stderr'));
    let done = false;
    child.on('error', (err) => {
      opts.onOutput(`cannot start ${userShell(opts.env)}: ${err.message}\n`, 'stderr');
      if (pid === undefined && !done) {
        done = true;
        opts.signal.removeEventListener('abort', onAbort);
        resolve({ code: 127, signal: null });
      }
    });
    child.on('close', (code, signal) => {
      if (done) return;
      done = true;
      opts.signal.removeEventListener('abort', onAbort);
      // Stragglers the command left in its group (e.g. a background job) go with it when cancelled.
      if (opts.signal.aborted) killGroup('SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      if (pid !== undefined && start !== undefined) opts.groups?.remove(pid);
      resolve({ code, signal });
    });
  });
}

interface ProcInfo {
  pid: number;
  /** R, S, D, Z (zombie), X (dead), … */
  state: string;
  pgrp: number;
  start: number;
}

/** A process's state, group and start time from /proc; undefined when it is gone or there is no /proc. */
export function procInfo(pid: number | 'self'): ProcInfo | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so fields count from the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const info = {
    pid: Number.parseInt(text, 10),
    state: fields[0] ?? '',
    pgrp: Number(fields[2]),
    start: Number(fields[19]),
  };
  return Number.isInteger(info.pgrp) && Number.isInteger(info.start) ? info : undefined;
}

export interface OrphanCleanup {
  /** Processes killed, with their command lines. */
  killed: { pid: number; cmd: string }[];
  /** What could not be proven ours or could not be checked, and was therefore left running. */
  spared: string[];
}

/**
 * Kills what is left of `groups`, stage process groups of a runner that is gone. A group whose leader is
 * alive is ours only if the leader's start time is the recorded one (else the pid was recycled, and the
 * recorded group, which would have pinned the number, is gone): it is killed whole. When the leader has
 * exited, a member is ours only if it started after the leader and carries `marker` (`NAME=value`) in its
 * environment, as every stage process of that run does: those are killed one by one.
 */
export async function killOrphans(groups: readonly StageGroup[], marker: string): Promise<OrphanCleanup> {
  const result: OrphanCleanup = { killed: [], spared: [] };
  if (groups.length === 0) return result;
  if (!procInfo('self')) {
    result.spared.push(
      `process groups ${groups.map((g) => g.pgid).join(', ')} cannot be checked on this system (no /proc); if they still run, stop them with kill -- -PGID`,
    );
    return result;
  }
  const kill = (target: number, victims: readonly ProcInfo[]): void => {
    const named = victims
      .filter((v) => !result.killed.some((k) => k.pid === v.pid))
      .map((v) => ({ pid: v.pid, cmd: cmdline(v.pid) }));
    try {
      process.kill(target, 'SIGKILL');
      result.killed.push(...named);
    } catch {
      // Gone meanwhile.
    }
  };
  const spared = new Set<number>();
  // Rounds, because a member may fork between the listing and the signal.
  for (let round = 0; round < 3; round++) {
    const procs = listProcs();
    let found = false;
    for (const g of groups) {
      const members = procs.filter((p) => p.pgrp === g.pgid && p.start >= g.start && !spared.has(p.pid));
      if (members.length === 0) continue;
      const leader = procs.find((p) => p.pid === g.pgid);
      if (leader) {
        // Re-read right before the signal: the leader alive with its start time pins the group to it.
        if (leader.start === g.start && procInfo(g.pgid)?.start === g.start) {
          found = true;
          kill(-g.pgid, members);
        }
        continue;
      }
      for (const m of members) {
        if (!hasEnv(m.pid, marker)) {
          spared.add(m.pid);
          result.spared.push(
            `pid ${m.pid} (${cmdline(m.pid)}) is in process group ${g.pgid} of the interrupted run but cannot be proven its own; left running`,
          );
        } else if (procInfo(m.pid)?.start === m.start) {
          found = true;
          kill(m.pid, [m]);
        }
      }
    }
    if (!found) break;
    // The next run may rewrite the files these were writing: wait until they are really gone.
    const deadline = Date.now() + 5000;
    while (result.killed.some((k) => running(k.pid)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
  }
  return result;
}

/** Every running process (a zombie has exited already: nothing left to kill). */
function listProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = procInfo(Number(name));
    if (info && isRunning(info)) out.push(info);
  }
  return out;
}

function isRunning(info: ProcInfo): boolean {
  return info.state !== 'Z' && info.state !== 'X';
}

function running(pid: number): boolean {
  const info = procInfo(pid);
  return info !== undefined && isRunning(info);
}

function hasEnv(pid: number, marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 200) || '?';
  } catch {
    return '?';
  }
}
