// `plots diff` with git working beside it: the questions that choose the revisions and the listings of the git
// revisions likely to be compared are started first (revisions.ts, revisions/git-ahead.ts), the working copy is
// read while they run, and once its definitions name its data files, git is asked for the same files of each git
// revision, so they are there when the working copy is parsed. Then the revisions are read and assembled as
// collectPlots does (collect.ts), in the same order, with the same answers: only the waiting is gone.
import * as path from 'node:path';
import {
  assemblePlots,
  readRevision,
  readingOrder,
  revisionFailed,
  type PlotsResult,
  type RevisionFiles,
  type RevisionRead,
} from './collect';
import { diffReadsWorkspace, likelyDiffRevisions, plotsDiffRevisions } from './revisions';
import { WORKSPACE } from '../revisions/git-tree';
import { revisionAhead } from '../revisions/git-ahead';
import { revisionFiles, withCachedOutputs } from '../revisions/cached-outputs';

export interface DiffRequest {
  /** The repository folder (where dvc.yaml and .dvc/ are). */
  root: string;
  /** The revisions named on the command line (`plots diff [REV…]`). */
  given: readonly string[];
  targets?: readonly string[];
  writesJson?: boolean;
  /** The folder the command runs in: paths in DVC's messages are relative to it. Default: `root`. */
  cwd?: string;
}

/** The revisions compared, and their plots. */
export async function collectPlotsDiff(request: DiffRequest): Promise<{ revisions: string[]; result: PlotsResult }> {
  const root = path.resolve(request.root);
  const answer = plotsDiffRevisions(root, request.given);
  const ahead = new Map(likelyDiffRevisions(request.given).map((rev) => [rev, revisionAhead(root, rev)]));
  // Data files the revisions read so far: the next one most likely has them too (as collectPlots).
  const likely = new Set<string>();
  const noted = ({ data }: RevisionFiles): void => {
    for (const p of data) likely.add(p);
  };
  let workspace: RevisionRead | undefined;
  if (diffReadsWorkspace(request.given))
    workspace = readRevision(root, WORKSPACE, revisionFiles(root, WORKSPACE), request, {
      definitions: (files) => {
        noted(files);
        // A git revision most likely has the working copy's pipelines (locks and params beside them) and data files.
        const beside = files.pipelines.flatMap((p) => [
          p,
          path.join(path.dirname(p), 'dvc.lock'),
          path.join(path.dirname(p), 'params.yaml'),
        ]);
        for (const revision of ahead.values()) revision.prefetch([...beside, ...files.data]);
      },
    });
  const revisions = await answer;
  const reads: RevisionRead[] = [];
  for (const revision of readingOrder(revisions)) {
    if (revision === WORKSPACE && workspace) {
      reads.push(workspace);
      continue;
    }
    let tree: ReturnType<typeof revisionFiles>;
    try {
      const early = ahead.get(revision);
      ahead.delete(revision);
      tree = early ? withCachedOutputs(root, await early.tree()) : revisionFiles(root, revision);
    } catch (err) {
      reads.push(revisionFailed(revision, err));
      continue;
    }
    reads.push(readRevision(root, revision, tree, request, { likely: [...likely], definitions: noted }));
  }
  // Revisions listed for nothing (a clean working copy has no HEAD to compare): their git processes are stopped.
  for (const revision of ahead.values()) revision.cancel();
  return { revisions, result: assemblePlots(root, reads) };
}
