// How a run reads in the Experiments tree: its label, description (key metrics), tooltip and icon.
// Pure (no vscode import) so it is unit-tested; every string from a run passes through `plain`.
import type { RunStatus, RunSummary } from '../../core/tracking/types';

/** Control characters would garble a tree row: they become U+FFFD; newlines become spaces. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** Markdown-escapes text so a tooltip shows it literally (no links, no HTML, no emphasis). */
export function markdownText(text: string): string {
  return plain(text).replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** The pinned metrics the run has, else its first three (alphabetically). */
export function keyMetrics(run: RunSummary, pinned: readonly string[]): [string, number][] {
  const names = pinned.filter((k) => k in run.metrics);
  const chosen = names.length > 0 ? names : Object.keys(run.metrics).sort().slice(0, 3);
  return chosen.map((k) => [k, run.metrics[k] as number]);
}

export function relativeTime(then: number, now: number): string {
  const s = Math.round((now - then) / 1000);
  if (s < 45) return 'just now';
  const units: [number, string][] = [
    [60, 'min'],
    [3600, 'h'],
    [86400, 'd'],
    [86400 * 30, 'mo'],
    [86400 * 365, 'y'],
  ];
  let chosen: [number, string] = units[0] as [number, string];
  for (const u of units) if (s >= u[0]) chosen = u;
  return `${Math.floor(s / chosen[0])} ${chosen[1]} ago`;
}

export function runDescription(run: RunSummary, pinned: readonly string[], now: number): string {
  const metrics = keyMetrics(run, pinned).map(([k, v]) => `${plain(k)}=${formatMetric(v)}`);
  return [...metrics, relativeTime(run.startTime, now)].join('  ');
}

export function duration(run: RunSummary, now: number): string {
  const ms = (run.endTime ?? now) - run.startTime;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return min < 60 ? `${min} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** Tooltip as escaped Markdown: status, duration, commit, params and metrics. */
export function runTooltip(run: RunSummary, now: number): string {
  const lines = [
    `**${markdownText(run.name)}** — ${run.status}`,
    '',
    `${markdownText(run.experiment)} · ${duration(run, now)} · ${new Date(run.startTime).toISOString()}`,
  ];
  if (run.git)
    lines.push(
      '',
      `commit \`${run.git.commit.slice(0, 10)}\`${run.git.branch ? ` on ${markdownText(run.git.branch)}` : ''}${run.git.dirty ? ' (uncommitted changes)' : ''}`,
    );
  const table = (title: string, entries: [string, string][]): void => {
    if (entries.length === 0) return;
    lines.push('', `**${title}**`, '');
    for (const [k, v] of entries) lines.push(`- ${markdownText(k)}: ${markdownText(v)}`);
  };
  table(
    'Metrics',
    Object.entries(run.metrics)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, formatMetric(v)]),
  );
  table(
    'Params',
    Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b)),
  );
  return lines.join('\n');
}

/** Codicon and theme colour per status; RUNNING spins. */
export function statusIcon(status: RunStatus): { id: string; color?: string } {
  switch (status) {
    case 'RUNNING':
      return { id: 'sync~spin', color: 'charts.blue' };
    case 'FINISHED':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'FAILED':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'KILLED':
      return { id: 'circle-slash', color: 'disabledForeground' };
  }
}

/**
 * Whether a group of a sidebar tree (a baseline's experiments, a model's versions) starts open: only the first. At
 * ten baselines or thirty versions, every group open puts a hundred rows between the reader and the second group;
 * folded, the groups read as a list with counts, as VS Code's own trees start.
 */
export function startsOpen(index: number): boolean {
  return index === 0;
}
