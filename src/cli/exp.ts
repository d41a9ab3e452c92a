// `mlops exp <run|list|apply|branch|remove|reproduce>`: DVC experiments (refs/exps) made and read by our core.
import { listCommitted } from '../core/experiments/list';
import { repoRoot } from '../core/git';
import { parseCommandArgs } from './args';
import type { CliIO, Command } from './io';

const USAGE = `usage: mlops exp <command>

  run [TARGET...] [-S [FILE:]KEY=VALUE...] [-n NAME] [--json]   make an experiment (mlops exp run --help)
  list [--json]                                                  every experiment with its params and metrics
  apply NAME | branch NAME BRANCH | remove NAME... | reproduce NAME [--json]   (mlops exp apply --help)
`;

const LIST_USAGE = `usage: mlops exp list [--json]

Lists the experiments of the repository — those made by mlops and by dvc exp run — with their params
and metrics as committed.
  --json  {"experiments":[{"name","ref","baseline","status","params":{…},"metrics":{…},"run","source"}]}
`;

const subcommands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./exp-run')).expRun,
  list: async () => expList,
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

const expList: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { command: 'mlops exp list', usage: LIST_USAGE, flags: ['json'] }, io);
  if (typeof args === 'number') return args;
  const gitRoot = await repoRoot(io.cwd);
  if (!gitRoot) return fail(io, 'mlops exp list', `${io.cwd} is not in a git repository`);
  const exps = await listCommitted(gitRoot, io.cwd);
  exps.sort((a, b) => b.created - a.created);
  if (args.flags.has('json')) {
    const experiments = exps.map((e) => ({
      name: e.name,
      ref: e.ref,
      baseline: e.baseline,
      status: 'FINISHED',
      params: e.params,
      metrics: e.metrics,
      run: e.run,
      source: e.source,
    }));
    io.stdout(`${JSON.stringify({ experiments })}\n`);
    return 0;
  }
  if (exps.length === 0) io.stdout('no experiments\n');
  for (const e of exps) {
    const metrics = Object.entries(e.metrics)
      .slice(0, 4)
      .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(4)}`)
      .join(' ');
    io.stdout(`${e.name}\t${e.baseline.slice(0, 7)}\t${e.source}\t${metrics}\n`);
  }
  return 0;
};

function fail(io: CliIO, command: string, message: string): number {
  io.stderr(`${command}: ${message}\n`);
  return 2;
}
