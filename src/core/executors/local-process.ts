// The local executor: each experiment's worker is a separate process on this machine, in its own process
// group (so stopping it takes the stage commands it started too), its stdout and stderr appended to the
// experiment's log file. A worker that dies — even SIGKILLed — takes only its own experiment down.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { ExperimentExecutor, Worker, WorkerExit } from './types';

/** `command`: the program and arguments that run one worker; the entry file is appended. */
export function localProcessExecutor(
  command: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ExperimentExecutor {
  return {
    launch(entryFile: string, logFile: string): Worker {
      const fd = fs.openSync(logFile, 'a');
      try {
        const child = spawn(command[0] as string, [...command.slice(1), entryFile], {
          detached: true,
          stdio: ['ignore', fd, fd],
          env,
        });
        const exited = new Promise<WorkerExit>((resolve) => {
          child.on('exit', (code, signal) => resolve({ code, signal }));
          child.on('error', () => resolve({ code: null, signal: null }));
        });
        const pid = child.pid ?? -1;
        return {
          pid,
          exited,
          kill(signal: NodeJS.Signals = 'SIGTERM') {
            try {
              process.kill(-pid, signal);
            } catch {
              // Already gone.
            }
          },
        };
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
