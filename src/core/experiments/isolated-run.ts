// One experiment run away from the working copy (`exp run --temp`, and each queued experiment in its
// worker process): its snapshot checked out in an isolated workspace, its params applied there, the
// pipeline run there (cached outputs saved to the repository's cache), the result committed as an
// experiment of its baseline, the workspace removed. The working copy is never written.
import * as path from 'node:path';
import { prepareIsolated } from '../executors/isolated-workspace';
import { gitInfo } from '../runner/git-info';
import { type RunOptions, runPipelines } from '../runner/run';
import { loadWorkspace } from '../runner/workspace';
import { commitExperiment } from './commit';
import { git, updateRef } from '../git';
import { applyParams } from './params-set';
import { expRefName, type ExpRef } from './refs';
import { dropSnapshot } from './snapshot';
import type { Point } from './sweeps';
import { experimentTags, type ExpRunOutcome } from './workspace-run';

/** Everything a worker needs to run one experiment; queued as JSON. */
export interface ExperimentTask {
  id: string;
  exp: ExpRef;
  /** Commit of baseline + uncommitted changes (snapshot.ts). */
  snapshot: string;
  /**
   * `false`: no ref keeps the snapshot alive (`--temp`, run at once by the process that took it: git prunes no
   * object that young), so none is deleted either. Otherwise refs/mlops/snapshots/<id> does, until it has run.
   */
  snapshotRef?: false;
  gitRoot: string;
  dvcRoot: string;
  /**
   * The working folder relative to dvcRoot ('/'-separated; none: dvcRoot), as DVC's executor keeps it (ExecutorInfo.wdir):
   * targets and `-S` files are read from there, the whole repository's pipelines loaded.
   */
  wdir?: string;
  changes: Point;
  /** As `dvc exp run` took them, relative to the working folder (core/runner/targets.ts selectTargets). */
  targets: string[];
  /** `-R` (and `-P`, the root as a folder target): a folder target is every dvc.yaml under it. */
  recursive?: true;
  /** Every stage runs, up to date or not, never from the run cache (`exp reproduce`). */
  force?: true;
  /** Tracking experiment the run is recorded in. */
  experiment?: string;
  /** `--no-run-cache`: its stages run even when the run cache holds a run with the same inputs. */
  runCache?: false;
  /** Where it was queued to run (`exp run --queue --executor …`, the form's "Run on"); none: the queue's setting. */
  runOn?: RunOn;
}

/**
 * An experiment's own executor, chosen when it was queued: this machine, or a Ray cluster by its dashboard
 * address (`data`: where its inputs not in git come from, as `--ray-data` takes it).
 */
export type RunOn = { kind: 'local' } | { kind: 'ray'; address: string; data?: string };

export type IsolatedRunOptions = Omit<
  RunOptions,
  | 'root'
  | 'cwd'
  | 'targets'
  | 'recursive'
  | 'runName'
  | 'tags'
  | 'workspace'
  | 'experiment'
  | 'hashCache'
  | 'placed'
  | 'gitInfo'
>;

export async function runIsolated(task: ExperimentTask, opts: IsolatedRunOptions): Promise<ExpRunOutcome> {
  // Git processes are most of what isolation costs beside the data's links: those that wait on nothing run
  // beside the rest — the git dir the commit needs, and the snapshot's ref once the workspace holds its files.
  const gitDir = git(task.gitRoot, ['rev-parse', '--git-common-dir']).then((d) => path.resolve(task.gitRoot, d.trim()));
  gitDir.catch(() => undefined);
  const drop = (): Promise<void> =>
    task.snapshotRef === false ? Promise.resolve() : dropSnapshot(task.gitRoot, task.id);
  let snapshotDropped: Promise<void> | undefined;
  const iso = await prepareIsolated({
    gitRoot: task.gitRoot,
    dvcRoot: task.dvcRoot,
    snapshot: task.snapshot,
    id: task.id,
  }).catch(async (err: unknown) => {
    await drop();
    throw err;
  });
  try {
    snapshotDropped = drop();
    // Asked now, it is answered while the data is put in place (a process waited for is most of what it costs).
    const facts = gitInfo(iso.root);
    facts.catch(() => undefined);
    const cwd = path.join(iso.root, task.wdir ?? '');
    // As DVC's stash holds them: the experiment's params are in place before its outputs are checked out.
    const applied = applyParams(cwd, task.changes);
    if (!applied.ok) return applied;
    // Loaded once for the checkout, the run and the commit: running a stage changes no dvc.yaml.
    const ws = loadWorkspace(iso.root);
    const placed = iso.linkOutputs(ws);
    const outcome = await runPipelines({
      ...opts,
      ...(task.runCache === false ? { runCache: false } : {}),
      ...(task.force ? { force: true } : {}),
      root: iso.root,
      workspace: ws,
      hashCache: iso.hashes,
      ...(placed ? { placed } : {}),
      gitInfo: facts,
      cwd,
      targets: task.targets,
      recursive: task.recursive === true,
      experiment: task.experiment,
      runName: task.exp.name,
      tags: experimentTags(task.exp),
    });
    if (!outcome.ok) return outcome;
    const ref = expRefName(task.exp);
    if (outcome.report.status !== 'FINISHED')
      return { ok: true, exp: task.exp, ref, report: outcome.report, commit: null };
    const commit = await commitExperiment({
      workTree: iso.dir,
      gitDir: await gitDir,
      baseline: task.exp.baseline,
      ws,
      runId: opts.store ? outcome.report.runId : undefined,
      scope: { wdir: task.wdir ?? '', targets: task.targets, recursive: task.recursive === true },
    });
    await updateRef(task.gitRoot, ref, commit, true);
    return { ok: true, exp: task.exp, ref, report: outcome.report, commit };
  } finally {
    iso.dispose();
    await snapshotDropped;
  }
}
