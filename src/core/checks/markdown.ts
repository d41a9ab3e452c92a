// The gate result as a Markdown table: what `mlops check --format md` prints, what `--format github`
// appends to GITHUB_STEP_SUMMARY and what `mlops report` embeds.
import type { CheckReport, CheckResult } from './evaluate';

const num = (x: number | null): string =>
  x === null ? '–' : Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function verdict(c: CheckResult): string {
  if (c.skipped) return '⏭️ skipped';
  if (c.passed) return '✅ pass';
  return c.severity === 'error' ? '❌ fail' : '⚠️ warn';
}

export function checksMarkdown(report: CheckReport): string {
  const failed = report.checks.filter((c) => !c.passed);
  const head = report.passed
    ? `### Quality gate: ✅ passed (${report.candidate})`
    : `### Quality gate: ❌ failed (${report.candidate})`;
  const lines = [
    head,
    '',
    failed.length > 0
      ? `${failed.length} of ${report.checks.length} checks failed.`
      : `${report.checks.length} checks passed.`,
    '',
    '| | rule | value | baseline | message |',
    '|---|---|---|---|---|',
    ...report.checks.map(
      (c) => `| ${verdict(c)} | ${cell(c.rule)} | ${num(c.value)} | ${num(c.baseline)} | ${cell(c.message)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
