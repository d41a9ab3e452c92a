// The report as Markdown, for a pull request comment (`gh pr comment --body-file`) or a job summary.
// Plots are referenced as SVG files written beside the report (GitHub strips inline SVG and data: URIs).
import { checksMarkdown } from '../checks/markdown';
import type { DiffRow, ReportModel } from './model';

const value = (v: string | number | null): string =>
  v === null ? '–' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: readonly DiffRow[], withChange: boolean): string[] {
  if (rows.length === 0) return ['_none_', ''];
  const head = withChange
    ? '| | baseline | candidate | change |\n|---|---|---|---|'
    : '| | baseline | candidate |\n|---|---|---|';
  return [
    head,
    ...rows.map((r) => {
      const change = r.change === null ? '' : `${r.change > 0 ? '+' : ''}${value(r.change)}`;
      const cells = [r.key, value(r.baseline), value(r.candidate), ...(withChange ? [change] : [])];
      const changed = r.baseline !== r.candidate;
      return `| ${cells.map((c, i) => (i === 0 && changed ? `**${cell(c)}**` : cell(c))).join(' | ')} |`;
    }),
    '',
  ];
}

/** `plotFiles`: the SVG file (relative to the report) written for each plot id. */
export function renderMarkdown(model: ReportModel, plotFiles: ReadonlyMap<string, string>): string {
  const lines = [`## ${model.title}`, ''];
  lines.push(
    `Candidate: **${model.candidate.label}**${model.candidate.git ? ` at \`${model.candidate.git.commit.slice(0, 7)}\`` : ''}`,
  );
  lines.push(`Baseline: ${model.baseline ? `**${model.baseline.label}**` : (model.baselineNote ?? 'none')}`, '');
  if (model.gate) lines.push(checksMarkdown(model.gate).replace(/^### /, '### '), '');
  lines.push('### Metrics', '', ...table(model.metrics, true), '### Params', '', ...table(model.params, false));
  if (model.plots.length > 0) {
    lines.push('### Plots', '');
    for (const plot of model.plots) {
      const file = plotFiles.get(plot.id);
      lines.push(
        file ? `![${cell(plot.id)}](${file})` : `- ${plot.id} (write the report with -o FILE to include the chart)`,
      );
    }
    lines.push('');
  }
  lines.push('### Lineage', '');
  const { git, outputs } = model.candidate;
  if (git)
    lines.push(
      `- commit \`${git.commit}\`${git.branch ? ` on ${git.branch}` : ''}${git.dirty ? ' (uncommitted changes)' : ''}`,
    );
  for (const o of outputs)
    lines.push(`- output \`${o.path}\` md5 \`${o.md5}\`${o.stage ? ` from stage ${o.stage}` : ''}`);
  for (const { model: name, version } of model.lineage) {
    const stages = [...version.stages, ...version.aliases];
    lines.push(
      `- model **${name} ${version.version}**${stages.length > 0 ? ` (${stages.join(', ')})` : ''} from run \`${version.runId ?? '–'}\`${version.path ? `, \`${version.path}\`` : ''}`,
    );
  }
  if (!git && outputs.length === 0 && model.lineage.length === 0)
    lines.push('_no commit, outputs or registered versions recorded_');
  lines.push('');
  return lines.join('\n');
}
