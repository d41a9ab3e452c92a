// `mlops runs list [--experiment NAME] [--json]` and `mlops runs show RUN_ID [--json]`, from the local
// store or an MLflow server (see backend.ts); `mlops runs log` (a job's metrics as a run) is runs-log.ts.
import type { HistoryPoint, Run, RunSummary, TrackingStore } from '../core/tracking/types';
import { parseCommandArgs } from './args';
import { openTrackingStore, reportFailure, resolveBackend, toJson, TRACKING_URI_HELP } from './backend';
import type { CliIO, Command } from './io';
import { runsLog } from './runs-log';

const USAGE = `usage: mlops runs list [--experiment NAME] [--json] [--tracking-uri URI]
       mlops runs show RUN_ID [--json] [--tracking-uri URI]
       mlops runs log --experiment NAME [--name NAME] [--json] [--tracking-uri URI] METRICS_FILE...

  list   runs, newest first: {"runs":[{"id","experiment","name","status","startTime","endTime","params","metrics","git"}]}
  show   one run with its stages, outputs and every metric's history: … "history":{"metric":[{"step","value","timestamp"}]}
  log    one finished run whose metrics are the numbers in the files (a production job's batch; mlops runs log --help)
  --experiment NAME  only runs of this experiment
  --json             JSON on stdout (times in ms since epoch)
  ${TRACKING_URI_HELP}
`;

const PAGE = 1000;

/** The fields of `runs list --json`, in the contract's order. */
function listed(r: RunSummary) {
  return {
    id: r.id,
    experiment: r.experiment,
    name: r.name,
    status: r.status,
    startTime: r.startTime,
    endTime: r.endTime,
    params: r.params,
    metrics: r.metrics,
    git: r.git,
  };
}

async function allRuns(store: TrackingStore, experimentIds: string[] | undefined): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds, pageSize: PAGE, pageToken });
    runs.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}

async function fullHistory(store: TrackingStore, runId: string, key: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.getMetricHistory(runId, key, { pageSize: 25_000, pageToken });
    points.push(...page.items.map(({ step, value, timestamp }) => ({ step, value, timestamp })));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return points;
}

function when(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Names can hold anything a user typed: keep a table to one line per run. */
function oneLine(s: string): string {
  return [...s].map((c) => (c < ' ' || c === '\u007f' ? ' ' : c)).join('');
}

function textList(runs: RunSummary[]): string {
  if (runs.length === 0) return 'no runs\n';
  const rows = runs.map((r) => [
    r.id.slice(0, 12),
    oneLine(r.experiment),
    oneLine(r.name),
    r.status,
    when(r.startTime),
    Object.entries(r.metrics)
      .map(([k, v]) => `${oneLine(k)}=${Number.isInteger(v) ? v : v.toPrecision(4)}`)
      .join(' '),
  ]);
  const header = ['ID', 'EXPERIMENT', 'NAME', 'STATUS', 'STARTED', 'METRICS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return (
    [header, ...rows]
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function textShow(run: Run, history: Record<string, HistoryPoint[]>): string {
  const lines = [
    `run ${run.id}  ${oneLine(run.name)}`,
    `experiment ${oneLine(run.experiment)}  status ${run.status}  started ${when(run.startTime)}  ended ${when(run.endTime)}`,
    `git ${run.git ? `${run.git.commit.slice(0, 12)} ${run.git.branch ?? '(detached)'}${run.git.dirty ? ' dirty' : ''}` : '-'}`,
    ...Object.entries(run.params).map(([k, v]) => `param  ${oneLine(k)} = ${oneLine(v)}`),
    ...Object.entries(run.metrics).map(([k, v]) => `metric ${oneLine(k)} = ${v}  (${history[k]?.length ?? 0} points)`),
    ...run.stages.map(
      (s) => `stage  ${oneLine(s.name)} ${s.status}${s.durationMs === null ? '' : ` ${s.durationMs} ms`}`,
    ),
    ...run.outputs.map((o) => `output ${oneLine(o.path)} ${o.md5}`),
  ];
  return lines.join('\n') + '\n';
}

export const runs: Command = async (argv, io: CliIO) => {
  const [sub, ...rest] = argv;
  if (sub === 'log') return runsLog(rest, io);
  if (sub !== 'list' && sub !== 'show') {
    if (sub === '--help' || sub === '-h') {
      io.stderr(USAGE);
      return 0;
    }
    io.stderr(
      `mlops runs: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`} (use list, show or log)\n\n${USAGE}`,
    );
    return 2;
  }
  const args = parseCommandArgs(
    rest,
    {
      command: `mlops runs ${sub}`,
      usage: USAGE,
      flags: ['json'],
      options:
        sub === 'list'
          ? { experiment: { placeholder: 'NAME' }, 'tracking-uri': { placeholder: 'URI' } }
          : { 'tracking-uri': { placeholder: 'URI' } },
      positionals: sub === 'list' ? { max: 0 } : { min: 1, max: 1 },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const json = args.flags.has('json');
  try {
    const store = openTrackingStore(resolveBackend(args.options['tracking-uri'], io));
    if (sub === 'list') {
      const name = (args.options as { experiment?: string }).experiment;
      let experimentIds: string[] | undefined;
      if (name !== undefined) {
        const exp = await store.getExperimentByName(name);
        if (!exp) {
          const known = (await store.listExperiments()).map((e) => e.name);
          io.stderr(
            `mlops runs list: no experiment '${name}' in ${store.location} (experiments: ${known.join(', ') || 'none'})\n`,
          );
          return 1;
        }
        experimentIds = [exp.id];
      }
      const found = await allRuns(store, experimentIds);
      io.stdout(json ? toJson({ runs: found.map(listed) }) : textList(found));
      return 0;
    }
    const runId = args.positionals[0]!;
    const run = await store.getRun(runId);
    if (!run) {
      io.stderr(`mlops runs show: no run '${runId}' in ${store.location} — list runs with: mlops runs list\n`);
      return 1;
    }
    const history: Record<string, HistoryPoint[]> = {};
    for (const key of Object.keys(run.metrics)) history[key] = await fullHistory(store, run.id, key);
    io.stdout(
      json ? toJson({ ...listed(run), stages: run.stages, outputs: run.outputs, history }) : textShow(run, history),
    );
    return 0;
  } catch (err) {
    return reportFailure(`mlops runs ${sub}`, err, io);
  }
};
