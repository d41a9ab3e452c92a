// The commit that is an experiment, made as DVC's executor makes it (dvc/repo/experiments/executor/base.py,
// `_repro_and_track` + `commit`): the baseline's tree, plus every tracked file changed in the workspace
// (`git add --update`), plus each stage's files — its dvc.yaml and dvc.lock, its params files, its deps
// that git may hold (not produced by a stage, not ignored) and its uncached outputs (metrics, plots) —
// plus top-level metrics and params files. Cached outputs are gitignored and live in the DVC cache.
// Built in a private index, so the user's index and working copy are never touched.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pythonJson } from '../pipeline/python-json';
import { lockPathFor, readLock } from '../runner/lock';
import { paramsRequests } from '../runner/params';
import { stageWdir } from '../runner/status';
import type { Workspace } from '../runner/workspace';
import { commitTree, git, withTempIndex } from '../git';
import { topLevelFiles } from './pipeline-files';
import { type ExperimentScope, scopeTrailer } from './scope';

export interface CommitRequest {
  /** The folder git runs in (the repository's top folder, or a workspace laid out like it). */
  workTree: string;
  /** The repository's git dir, when `workTree` is an isolated workspace outside it. */
  gitDir?: string;
  baseline: string;
  /** The pipelines as loaded from `workTree`. */
  ws: Workspace;
  /** Recorded in the message body so our listing finds the tracked run without asking the store. */
  runId?: string;
  /** What the experiment ran, recorded in the message body so that it can be run again as it was (scope.ts). */
  scope: ExperimentScope;
}

/** Writes the experiment commit (no ref yet) and returns its id. */
export async function commitExperiment(req: CommitRequest): Promise<string> {
  const env = req.gitDir ? { gitDir: req.gitDir } : {};
  return withTempIndex(async (index) => {
    const run = (args: string[], input?: string): Promise<string> => git(req.workTree, args, { ...env, index, input });
    const candidates = stagePaths(req.workTree, req.ws);
    // Reads .gitignore files, not the index (--no-index): asked beside the index's first two steps.
    const checked = run(['check-ignore', '--no-index', '--stdin', '-z'], candidates.join('\0')).catch(() => '');
    await run(['read-tree', req.baseline]);
    await run(['add', '--update', '--', '.']);
    const ignored = new Set((await checked).split('\0').filter(Boolean));
    const keep = candidates.filter((p) => !ignored.has(p));
    // Paths that do not exist (an output a stage did not write) are left out rather than failing the add.
    const existing = keep.filter((p) => fs.existsSync(path.join(req.workTree, p)));
    if (existing.length > 0)
      await run(['add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'], existing.join('\0'));
    const tree = (await run(['write-tree'])).trim();
    const trailers = [...(req.runId ? [`mlops-run: ${req.runId}`] : []), scopeTrailer(req.scope)];
    const message = `dvc: commit experiment ${expHash(req.ws)}\n\n${trailers.join('\n')}`;
    return commitTree(req.workTree, tree, req.baseline, message, env);
  });
}

/** The files DVC stages for each stage, relative to `workTree` with '/' separators. */
function stagePaths(workTree: string, ws: Workspace): string[] {
  const produced = new Set<string>();
  for (const n of ws.nodes.values())
    for (const o of n.stage.outs) produced.add(path.resolve(stageWdir(n.pipeline, n.stage), o.path.value));
  const out = new Set<string>();
  const add = (abs: string): void => {
    const rel = path.relative(workTree, abs);
    if (rel !== '' && !rel.startsWith('..')) out.add(rel.split(path.sep).join('/'));
  };
  for (const p of ws.pipelines) {
    add(p.file);
    add(lockPathFor(p.file));
    for (const f of topLevelFiles(p.file)) add(path.resolve(p.dir, f));
  }
  for (const n of ws.nodes.values()) {
    const wdir = stageWdir(n.pipeline, n.stage);
    for (const r of paramsRequests(n.stage, wdir)) add(r.abs);
    for (const d of n.stage.deps) {
      const abs = path.resolve(wdir, d.value);
      if (!produced.has(abs) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(d.value)) add(abs);
    }
    for (const o of n.stage.outs) if (!o.cache) add(path.resolve(wdir, o.path.value));
  }
  return [...out].sort();
}

/** DVC's experiment hash recipe: sha256 of the stages' lock entries as sorted JSON. */
function expHash(ws: Workspace): string {
  const stages: Record<string, unknown> = {};
  for (const p of ws.pipelines) {
    const read = readLock(lockPathFor(p.file));
    if (read.ok) Object.assign(stages, read.lock.stages);
  }
  return createHash('sha256')
    .update(pythonJson(stages, { sortKeys: true }))
    .digest('hex');
}
