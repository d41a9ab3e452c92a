// `mlops check [--run ID | --workspace] [--against REF] [--format text|json|github|md]`: the quality gate
// (core/checks) on a run or the workspace's metrics files; exit 1 when an error-severity rule fails.
import { appendFileSync } from 'node:fs';
import {
  type CheckReport,
  checkCandidate,
  checksMarkdown,
  type GateCandidate,
  parseCheckRules,
  runCandidate,
  verdict,
  workspaceMetrics,
} from '../core/checks';
import type { TrackingStore } from '../core/tracking/types';
import { parseCommandArgs } from './args';
import { openRegistry, openTrackingStore, reportFailure, resolveBackend, toJson, TRACKING_URI_HELP } from './backend';
import { loadConfigBlock } from './config';
import { escapeData, escapeProperty } from './format-github';
import type { CliIO, Command } from './io';

const USAGE = `usage: mlops check [--run ID | --workspace] [--against REF] [--experiment NAME]
                   [--format text|json|github|md] [--tracking-uri URI]

  Checks the rules in .mlops.json "checks" (e.g. {"metric": "accuracy", "min": 0.85} or
  {"metric": "loss", "max_increase": 0.01, "against": "prod"}) on a run's metrics.
  --run ID           the run to check (default: the newest finished run of --experiment, or of any)
  --workspace        check the metrics files of the workspace's dvc.yaml instead of a run
  --against REF      baseline for every relative rule: a registry stage or alias (prod, churn#prod),
                     a git revision (main, HEAD~1), or best / best:EXPERIMENT
  --experiment NAME  where the newest run is taken from, and what best means (default: the run's own)
  --format FORMAT    text (default), json ({"checks":[…],"passed"}), github (annotations, and the table
                     appended to $GITHUB_STEP_SUMMARY) or md
  ${TRACKING_URI_HELP}
`;

export const check: Command = async (argv: string[], io: CliIO): Promise<number> => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops check',
      usage: USAGE,
      flags: ['workspace'],
      options: {
        run: { placeholder: 'ID' },
        against: { placeholder: 'REF' },
        experiment: { placeholder: 'NAME' },
        format: { values: ['text', 'json', 'github', 'md'] as const },
        'tracking-uri': { placeholder: 'URI' },
      },
    },
    io,
  );
  if (typeof args === 'number') return args;
  if (args.options.run !== undefined && args.flags.has('workspace')) {
    io.stderr(`mlops check: give --run ID or --workspace, not both\n\n${USAGE}`);
    return 2;
  }
  const parsed = loadConfigBlock(io, 'mlops check', 'checks', parseCheckRules);
  if (typeof parsed === 'number') return parsed;
  if (parsed.length === 0) {
    io.stderr(
      'mlops check: no rules: add "checks" to .mlops.json, e.g. {"checks": [{"metric": "accuracy", "min": 0.85}]}\n',
    );
    return 2;
  }
  const backend = resolveBackend(args.options['tracking-uri'], io);
  try {
    const store = openTrackingStore(backend);
    const candidate = await pickCandidate(
      store,
      args.options.run,
      args.flags.has('workspace'),
      args.options.experiment,
      io.cwd,
    );
    if (typeof candidate === 'string') {
      io.stderr(`mlops check: ${candidate}\n`);
      return 1;
    }
    const report = await checkCandidate(parsed, candidate, {
      store,
      openRegistry: () => openRegistry(backend, io.cwd),
      cwd: io.cwd,
      against: args.options.against,
      experiment: args.options.experiment,
    });
    const format = args.options.format ?? 'text';
    if (format === 'json') io.stdout(toJson(report));
    else if (format === 'md') io.stdout(checksMarkdown(report));
    else if (format === 'github') {
      io.stdout(githubAnnotations(report));
      const summary = io.env.GITHUB_STEP_SUMMARY;
      if (summary) appendFileSync(summary, `${checksMarkdown(report)}\n`);
    } else io.stdout(checksText(report));
    return report.passed ? 0 : 1;
  } catch (err) {
    return reportFailure('mlops check', err, io);
  }
};

async function pickCandidate(
  store: TrackingStore,
  runId: string | undefined,
  workspace: boolean,
  experiment: string | undefined,
  cwd: string,
): Promise<GateCandidate | string> {
  if (workspace) return { label: 'workspace', metrics: workspaceMetrics(cwd), experiment: experiment ?? 'Default' };
  if (runId !== undefined) {
    const r = await store.getRun(runId);
    if (!r) return `no run '${runId}' in ${store.location} (list runs with \`mlops runs list\`)`;
    return runCandidate(r);
  }
  const exp = experiment === undefined ? undefined : await store.getExperimentByName(experiment);
  if (experiment !== undefined && !exp) return `no experiment '${experiment}' in ${store.location}`;
  const page = await store.searchRuns({
    experimentIds: exp ? [exp.id] : undefined,
    filter: { statuses: ['FINISHED'] },
    pageSize: 1,
  });
  const newest = page.items[0];
  if (!newest) return `no finished run to check in ${store.location}; run the pipeline, or check --workspace`;
  return runCandidate(newest);
}

function checksText(report: CheckReport): string {
  const lines = report.checks.map((c) => `${verdict(c).padEnd(10)} ${c.rule}: ${c.message}`);
  const failed = report.checks.filter((c) => !c.passed).length;
  return `${[`Quality gate for ${report.candidate}:`, ...lines, '', report.passed ? `PASSED (${failed} warnings)` : 'FAILED'].join('\n')}\n`;
}

function githubAnnotations(report: CheckReport): string {
  const lines = report.checks
    .filter((c) => !c.passed)
    .map(
      (c) =>
        `::${c.severity === 'error' ? 'error' : 'warning'} title=${escapeProperty(`mlops check: ${c.rule}`)}::${escapeData(c.message)}`,
    );
  lines.push(
    `::notice title=mlops check::${escapeData(`Quality gate ${report.passed ? 'passed' : 'failed'} for ${report.candidate}`)}`,
  );
  return `${lines.join('\n')}\n`;
}
