// What a CLI command may touch: streams, working folder and environment. Tests pass their own.
import { scrub } from '../core/stream-scrub';

export interface CliIO {
  /** Machine-readable output (JSON, DOT, ...). */
  stdout(text: string): void;
  /**
   * Machine-readable bytes its writer has shown `scrub` would not change (core/stream-scrub.ts): written as they
   * are, no copy, no scan; settles once the stream no longer holds them (the writer may then reuse them). Absent
   * where a test collects text: the writer then hands `stdout` the text.
   */
  stdoutClean?(bytes: Uint8Array): Promise<void>;
  /** Messages for people. */
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A CLI verb: receives the arguments after the verb, returns the exit code (0 ok, 1 findings/failure, 2 usage or internal error). */
export type Command = (argv: string[], io: CliIO) => Promise<number>;

/**
 * The real process's streams, every write made terminal-safe (names from repositories never reach the terminal as
 * control sequences) and credentials redacted (URLs with passwords, tokens: CI logs are often public). A reader that stops early (`mlops dag | head -c1`) closes the pipe: from then on
 * that stream is dropped quietly (no EPIPE stack trace) and the command finishes with its own exit code.
 */
export function processIO(): CliIO {
  const closed = { stdout: false, stderr: false };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed[name] = true;
    });
  }
  return {
    stdout: (t) => {
      if (!closed.stdout) process.stdout.write(scrub(t));
    },
    stdoutClean: (bytes) =>
      new Promise<void>((resolve) => {
        // The callback runs once the bytes are written (or the write failed): until then the stream holds them.
        if (closed.stdout) resolve();
        else process.stdout.write(bytes, () => resolve());
      }),
    stderr: (t) => {
      if (!closed.stderr) process.stderr.write(scrub(t));
    },
    cwd: process.cwd(),
    env: process.env,
  };
}
