// What a CLI command may touch: streams, working folder and environment. Tests pass their own.
export interface CliIO {
  /** Machine-readable output (JSON, DOT, ...). */
  stdout(text: string): void;
  /** Messages for people. */
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A CLI verb: receives the arguments after the verb, returns the exit code (0 ok, 1 findings/failure, 2 usage or internal error). */
export type Command = (argv: string[], io: CliIO) => Promise<number>;
