// `mlops exp run [TARGET…] [-S [FILE:]KEY=VALUE…] [-n NAME] [--temp | --queue] [--random N] [--json]`: an
// experiment made in the working copy as `dvc exp run` makes it (core/experiments/workspace-run.ts), in an
// isolated workspace (`--temp`, core/experiments/isolated-run.ts), or queued (`--queue`, one per sweep point).
import { enqueue, prepareTasks, type TaskRequest } from '../core/experiments/enqueue';
import { runEntry, startInThisProcess } from '../core/experiments/entry-run';
import type { ExperimentTask, RunOn } from '../core/experiments/isolated-run';
import { describeChange, planSweep } from '../core/experiments/sweeps';
import { type ExpRunOutcome, runInWorkspace } from '../core/experiments/workspace-run';
import { selectTargets } from '../core/runner/targets';
import { projectRoot } from '../core/runner/workspace';
import { parseCommandArgs } from './args';
import { openTrackingStore, resolveBackend, TRACKING_URI_HELP } from './backend';
import { executorFromArgs } from './executor';
import type { CliIO, Command } from './io';
import { stageEvents, stopOnSignal } from './stage-log';

const USAGE = `usage: mlops exp run [TARGET...] [-R] [-P] [-S|--set-param [FILE:]KEY=VALUE...] [-n|--name NAME] [--temp | --queue] [--random N]
                   [--no-run-cache] [--executor local|ray [--ray-address URL] [--ray-data SOURCE]] [--json]

Runs the TARGET stages (default: those of ./dvc.yaml, as dvc exp run) and what they need, with changed params;
records the result as a DVC experiment of HEAD: a commit under refs/exps/… that \`dvc exp show\` lists
and \`dvc exp apply\` restores. From a subfolder, the experiment is of the whole DVC repository (a stage of
../dvc.yaml that a target needs runs too), as with \`dvc exp run\` there.
The params changes and results stay in the working copy, as with \`dvc exp run\`.

  TARGET            as mlops run takes it: a stage, a foreach member or group, sub/dvc.yaml, sub/dvc.yaml:stage, an output
  -R, --recursive   a folder TARGET means every stage of every dvc.yaml under it
  -P, --all-pipelines  every stage of the whole repository, from any folder (TARGETs are then ignored)
  -S, --set-param   [FILE:]KEY=VALUE (FILE, from this folder, defaults to params.yaml); +KEY=VALUE adds a key, ~KEY deletes one.
                    Sweeps (a,b,c  choice(a,b)  range(start,stop[,step])) make one experiment per point: use --queue
  --temp            run in an isolated workspace; the working copy is not touched
  --queue           add to the queue (run it with mlops queue start); one experiment per sweep point
  --random N        with --queue: N points drawn from the sweep (interval(low,high) draws floats)
  --no-run-cache    run every stage, even when the run cache holds a run with the same inputs (kept with --queue)
  --executor E      with --queue: where these experiments run, whatever the queue is started with — local, or ray
                    (--ray-address, default env MLOPS_RAY_ADDRESS; --ray-data as for mlops run)
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
      flags: ['json', 'temp', 'queue', 'no-run-cache', 'recursive', 'all-pipelines'],
      shortFlags: { R: 'recursive', P: 'all-pipelines' },
      options: {
        executor: { placeholder: 'E' },
        'ray-address': { placeholder: 'URL' },
        'ray-data': { placeholder: 'SOURCE' },
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
  const where = {
    executor: args.options.executor,
    'ray-address': args.options['ray-address'],
    'ray-data': args.options['ray-data'],
  };
  if (!queue && Object.values(where).some((v) => v !== undefined))
    return usageError(
      io,
      '--executor, --ray-address and --ray-data go with --queue (mlops run takes them for a run here)',
    );
  const runCache = args.flags.has('no-run-cache') ? (false as const) : undefined;
  const plan = planSweep(
    args.options['set-param'] ?? [],
    args.options.random === undefined ? undefined : Number(args.options.random),
  );
  if (!plan.ok) return usageError(io, plan.message);
  // The experiment is of the DVC repository, whatever folder it is started from (dvc exp run keeps the working
  // folder as its executor's wdir): targets and -S files are read from here, the whole repository is loaded.
  // No target is ./dvc.yaml; -R, -P: the rule mlops run follows (selectTargets), checked before anything changes.
  const dvcRoot = projectRoot(io.cwd);
  const selected = selectTargets(io.cwd, dvcRoot, {
    given: args.positionals,
    recursive: args.flags.has('recursive'),
    allPipelines: args.flags.has('all-pipelines'),
  });
  if (!selected.ok) return usageError(io, selected.message);
  const { scope } = selected;
  if (queue) {
    let runOn: RunOn | undefined;
    if (where.executor !== undefined) {
      // Checked now, as `queue start` would check it: a wrong address or backend is refused before queuing.
      const choice = executorFromArgs(where, resolveBackend(args.options['tracking-uri'], io), io);
      if (!choice.ok) return usageError(io, choice.message);
      runOn =
        choice.kind === 'local'
          ? { kind: 'local' }
          : { kind: 'ray', address: choice.address, ...(where['ray-data'] ? { data: where['ray-data'] } : {}) };
    }
    return queueAll(
      io,
      {
        dvcRoot,
        cwd: io.cwd,
        points: plan.points,
        scope,
        name: args.options.name,
        experiment: args.options.experiment,
        ...(runCache === false ? { runCache } : {}),
        ...(runOn ? { runOn } : {}),
      },
      args.flags.has('json'),
    );
  }
  if (plan.points.length !== 1)
    return usageError(io, `the -S values make ${plan.points.length} experiments; add --queue to queue them all`);
  const store = openTrackingStore(resolveBackend(args.options['tracking-uri'], io));
  const stop = stopOnSignal(io, 'mlops exp run');
  try {
    const common = {
      store,
      ...(runCache === false ? { runCache } : {}),
      signal: stop.signal,
      env: { ...io.env },
      events: stageEvents(io),
    };
    const changes = plan.points[0] ?? [];
    let outcome: ExpRunOutcome;
    if (args.flags.has('temp')) {
      const prepared = await prepareTasks({
        dvcRoot,
        cwd: io.cwd,
        points: [changes],
        name: args.options.name,
        scope,
        experiment: args.options.experiment,
        ...(runCache === false ? { runCache } : {}),
        now: true,
      });
      // In the queue as running here: the table shows it live, as the queue's own.
      outcome = prepared.ok
        ? await runEntry(startInThisProcess(prepared.tasks[0] as ExperimentTask), common)
        : prepared;
    } else {
      outcome = await runInWorkspace({
        ...common,
        root: dvcRoot,
        cwd: io.cwd,
        targets: scope.targets,
        recursive: scope.recursive,
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

async function queueAll(io: CliIO, request: TaskRequest, json: boolean): Promise<number> {
  const prepared = await prepareTasks(request);
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
