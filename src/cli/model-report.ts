// `mlops report [--run ID] [--against REF] [--format md|html] [-o FILE]`: the candidate run against its
// baseline — params and metrics diffs, the quality gate, plots, lineage (core/report) — for a pull request
// comment (md) or a page (html). With -o, Markdown's plots are written as SVG files beside the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCheckRules } from '../core/checks';
import { renderPlotSvg } from '../core/plots/svg';
import { buildReport, renderHtml, renderMarkdown } from '../core/report';
import { parseCommandArgs } from './args';
import { openRegistry, openTrackingStore, reportFailure, resolveBackend, TRACKING_URI_HELP } from './backend';
import { loadConfigBlock } from './config';
import type { CliIO, Command } from './io';

const USAGE = `usage: mlops report [--run ID] [--against REF] [--format md|html] [-o FILE] [--tracking-uri URI]

  A report of a run (default: the newest finished one) against a baseline: params and metrics side by side
  with their change, the quality gate of .mlops.json "checks", the plots, and the model's lineage.
  --against REF   a registry stage or alias, a git revision, or best (default: the gate's first baseline)
  --format FORMAT md (default; for a pull request comment) or html (one page, plots inline)
  -o, --out FILE  write it there (md: plots as SVG files in FILE's folder); default stdout
  ${TRACKING_URI_HELP}
`;

export const report: Command = async (argv: string[], io: CliIO): Promise<number> => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops report',
      usage: USAGE,
      options: {
        run: { placeholder: 'ID' },
        against: { placeholder: 'REF' },
        format: { values: ['md', 'html'] as const },
        out: { placeholder: 'FILE', short: 'o' },
        'tracking-uri': { placeholder: 'URI' },
      },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const rules = loadConfigBlock(io, 'mlops report', 'checks', parseCheckRules);
  if (typeof rules === 'number') return rules;
  const backend = resolveBackend(args.options['tracking-uri'], io);
  try {
    const model = await buildReport({
      store: openTrackingStore(backend),
      openRegistry: () => openRegistry(backend, io.cwd),
      cwd: io.cwd,
      runId: args.options.run,
      against: args.options.against,
      rules,
    });
    if ('error' in model) {
      io.stderr(`mlops report: ${model.error}\n`);
      return 1;
    }
    const out = args.options.out === undefined ? undefined : path.resolve(io.cwd, args.options.out);
    let text: string;
    if (args.options.format === 'html') text = renderHtml(model);
    else {
      const files = new Map<string, string>();
      if (out) {
        const folder = `${path.basename(out, path.extname(out))}_plots`;
        mkdirSync(path.join(path.dirname(out), folder), { recursive: true });
        model.plots.forEach((plot, i) => {
          const name = `${folder}/${i + 1}-${plot.id.replace(/[^\w.-]+/g, '_').slice(0, 80)}.svg`;
          writeFileSync(path.join(path.dirname(out), name), renderPlotSvg(plot));
          files.set(plot.id, name);
        });
      }
      text = renderMarkdown(model, files);
    }
    if (out) {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, text);
      io.stderr(`mlops report: wrote ${path.relative(io.cwd, out) || out}\n`);
    } else io.stdout(text);
    return 0;
  } catch (err) {
    return reportFailure('mlops report', err, io);
  }
};
