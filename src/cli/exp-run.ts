// `mlops exp run [TARGET…] [-S [FILE:]KEY=VALUE…] [-n NAME] [--random N] [--json]`: an experiment made in
// the working copy, as `dvc exp run` makes it (see core/experiments/workspace-run.ts).
import { planSweep } from '../core/experiments/sweeps';
import { runInWorkspace } from '../core/experiments/workspace-run';
import { parseCommandArgs } from './args';
import { openTrackingStore, resolveBackend, TRACKING_URI_HELP } from './backend';
import type { CliIO, Command } from './io';
import { stageEvents, stopOnSignal } from './stage-log';

const USAGE = `usage: mlops exp run [TARGET...] [-S|--set-param [FILE:]KEY=VALUE...] [-n|--name NAME] [--json]

Runs the pipeline (or TARGET stages and what they need) with changed params and records the result as a
DVC experiment of HEAD: a commit under refs/exps/… that \`dvc exp show\` lists and \`dvc exp apply\` restores.
The params changes and results stay in the working copy, as with \`dvc exp run\`.

  -S, --set-param   [FILE:]KEY=VALUE (FILE defaults to params.yaml); +KEY=VALUE adds a key, ~KEY deletes one.
                    Sweeps (a,b,c  choice(a,b)  range(start,stop[,step])) need several experiments: use --queue
  -n, --name        the experiment's name (default: a generated adjective-noun, unique for the baseline)
  --experiment      tracking experiment the run is recorded in (default "Default")
  --json            {"name","ref","baseline","commit","run","status"} on stdout
  ${TRACKING_URI_HELP}

Exit status: 0 the experiment was made, 1 a stage failed, 2 usage error or it could not start.
`;

export const expRun: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops exp run',
      usage: USAGE,
      flags: ['json'],
      options: {
        'set-param': { short: 'S', repeat: true, placeholder: '[FILE:]KEY=VALUE' },
        name: { short: 'n', placeholder: 'NAME' },
        experiment: { placeholder: 'NAME' },
        'tracking-uri': { placeholder: 'URI' },
      },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const plan = planSweep(args.options['set-param'] ?? []);
  if (!plan.ok) return usageError(io, plan.message);
  if (plan.points.length !== 1)
    return usageError(io, `the -S values make ${plan.points.length} experiments; add --queue to queue them all`);
  const store = openTrackingStore(resolveBackend(args.options['tracking-uri'], io));
  const stop = stopOnSignal(io, 'mlops exp run');
  try {
    const outcome = await runInWorkspace({
      root: io.cwd,
      targets: args.positionals,
      changes: plan.points[0] ?? [],
      name: args.options.name,
      experiment: args.options.experiment,
      store,
      signal: stop.signal,
      env: { ...io.env },
      events: stageEvents(io),
    });
    if (!outcome.ok) return usageError(io, outcome.message);
    const { report } = outcome;
    for (const w of report.warnings) io.stderr(`warning: ${w}\n`);
    for (const s of report.stages) if (s.outcome === 'FAILED' && s.error) io.stderr(`\n${s.error}\n`);
    io.stderr(
      outcome.commit
        ? `experiment '${outcome.exp.name}' (${outcome.ref}), run ${report.runId}\n`
        : `experiment '${outcome.exp.name}' ${report.status}: nothing committed\n`,
    );
    if (args.flags.has('json'))
      io.stdout(
        `${JSON.stringify({
          name: outcome.exp.name,
          ref: outcome.ref,
          baseline: outcome.exp.baseline,
          commit: outcome.commit,
          run: report.runId,
          status: report.status,
        })}\n`,
      );
    return report.status === 'FINISHED' ? 0 : 1;
  } finally {
    stop.done();
  }
};

function usageError(io: CliIO, message: string): number {
  io.stderr(`mlops exp run: ${message}\n`);
  return 2;
}
