// `mlops drift --reference FILE --current FILE`: per-column drift tests and the dataset verdict (core/drift).
// Settings come from the "drift" block of .mlops.json; --columns and --share override it for one call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compareFiles, DataFileError, type DriftReport, driftMetrics, parseDriftSettings } from '../core/drift';
import { parseCommandArgs } from './args';
import { toJson } from './backend';
import { loadConfigBlock } from './config';
import { formatDriftMarkdown, formatDriftText } from './drift-format';
import type { CliIO, Command } from './io';

const USAGE = `usage: mlops drift --reference FILE --current FILE [--columns A,B] [--share X]
                   [--format text|json|md] [--metrics-out FILE] [--fail-on-drift]

  Compares the current data with the reference, column by column: numeric columns with Kolmogorov–Smirnov,
  PSI over reference-quantile bins and normalised Wasserstein; categorical ones with chi-square, PSI and
  Jensen–Shannon. Files: .csv, .tsv, .jsonl, .parquet. Settings: "drift" in .mlops.json.
  --columns A,B      only these columns
  --share X          the dataset drifts when at least this share of columns drift (default 0.5)
  --format FORMAT    text (default), json ({"columns":[…],"share","drift"}) or md
  --metrics-out FILE also write drift_share, drift_detected and per-column scores as a JSON metrics file
  --fail-on-drift    exit 1 when the dataset drifts (default: exit 0 whatever the verdict)
`;

export const drift: Command = async (argv: string[], io: CliIO): Promise<number> => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops drift',
      usage: USAGE,
      flags: ['fail-on-drift'],
      options: {
        reference: { placeholder: 'FILE' },
        current: { placeholder: 'FILE' },
        columns: { placeholder: 'A,B' },
        share: { placeholder: 'X' },
        format: { values: ['text', 'json', 'md'] as const },
        'metrics-out': { placeholder: 'FILE' },
      },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const { reference, current } = args.options;
  if (!reference || !current) {
    io.stderr(`mlops drift: give both --reference FILE and --current FILE\n\n${USAGE}`);
    return 2;
  }
  const settings = loadConfigBlock(io, 'mlops drift', 'drift', parseDriftSettings);
  if (typeof settings === 'number') return settings;
  if (args.options.columns !== undefined) {
    settings.columns = args.options.columns
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  }
  if (args.options.share !== undefined) {
    const share = Number(args.options.share);
    if (!(share > 0 && share <= 1)) {
      io.stderr(`mlops drift: --share must be a number in (0, 1], not '${args.options.share}'\n`);
      return 2;
    }
    settings.share = share;
  }
  let report: DriftReport;
  try {
    ({ report } = await compareFiles(
      { path: resolve(io.cwd, reference), label: reference },
      { path: resolve(io.cwd, current), label: current },
      settings,
    ));
  } catch (err) {
    if (err instanceof DataFileError) {
      io.stderr(`mlops drift: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const metricsOut = args.options['metrics-out'];
  if (metricsOut !== undefined) {
    const target = resolve(io.cwd, metricsOut);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, toJson(driftMetrics(report)));
  }
  const format = args.options.format ?? 'text';
  io.stdout(
    format === 'json' ? toJson(report) : format === 'md' ? formatDriftMarkdown(report) : formatDriftText(report),
  );
  return report.drift && args.flags.has('fail-on-drift') ? 1 : 0;
};
