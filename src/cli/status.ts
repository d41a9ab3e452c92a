// `mlops status [--json]`: whether each stage is up to date, with the reasons, as DVC 3 decides it.
import * as path from 'node:path';
import { Hasher } from '../core/runner/hash';
import { HashCache } from '../core/runner/hash-cache';
import { DvcCache } from '../core/runner/dvc-cache';
import { pipelinesStatus } from '../core/runner/status';
import { blockingErrors, loadWorkspace } from '../core/runner/workspace';
import { parseCommandArgs } from './args';
import type { Command } from './io';

const USAGE = `usage: mlops status [--json]

Shows every stage of the dvc.yaml files under the current folder: up-to-date, changed (with the reasons:
"dep changed: data/train.csv", "params changed: train.lr", "out missing: model.pkl", "cmd changed", ...),
never-run or frozen. Decided as DVC 3 decides it, from dvc.lock; file hashes are cached in .mlops/cache.

  --json  {"stages":[{"name","file","status","reasons"}]} on stdout

Exit status: 0 shown, 2 usage error or unreadable dvc.lock.
`;

export const status: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { command: 'mlops status', usage: USAGE, flags: ['json'] }, io);
  if (typeof args === 'number') return args;
  const ws = loadWorkspace(io.cwd);
  for (const e of blockingErrors(ws).slice(0, 5)) {
    io.stderr(`warning: ${path.relative(io.cwd, e.file)}:${e.diagnostic.range.start.line + 1}: ${e.diagnostic.message}\n`);
  }
  const cache = HashCache.forWorkspace(ws.root);
  let stages;
  try {
    stages = await pipelinesStatus({ hasher: new Hasher(cache), dvc: DvcCache.find(ws.root) }, ws.pipelines);
  } catch (err) {
    io.stderr(`mlops status: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  } finally {
    cache.save();
  }
  const rows = stages.map((s) => ({ name: s.name, file: path.relative(io.cwd, s.file).split(path.sep).join('/'), status: s.status, reasons: s.reasons }));
  if (args.flags.has('json')) {
    io.stdout(JSON.stringify({ stages: rows }) + '\n');
    return 0;
  }
  if (rows.length === 0) io.stderr('no stages: no dvc.yaml with stages under this folder.\n');
  const width = Math.max(0, ...rows.map((r) => label(r).length));
  for (const r of rows) {
    io.stdout(`${label(r).padEnd(width)}  ${r.status}${r.reasons.length > 0 && r.status !== 'never-run' ? `: ${r.reasons.join('; ')}` : ''}\n`);
  }
  return 0;
};

function label(r: { name: string; file: string }): string {
  return r.file === 'dvc.yaml' ? r.name : `${r.file}:${r.name}`;
}
