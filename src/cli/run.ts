// `mlops run [TARGET...] [-R] [-P] [--downstream] [--single] [--force] [--no-run-cache] [--jobs N] [--experiment NAME] [--json]
// [--executor local|ray …]`: runs what the named stages need (./dvc.yaml's by default), records one run,
// streams logs to stderr.
import { runPipelines } from '../core/runner/run';
import { selectTargets, stageAddress } from '../core/runner/targets';
import { loadWorkspace, projectRoot, type StageNode } from '../core/runner/workspace';
import { openTrackingStore, resolveBackend } from './backend';
import { parseCommandArgs } from './args';
import { EXECUTOR_HELP, executorFromArgs } from './executor';
import { RayError } from '../core/executors/ray/jobs-client';
import type { Command } from './io';
import { stageEvents, stopOnSignal } from './stage-log';

const USAGE = `usage: mlops run [TARGET...] [-R] [-P] [--downstream] [--single] [--force] [--no-run-cache] [--jobs N] [--experiment NAME]
                 [--json] [--tracking-uri URI] [--executor local|ray] [--ray-address URL] [--ray-data SOURCE]

Runs the named stages (default: those of ./dvc.yaml, as dvc repro) and the upstream stages they need that are not up to date;
up-to-date stages are skipped, as dvc repro does. dvc.lock is updated after each stage that succeeds.
In a DVC repository, a stage whose command, deps and params match an earlier run (DVC's run cache in
.dvc/cache/runs, shared with dvc repro) gets that run's outputs from the cache instead of running.

  TARGET          as dvc repro takes it: a stage (train), a foreach member (train@us) or group (train), a
                  pipeline file (sub/dvc.yaml), one of its stages (sub/dvc.yaml:train), or an output path
  -R, --recursive a folder TARGET means every stage of every dvc.yaml under it
  -P, --all-pipelines  every stage of the whole repository, from any folder (TARGETs, --single and --downstream
                  are then ignored, as dvc repro -P ignores them)
  --downstream    also run the stages that depend on the named ones
  --single        run only the named stages, not their upstream
  --force         run even if up to date, and never from the cache
  --no-run-cache  run even when an earlier run with the same inputs is in the run cache
  --jobs N        stages run in parallel when independent (default 1)
  --experiment    experiment to record the run in (default "Default")
  --tracking-uri  http(s)://… an MLflow server, or a store folder (default: env MLOPS_TRACKING_URI, else .mlops/)
  --json          {"runId","experiment","status","stages":[{"name","status","durationMs"}]} on stdout
${EXECUTOR_HELP}

Logs go to stderr, prefixed with the stage name. Ctrl-C stops the run: the stages' processes are killed
and the run is recorded as KILLED. If a runner is itself killed, the next run marks its run FAILED and
kills the stage processes it left running (those it can prove are its own), saying so on stderr.

Exit status: 0 FINISHED, 1 FAILED or KILLED, 2 usage error or the run could not start.
`;

export const run: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops run',
      usage: USAGE,
      flags: ['downstream', 'single', 'force', 'no-run-cache', 'json', 'recursive', 'all-pipelines'],
      shortFlags: { R: 'recursive', P: 'all-pipelines' },
      options: {
        jobs: { integer: true, placeholder: 'N' },
        experiment: { placeholder: 'NAME' },
        'tracking-uri': { placeholder: 'URI' },
        executor: { placeholder: 'E' },
        'ray-address': { placeholder: 'URL' },
        'ray-data': { placeholder: 'SOURCE' },
      },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const jobs = args.options.jobs === undefined ? 1 : Number(args.options.jobs);
  if (jobs < 1) {
    io.stderr(`mlops run: --jobs needs at least 1\n\n${USAGE}`);
    return 2;
  }
  const backend = resolveBackend(args.options['tracking-uri'], io);
  const chosen = executorFromArgs(args.options, backend, io);
  if (!chosen.ok) {
    io.stderr(`mlops run: ${chosen.message}\n`);
    return 2;
  }
  const store = openTrackingStore(backend);
  const stop = stopOnSignal(io, 'mlops run');
  try {
    // From a subfolder of a DVC repository, the whole repository is loaded, as dvc repro loads it; stages are
    // named from here (`../dvc.yaml:prepare`), as DVC names them.
    const workspace = loadWorkspace(projectRoot(io.cwd));
    const label = (id: string): string => stageAddress(workspace.nodes.get(id) as StageNode, io.cwd);
    // -P, -R and the default target (./dvc.yaml, or a refusal where there is none): selectTargets, shared with exp run.
    const all = args.flags.has('all-pipelines');
    const selected = selectTargets(io.cwd, workspace.root, {
      given: args.positionals,
      recursive: args.flags.has('recursive'),
      allPipelines: all,
    });
    if (!selected.ok) {
      io.stderr(`mlops run: ${selected.message}\n`);
      return 2;
    }
    const outcome = await runPipelines({
      root: workspace.root,
      workspace,
      cwd: io.cwd,
      targets: selected.scope.targets,
      recursive: selected.scope.recursive,
      downstream: !all && args.flags.has('downstream'),
      single: !all && args.flags.has('single'),
      force: args.flags.has('force'),
      runCache: !args.flags.has('no-run-cache'),
      jobs,
      experiment: args.options.experiment,
      store,
      executor: chosen.kind === 'ray' ? chosen.executor : undefined,
      signal: stop.signal,
      env: { ...io.env },
      events: stageEvents(io, label),
    });
    if (!outcome.ok) {
      io.stderr(`mlops run: ${outcome.message}\n`);
      return 2;
    }
    const report = outcome.report;
    for (const w of report.warnings) io.stderr(`warning: ${w}\n`);
    for (const s of report.stages) if (s.outcome === 'FAILED' && s.error) io.stderr(`\n${s.error}\n`);
    io.stderr(`run ${report.runId} (${report.experiment}): ${report.status}\n`);
    if (args.flags.has('json')) {
      const stages = report.stages.map((s) => ({ name: label(s.id), status: s.outcome, durationMs: s.durationMs }));
      io.stdout(
        JSON.stringify({ runId: report.runId, experiment: report.experiment, status: report.status, stages }) + '\n',
      );
    }
    return report.status === 'FINISHED' ? 0 : 1;
  } catch (err) {
    // The cluster refused or could not be reached: the run is recorded FAILED; say why, no stack trace.
    if (err instanceof RayError) {
      io.stderr(`mlops run: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    stop.done();
  }
};
