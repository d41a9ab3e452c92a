// How every verb ends when its code throws: one line on stderr naming the verb, with the stack, and exit code 2
// (docs/cli.md), never an unhandled rejection. Shared by the CLI's main bundle and the status bundle.
import type { CliIO } from './io';

export async function guarded(verb: string, run: () => Promise<number>, io: CliIO): Promise<number> {
  try {
    return await run();
  } catch (err) {
    io.stderr(`mlops ${verb}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
