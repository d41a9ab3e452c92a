// `mlops exp list [--json]`: every committed experiment of the repository (ours and `dvc exp run`'s) with its
// params and metrics, read from git alone (core/experiments/list.ts). Its own module so that the launcher can
// load it as a small bundle of its own (list-main.ts) — the verb a table, a script or CI polls.
import { listCommitted } from '../core/experiments/list';
import { parseCommandArgs } from './args';
import type { Command } from './io';

const LIST_USAGE = `usage: mlops exp list [--json]

Lists the experiments of the repository — those made by mlops and by dvc exp run — with their params
and metrics as committed.
  --json  {"experiments":[{"name","ref","baseline","status","params":{…},"metrics":{…},"run","source"}]}
`;

export const expList: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { command: 'mlops exp list', usage: LIST_USAGE, flags: ['json'] }, io);
  if (typeof args === 'number') return args;
  const json = args.flags.has('json');
  // Without --json only metrics are printed: the params files are not read.
  const exps = await listCommitted(io.cwd, json ? 'params and metrics' : 'metrics');
  if (!exps) {
    io.stderr(`mlops exp list: ${io.cwd} is not in a git repository\n`);
    return 2;
  }
  exps.sort((a, b) => b.created - a.created);
  if (json) {
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
