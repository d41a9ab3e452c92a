// The bundle `mlops metrics …` and `mlops params diff` load (dist/cli-diff.js): those verbs alone, a small part
// of the CLI's code, so a diff in CI or a pre-commit hook parses and deserializes only what it runs (with its own
// code cache holding the functions it calls). Built as its own entry by scripts/build.mjs; the launcher chooses it.
import { guarded } from './guarded';
import type { CliIO } from './io';
import { metrics, params } from './metrics-params';

export function diffMain(verb: 'metrics' | 'params', argv: string[], io: CliIO): Promise<number> {
  return guarded(verb, () => (verb === 'metrics' ? metrics : params)(argv, io), io);
}
