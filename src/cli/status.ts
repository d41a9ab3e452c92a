// `mlops status [TARGET...] [-R] [--json]`: whether each stage is up to date, with the reasons, as DVC 3 decides it. Answered by
// the folder's status daemon when one runs (`mlops daemon start`), else computed here.
import * as path from 'node:path';
import { DirListings } from '../core/runner/dir-listings';
import { resolveTargets, stageAddress } from '../core/runner/targets';
import { expectsToHashAll, startHashWorkers, stopHashWorkers } from '../core/runner/hash';
import { HashCache } from '../core/runner/hash-cache';
import { type WorkspaceStatus, workspaceStatus } from '../core/runner/workspace-status';
import { blockingErrors, loadWorkspace, projectRoot, type StageNode, type Workspace } from '../core/runner/workspace';
import { parseCommandArgs } from './args';
import { askDaemon, type StatusReport } from './daemon-client';
import type { Command } from './io';

const USAGE = `usage: mlops status [TARGET...] [-R] [--json] [--no-daemon]

Shows every stage of the dvc.yaml and .dvc files of the DVC repository (else of the current folder), or the TARGETs,
as dvc status takes them from here: train, train@us, sub/dvc.yaml, ../dvc.yaml:train, an output path; -R: every
stage under a folder. Each is up-to-date, changed (with the reasons:
"dep changed: data/train.csv", "params changed: train.lr", "out missing: model.pkl", "cmd changed", ...),
never-run or frozen. Decided as DVC 3 decides it, from dvc.lock; file hashes are cached in .mlops/cache.
When \`mlops daemon start\` was run in this folder, its daemon answers from memory (the same answer).

  --json       {"stages":[{"name","file","status","reasons"}]} on stdout
  --no-daemon  compute here even when a daemon runs

Exit status: 0 shown, 2 usage error, unreadable dvc.lock, or an output .dvcignore ignores (DVC refuses it too).
`;

export const status: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops status',
      usage: USAGE,
      flags: ['json', 'no-daemon', 'recursive'],
      shortFlags: { R: 'recursive' },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const json = args.flags.has('json');
  const targets = { names: args.positionals, recursive: args.flags.has('recursive') };
  // The daemon answers for the whole folder; a status of some targets is computed here.
  const report =
    (targets.names.length === 0 && !args.flags.has('no-daemon') && (await askDaemon(io.cwd, { cwd: io.cwd, json }))) ||
    (await statusReport(io.cwd, json, undefined, targets)).report;
  io.stdout(report.stdout);
  io.stderr(report.stderr);
  return report.code;
};

/**
 * Computes the status of the workspace at `cwd` and renders it. `visited` receives the folders discovery
 * listed; the workspace is returned when it could be read (the daemon watches what it names).
 */
export async function statusReport(
  cwd: string,
  json: boolean,
  visited?: string[],
  targets: { names: readonly string[]; recursive: boolean } = { names: [], recursive: false },
): Promise<{ report: StatusReport; workspace: Workspace }> {
  // From a subfolder of a DVC repository, the whole repository, as `dvc status` shows it (named from here).
  // Discovery and hashing list the same data folders: once is enough in one pass.
  const listings = new DirListings();
  const root = projectRoot(cwd);
  const cache = HashCache.forWorkspace(root);
  // A first status here hashes every tracked byte: the hash workers boot on the other cores during discovery.
  if (expectsToHashAll(cache, root)) startHashWorkers();
  const ws = loadWorkspace(root, visited, listings);
  const chosen = targets.names.length > 0 ? resolveTargets(ws, cwd, targets.names, targets.recursive) : undefined;
  if (chosen && !chosen.ok)
    return { report: { stdout: '', stderr: `mlops status: ${chosen.message}\n`, code: 2 }, workspace: ws };
  let stderr = '';
  for (const e of blockingErrors(ws).slice(0, 5)) {
    stderr += `warning: ${path.relative(cwd, e.file)}:${e.diagnostic.range.start.line + 1}: ${e.diagnostic.message}\n`;
  }
  let status: WorkspaceStatus;
  try {
    status = await workspaceStatus(ws, { listings, cache, namesFrom: path.resolve(cwd) });
  } finally {
    stopHashWorkers();
    cache.save();
  }
  if (!status.ok)
    return { report: { stdout: '', stderr: `${stderr}mlops status: ${status.reason}\n`, code: 2 }, workspace: ws };
  // With targets, DVC lists each target's stages in turn.
  const shown = chosen ? chosen.ids.flatMap((id) => status.byId.get(id) ?? []) : status.stages;
  const rows = shown.map((s) => ({
    name: s.name,
    file: path.relative(cwd, s.file).split(path.sep).join('/'),
    status: s.status,
    reasons: s.reasons,
  }));
  if (json) return { report: { stdout: JSON.stringify({ stages: rows }) + '\n', stderr, code: 0 }, workspace: ws };
  if (rows.length === 0) stderr += 'no stages: no dvc.yaml with stages under this folder.\n';
  // The stage as DVC addresses it from here: `train`, `sub/dvc.yaml:train`, `../dvc.yaml:train`, `data/data.xml.dvc`.
  const labels = shown.map((s) => stageAddress(ws.nodes.get(s.id) as StageNode, cwd));
  const width = Math.max(0, ...labels.map((l) => l.length));
  const stdout = rows
    .map(
      (r, i) =>
        `${(labels[i] as string).padEnd(width)}  ${r.status}${r.reasons.length > 0 && r.status !== 'never-run' ? `: ${r.reasons.join('; ')}` : ''}\n`,
    )
    .join('');
  return { report: { stdout, stderr, code: 0 }, workspace: ws };
}
