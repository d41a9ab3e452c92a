// `mlops exp <run|list|apply|branch|remove|reproduce>`: DVC experiments (refs/exps) made and read by our core.
import type { Command } from './io';

const USAGE = `usage: mlops exp <command>

  run [TARGET...] [-S [FILE:]KEY=VALUE...] [-n NAME] [--json]   make an experiment (mlops exp run --help)
  list [--json]                                                  every experiment with its params and metrics
  apply NAME | branch NAME BRANCH | remove NAME... | reproduce NAME [--json]   (mlops exp apply --help)
`;

const subcommands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./exp-run')).expRun,
  list: async () => (await import('./exp-list')).expList,
  apply: async () => (await import('./exp-actions')).expApply,
  branch: async () => (await import('./exp-actions')).expBranch,
  remove: async () => (await import('./exp-actions')).expRemove,
  reproduce: async () => (await import('./exp-actions')).expReproduce,
};

export const exp: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  const load = sub === undefined ? undefined : subcommands[sub];
  if (!load) {
    io.stderr(sub === undefined || sub === '--help' ? USAGE : `mlops exp: unknown command '${sub}'\n\n${USAGE}`);
    return sub === '--help' ? 0 : 2;
  }
  return (await load())(rest, io);
};
