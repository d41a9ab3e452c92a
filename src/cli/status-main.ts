// The bundle `mlops status` loads when no daemon answers (dist/cli-status.js): the status command alone, about a
// third of the CLI's code, so that a warm status does not parse and deserialize the rest (run, experiments, plots,
// tracking, registry). Built as its own entry by scripts/build.mjs; the launcher chooses it.
import { guarded } from './guarded';
import type { CliIO } from './io';
import { status } from './status';

export function statusMain(argv: string[], io: CliIO): Promise<number> {
  return guarded('status', () => status(argv, io), io);
}
