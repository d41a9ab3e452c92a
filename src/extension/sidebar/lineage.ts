// A model version's lineage as Markdown: version → run → commit → params and metrics → data hashes.
// Pure; every value from a run or tag is escaped.
import type { ModelVersionInfo } from '../../core/registry/types';
import type { Run } from '../../core/tracking/types';
import { formatMetric, markdownText as md } from './run-presentation';

export function lineageMarkdown(model: string, v: ModelVersionInfo, run: Run | undefined): string {
  const out = [`# ${md(model)} ${md(v.version)}`, ''];
  const badges = [...v.stages.map((s) => `stage ${md(s)}`), ...v.aliases.map((a) => `alias ${md(a)}`)];
  out.push(`- Registered: ${new Date(v.createdAt).toISOString()}`, `- Assigned: ${badges.join(', ') || 'nothing yet'}`);
  out.push(`- Path: ${v.path ? `\`${md(v.path)}\`` : 'unknown'}`, `- md5: ${v.md5 ? `\`${md(v.md5)}\`` : 'unknown'}`);
  out.push(`- Commit: ${v.commit ? `\`${md(v.commit)}\`` : 'unknown'}`, '');
  if (!v.runId) {
    out.push('## Run', '', 'This version was registered from a path, not from a recorded run.');
    return out.join('\n') + '\n';
  }
  out.push('## Run', '');
  if (!run) {
    out.push(`Run \`${md(v.runId)}\` is not in the current tracking backend (deleted, or recorded elsewhere).`);
    return out.join('\n') + '\n';
  }
  out.push(`- ${md(run.name)} (\`${md(run.id)}\`), ${run.status}, experiment ${md(run.experiment)}`);
  if (run.git)
    out.push(
      `- Ran at commit \`${md(run.git.commit)}\`${run.git.branch ? ` on ${md(run.git.branch)}` : ''}${run.git.dirty ? ' with uncommitted changes' : ''}`,
    );
  const section = (title: string, rows: [string, string][]): void => {
    out.push('', `## ${title}`, '');
    if (rows.length === 0) out.push('None recorded.');
    else out.push('| name | value |', '| --- | --- |', ...rows.map(([k, val]) => `| ${md(k)} | ${md(val)} |`));
  };
  section(
    'Params',
    Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b)),
  );
  section(
    'Metrics',
    Object.entries(run.metrics)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, val]) => [k, formatMetric(val)]),
  );
  section(
    'Data and outputs',
    run.outputs.map((o) => [o.path, `${o.md5}${o.stage ? ` (stage ${o.stage})` : ''}`]),
  );
  return out.join('\n') + '\n';
}
