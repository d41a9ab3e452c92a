// The bundle `mlops plots …` loads (dist/cli-plots.js): that verb alone, so `plots diff --json` in CI parses and
// deserializes only the plots code (with its own code cache holding the functions it runs), not the whole CLI.
// Built as its own entry by scripts/build.mjs; the launcher chooses it.
import { guarded } from './guarded';
import type { CliIO } from './io';
import { plots } from './plots';

export function plotsMain(argv: string[], io: CliIO): Promise<number> {
  return guarded('plots', () => plots(argv, io), io);
}
