// What a CLI command may touch: streams, working folder and environment. Tests pass their own.
import * as fs from 'node:fs';
import { scrub } from '../core/stream-scrub';

export interface CliIO {
  /** Machine-readable output (JSON, DOT, ...). */
  stdout(text: string): void;
  /**
   * Machine-readable bytes its writer has shown `scrub` would not change (core/stream-scrub.ts): written as they
   * are, no copy, no scan, while the writer goes on; settles once they are written (the writer may then reuse them
   * and write more: nothing is written before it settles). Absent
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
  const made = new Set<'stdout' | 'stderr'>();
  // A stream is made when first written: making process.stdout turns a pipe non-blocking, and stdoutClean writes
  // the descriptor from libuv's threads until then.
  const stream = (name: 'stdout' | 'stderr'): NodeJS.WriteStream => {
    if (!made.has(name)) {
      made.add(name);
      process[name].on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
        closed[name] = true;
      });
    }
    return process[name];
  };
  // Bytes written by a thread of libuv's pool, which waits there while a pipe's reader takes them 64 kB at a time:
  // the caller makes its next piece meanwhile. Once the stream exists (its writes may be queued), or when the
  // descriptor cannot be written so, the stream writes the rest.
  const written = (bytes: Uint8Array, from: number, done: () => void): void => {
    const rest = (): void => {
      stream('stdout').write(bytes.subarray(from), () => done());
    };
    if (made.has('stdout')) return rest();
    fs.write(1, bytes, from, bytes.length - from, null, (err, n) => {
      if (err?.code === 'EPIPE') {
        closed.stdout = true;
        done();
      } else if (err) rest();
      else if (from + n < bytes.length) written(bytes, from + n, done);
      else done();
    });
  };
  return {
    stdout: (t) => {
      if (!closed.stdout) stream('stdout').write(scrub(t));
    },
    stdoutClean: (bytes) =>
      new Promise<void>((resolve) => {
        // Settled once the bytes are written (or the write failed): until then they are being written.
        if (closed.stdout) resolve();
        else written(bytes, 0, resolve);
      }),
    stderr: (t) => {
      if (!closed.stderr) stream('stderr').write(scrub(t));
    },
    cwd: process.cwd(),
    env: process.env,
  };
}
