// The report as one self-contained HTML page: the Markdown tables as HTML and the plots as inline SVG
// (renderPlotSvg). No script, no external resource.
import { escapeXml, renderPlotSvg } from '../plots/svg';
import { verdict } from '../checks/markdown';
import type { DiffRow, ReportModel } from './model';

const value = (v: string | number | null): string =>
  v === null ? '–' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;

function table(rows: readonly DiffRow[], withChange: boolean): string {
  if (rows.length === 0) return '<p><em>none</em></p>';
  const head = `<tr><th></th><th>baseline</th><th>candidate</th>${withChange ? '<th>change</th>' : ''}</tr>`;
  const body = rows
    .map((r) => {
      const change = r.change === null ? '' : `${r.change > 0 ? '+' : ''}${value(r.change)}`;
      const cls = r.baseline !== r.candidate ? ' class="changed"' : '';
      return `<tr${cls}><td>${escapeXml(r.key)}</td><td>${escapeXml(value(r.baseline))}</td><td>${escapeXml(value(r.candidate))}</td>${withChange ? `<td>${escapeXml(change)}</td>` : ''}</tr>`;
    })
    .join('');
  return `<table>${head}${body}</table>`;
}

export function renderHtml(model: ReportModel): string {
  const parts: string[] = [];
  parts.push(`<h1>${escapeXml(model.title)}</h1>`);
  parts.push(
    `<p>Candidate: <b>${escapeXml(model.candidate.label)}</b><br>Baseline: ${model.baseline ? `<b>${escapeXml(model.baseline.label)}</b>` : escapeXml(model.baselineNote ?? 'none')}</p>`,
  );
  if (model.gate) {
    const rows = model.gate.checks
      .map((c) => `<tr><td>${verdict(c)}</td><td>${escapeXml(c.rule)}</td><td>${escapeXml(c.message)}</td></tr>`)
      .join('');
    parts.push(`<h2>Quality gate: ${model.gate.passed ? '✅ passed' : '❌ failed'}</h2><table>${rows}</table>`);
  }
  parts.push('<h2>Metrics</h2>', table(model.metrics, true), '<h2>Params</h2>', table(model.params, false));
  if (model.plots.length > 0)
    parts.push('<h2>Plots</h2>', ...model.plots.map((p) => `<figure>${renderPlotSvg(p)}</figure>`));
  const lineage: string[] = [];
  const { git, outputs } = model.candidate;
  if (git)
    lineage.push(`commit <code>${escapeXml(git.commit)}</code>${git.branch ? ` on ${escapeXml(git.branch)}` : ''}`);
  for (const o of outputs)
    lineage.push(`output <code>${escapeXml(o.path)}</code> md5 <code>${escapeXml(o.md5)}</code>`);
  for (const { model: name, version } of model.lineage) {
    lineage.push(
      `model <b>${escapeXml(`${name} ${version.version}`)}</b> ${escapeXml([...version.stages, ...version.aliases].join(', '))}`,
    );
  }
  parts.push(
    '<h2>Lineage</h2>',
    lineage.length > 0
      ? `<ul>${lineage.map((l) => `<li>${l}</li>`).join('')}</ul>`
      : '<p><em>nothing recorded</em></p>',
  );
  const style =
    'body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}tr.changed td:first-child{font-weight:bold}figure{margin:1em 0}';
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${escapeXml(model.title)}</title><style>${style}</style></head><body>${parts.join('\n')}</body></html>\n`;
}
