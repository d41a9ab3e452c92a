// How `mlops drift` prints a report for people: a plain table (text) or a Markdown table (md, for pull
// request comments and GITHUB_STEP_SUMMARY). Both list columns most severe first; JSON is the report itself.
import { bySeverity, type ColumnResult, decisive, type DriftReport } from '../core/drift';

const fmt = (x: number): string =>
  x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6) ? x.toFixed(4) : x.toExponential(3);

interface Row {
  column: string;
  type: string;
  test: string;
  statistic: string;
  pvalue: string;
  threshold: string;
  verdict: string;
}

function row(column: ColumnResult): Row {
  if (column.type === 'empty') {
    return {
      column: column.name,
      type: '-',
      test: '-',
      statistic: '-',
      pvalue: '-',
      threshold: '-',
      verdict: column.note,
    };
  }
  const test = decisive(column);
  const missing = column.missing.reference + column.missing.current;
  return {
    column: column.name,
    type: column.type,
    test: test.test,
    statistic: fmt(test.statistic),
    pvalue: test.pvalue === null ? '-' : fmt(test.pvalue),
    threshold: fmt(test.threshold),
    verdict:
      (column.drift ? 'DRIFT' : 'ok') +
      (missing > 0 ? ` (missing ${column.missing.reference}/${column.missing.current})` : ''),
  };
}

const HEAD: Row = {
  column: 'column',
  type: 'type',
  test: 'test',
  statistic: 'statistic',
  pvalue: 'p-value',
  threshold: 'threshold',
  verdict: 'verdict',
};

export function summaryLine(report: DriftReport): string {
  const tested = report.columns.filter((c) => c.type !== 'empty');
  const drifted = tested.filter((c) => c.drift).length;
  const verdict = report.drift ? 'Dataset drift detected' : 'No dataset drift';
  return `${verdict}: ${drifted} of ${tested.length} columns drifted (share ${report.share.toFixed(3)}, threshold ${report.shareThreshold})`;
}

function schemaLines(report: DriftReport): string[] {
  const lines: string[] = [];
  if (report.schema.onlyInReference.length > 0)
    lines.push(`Missing from current: ${report.schema.onlyInReference.join(', ')}`);
  if (report.schema.onlyInCurrent.length > 0) lines.push(`New in current: ${report.schema.onlyInCurrent.join(', ')}`);
  return lines;
}

export function formatDriftText(report: DriftReport): string {
  const rows = [HEAD, ...bySeverity(report.columns).map(row)];
  const keys = Object.keys(HEAD) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...rows.map((r) => r[k].length)));
  const lines = rows.map((r) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return [
    `${report.current.file} (${report.current.rows} rows) vs reference ${report.reference.file} (${report.reference.rows} rows)`,
    '',
    ...lines,
    '',
    summaryLine(report),
    ...schemaLines(report),
    '',
  ].join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function formatDriftMarkdown(report: DriftReport): string {
  const keys = Object.keys(HEAD) as (keyof Row)[];
  const lines = [
    `### Data drift: ${report.drift ? '⚠️ detected' : '✅ none'}`,
    '',
    summaryLine(report),
    '',
    `| ${keys.map((k) => HEAD[k]).join(' | ')} |`,
    `|${keys.map(() => '---').join('|')}|`,
    ...bySeverity(report.columns).map((c) => {
      const r = row(c);
      return `| ${keys.map((k) => cell(k === 'verdict' && c.drift ? `**${r[k]}**` : r[k])).join(' | ')} |`;
    }),
    ...schemaLines(report).map((l) => `\n${l}`),
    '',
  ];
  return lines.join('\n');
}
