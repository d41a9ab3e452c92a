// `mlops alerts check [--tracking-uri URI] [--json]`: evaluates the "alerts" of .mlops.json on the newest
// runs of the experiments production jobs log to (core/monitoring); exit 1 when one fires, for cron and CI.
import { evaluateAlerts, parseAlertRules } from '../core/monitoring';
import { parseCommandArgs } from './args';
import { openTrackingStore, reportFailure, resolveBackend, toJson, TRACKING_URI_HELP } from './backend';
import { loadConfigBlock } from './config';
import type { CliIO, Command } from './io';

const USAGE = `usage: mlops alerts check [--tracking-uri URI] [--json]

  Evaluates the rules in .mlops.json "alerts", e.g.
    {"alerts": [{"name": "accuracy drop", "experiment": "monitoring", "metric": "accuracy", "below": 0.8},
                {"experiment": "monitoring", "metric": "loss", "increasing": 3},
                {"experiment": "monitoring", "drift": true}]}
  on the newest finished runs of each experiment. Exit 1 when an alert fires.
  --json   {"alerts":[{"name","experiment","metric","value","run","fired","message"}],"fired"} on stdout
  ${TRACKING_URI_HELP}
`;

export const alerts: Command = async (argv: string[], io: CliIO): Promise<number> => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops alerts',
      usage: USAGE,
      flags: ['json'],
      options: { 'tracking-uri': { placeholder: 'URI' } },
      positionals: { min: 1, max: 1 },
    },
    io,
  );
  if (typeof args === 'number') return args;
  if (args.positionals[0] !== 'check') {
    io.stderr(`mlops alerts: unknown subcommand '${args.positionals[0]}'; use: mlops alerts check\n\n${USAGE}`);
    return 2;
  }
  const parsed = loadConfigBlock(io, 'mlops alerts', 'alerts', parseAlertRules);
  if (typeof parsed === 'number') return parsed;
  if (parsed.length === 0) {
    io.stderr('mlops alerts: no rules: add "alerts" to .mlops.json (see mlops alerts --help)\n');
    return 2;
  }
  try {
    const report = await evaluateAlerts(openTrackingStore(resolveBackend(args.options['tracking-uri'], io)), parsed);
    if (args.flags.has('json')) io.stdout(toJson(report));
    else {
      const lines = report.alerts.map((a) => `${a.fired ? 'FIRING' : 'ok    '}  ${a.name}: ${a.message}`);
      io.stdout(`${lines.join('\n')}\n`);
    }
    return report.fired ? 1 : 0;
  } catch (err) {
    return reportFailure('mlops alerts', err, io);
  }
};
