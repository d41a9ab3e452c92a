// The bundle `mlops exp list` loads (dist/cli-list.js): that verb alone, about a fifth of the CLI's code, with its
// own code cache holding the functions it runs — listing 200 experiments is otherwise mostly loading code.
// Built as its own entry by scripts/build.mjs; the launcher chooses it.
import { expList } from './exp-list';
import { guarded } from './guarded';
import type { CliIO } from './io';

export function listMain(argv: string[], io: CliIO): Promise<number> {
  return guarded('exp', () => expList(argv, io), io);
}
