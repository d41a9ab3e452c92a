// `mlops runs log --experiment NAME [--name NAME] METRICS_FILE...`: one finished run of a job that runs outside
// a pipeline (a production batch scoring, a drift check), its metrics the numeric leaves of the files (JSON,
// YAML or TOML, nested keys joined with `.` as `dvc metrics show` reads them) — the run per batch the
// monitoring alerts watch (`mlops alerts check`). Core: core/tracking/log-run.ts.
import * as path from 'node:path';
import { readBoundedText } from '../core/bounded-read';
import { metricsFromText } from '../core/runner/metrics-files';
import { logFinishedRun } from '../core/tracking/log-run';
import { parseCommandArgs } from './args';
import { openTrackingStore, reportFailure, resolveBackend, toJson, TRACKING_URI_HELP } from './backend';
import type { CliIO } from './io';

export const LOG_USAGE = `usage: mlops runs log --experiment NAME [--name NAME] [--json] [--tracking-uri URI] METRICS_FILE...

  Records one FINISHED run in experiment NAME (created if missing) whose metrics are the numbers in the files
  (JSON, YAML or TOML; nested keys joined with '.'; a key in several files: the last file wins), e.g. a batch
  scoring job's score.json and the drift.json of 'mlops drift --metrics-out'.
  --name NAME  the run's name (default: the first file's name)
  --json       {"id","experiment","name","metrics"} on stdout
  ${TRACKING_URI_HELP}
`;

export async function runsLog(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops runs log',
      usage: LOG_USAGE,
      flags: ['json'],
      options: {
        experiment: { placeholder: 'NAME' },
        name: { placeholder: 'NAME' },
        'tracking-uri': { placeholder: 'URI' },
      },
      positionals: { min: 1, max: 100 },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const experiment = args.options.experiment;
  if (!experiment) {
    io.stderr(`mlops runs log: --experiment NAME is required (the experiment the job logs to)\n\n${LOG_USAGE}`);
    return 2;
  }
  const metrics: Record<string, number> = {};
  for (const file of args.positionals) {
    const read = readBoundedText(path.resolve(io.cwd, file));
    if (!read.ok) {
      io.stderr(`mlops runs log: metrics file ${file}: ${read.message}\n`);
      return 2;
    }
    const found = metricsFromText(file, read.text);
    if (Object.keys(found).length === 0) {
      io.stderr(`mlops runs log: ${file} holds no numbers to log (a JSON, YAML or TOML file of metrics is expected)\n`);
      return 2;
    }
    Object.assign(metrics, found);
  }
  const name = args.options.name ?? path.basename(args.positionals[0]!);
  try {
    const store = openTrackingStore(resolveBackend(args.options['tracking-uri'], io));
    const run = await logFinishedRun(store, { experiment, name, metrics });
    if (args.flags.has('json')) io.stdout(toJson({ id: run.id, experiment, name, metrics }));
    else io.stderr(`run ${run.id} (${experiment}): ${Object.keys(metrics).length} metrics logged\n`);
    return 0;
  } catch (err) {
    return reportFailure('mlops runs log', err, io);
  }
}
