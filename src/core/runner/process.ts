// One stage command through the user's shell, in a process group of its own so that cancelling kills
// the whole tree (the shell, python, whatever python forked) and not just the shell.
import { spawn } from 'node:child_process';

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
    const child = spawn(userShell(opts.env), ['-c', cmd], { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
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
      resolve({ code, signal });
    });
  });
}
