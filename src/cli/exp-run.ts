// `mlops exp run [TARGET…] [-S [FILE:]KEY=VALUE…] [-n NAME] [--temp | --queue] [--random N] [--json]`: an
// experiment made in the working copy as `dvc exp run` makes it (core/experiments/workspace-run.ts), in an
// isolated workspace (`--temp`, core/experiments/isolated-run.ts), or queued (`--queue`, one per sweep point).
import { enqueue, prepareTasks } from '../core/experiments/enqueue';
import { type ExperimentTask, runIsolated } from '../core/experiments/isolated-run';
import { describeChange, planSweep, type Point } from '../core/experiments/sweeps';
import { type ExpRunOutcome, runInWorkspace } from '../core/experiments/workspace-run';
import { parseCommandArgs } from './args';
import { openTrackingStore, resolveBackend, TRACKING_URI_HELP } from './backend';
import type { CliIO, Command } from './io';
import { stageEvents, stopOnSignal } from './stage-log';

const USAGE = `usage: mlops exp run [TARGET...] [-S|--set-param [FILE:]KEY=VALUE...] [-n|--name NAME] [--temp | --queue] [--random N] [--json]

Runs the pipeline (or TARGET stages and what they need) with changed params and records the result as a
DVC experiment of HEAD: a commit under refs/exps/… that \`dvc exp show\` lists and \`dvc exp apply\` restores.
The params changes and results stay in the working copy, as with \`dvc exp run\`.

  -S, --set-param   [FILE:]KEY=VALUE (FILE defaults to params.yaml); +KEY=VALUE adds a key, ~KEY deletes one.
                    Sweeps (a,b,c  choice(a,b)  range(start,stop[,step])) make one experiment per point: use --queue
  --temp            run in an isolated workspace; the working copy is not touched
  --queue           add to the queue (run it with mlops queue start); one experiment per sweep point
  --random N        with --queue: N points drawn from the sweep (interval(low,high) draws floats)
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
      flags: ['json', 'temp', 'queue'],
      options: {
        'set-param': { short: 'S', repeat: true, placeholder: '[FILE:]KEY=VALUE' },
        name: { short: 'n', placeholder: 'NAME' },
        random: { integer: true, placeholder: 'N' },
        experiment: { placeholder: 'NAME' },
        'tracking-uri': { placeholder: 'URI' },
      },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const queue = args.flags.has('queue');
  if (queue && args.flags.has('temp')) return usageError(io, '--temp and --queue exclude each other; give one');
  if (args.options.random !== undefined && !queue) return usageError(io, '--random needs --queue');
  const plan = planSweep(
    args.options['set-param'] ?? [],
    args.options.random === undefined ? undefined : Number(args.options.random),
  );
  if (!plan.ok) return usageError(io, plan.message);
  if (queue)
    return queueAll(
      io,
      plan.points,
      args.positionals,
      args.options.name,
      args.options.experiment,
      args.flags.has('json'),
    );
  if (plan.points.length !== 1)
    return usageError(io, `the -S values make ${plan.points.length} experiments; add --queue to queue them all`);
  const store = openTrackingStore(resolveBackend(args.options['tracking-uri'], io));
  const stop = stopOnSignal(io, 'mlops exp run');
  try {
    const common = {
      store,
      signal: stop.signal,
      env: { ...io.env },
      events: stageEvents(io),
    };
    const changes = plan.points[0] ?? [];
    let outcome: ExpRunOutcome;
    if (args.flags.has('temp')) {
      const prepared = await prepareTasks({
        dvcRoot: io.cwd,
        points: [changes],
        name: args.options.name,
        targets: args.positionals,
        experiment: args.options.experiment,
      });
      outcome = prepared.ok ? await runIsolated(prepared.tasks[0] as ExperimentTask, common) : prepared;
    } else {
      outcome = await runInWorkspace({
        ...common,
        root: io.cwd,
        targets: args.positionals,
        changes,
        name: args.options.name,
        experiment: args.options.experiment,
      });
    }
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

async function queueAll(
  io: CliIO,
  points: Point[],
  targets: string[],
  name: string | undefined,
  experiment: string | undefined,
  json: boolean,
): Promise<number> {
  const prepared = await prepareTasks({ dvcRoot: io.cwd, points, name, targets, experiment });
  if (!prepared.ok) return usageError(io, prepared.message);
  const entries = enqueue(prepared.tasks);
  for (const e of entries)
    io.stderr(
      `queued experiment '${e.task.exp.name}'${e.task.changes.length > 0 ? ` (${e.task.changes.map(describeChange).join(' ')})` : ''}\n`,
    );
  io.stderr(`${entries.length} experiment(s) queued; run them with: mlops queue start\n`);
  if (json)
    io.stdout(
      `${JSON.stringify({ queued: entries.map((e) => ({ name: e.task.exp.name, id: e.task.id, baseline: e.task.exp.baseline })) })}\n`,
    );
  return 0;
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`mlops exp run: ${message}\n`);
  return 2;
}
