// The status of a workspace's stages, keyed by stage id (DVC's address: `train`, `sub/dvc.yaml:train`): the one
// entry point `mlops status`, its daemon, the editor's run service and the pipeline graph ask. It sets up hashing
// the one way (the workspace's persistent hash cache, saved after each pass; the DVC cache when the workspace is a
// DVC repository) and returns DVC's refusals as `{ ok: false, reason }`, as the runner does.
import type { DirListings } from './dir-listings';
import { DvcCache } from './dvc-cache';
import { dvcListingRank } from './dvc-order';
import { Hasher } from './hash';
import { HashCache } from './hash-cache';
import { pipelinesStatus, type StageStatus } from './status';
import { trackedOutputs, type TrackedStatus } from './tracked-data';
import type { VerifiedHashes } from './verified-hashes';
import type { Workspace } from './workspace';

/** A stage's status with its id. */
export interface StageStatusById extends StageStatus {
  id: string;
}

export type WorkspaceStatus =
  | {
      ok: true;
      /** In the order `dvc status` lists them (dvc-order.ts). */
      stages: StageStatusById[];
      /** The same, by id, in the graph's run order (stages on a cycle last). */
      byId: ReadonlyMap<string, StageStatusById>;
      /**
       * Each output of the workspace's `.dvc` files (data tracked with `dvc add`) with its state, in file order,
       * as their stages' statuses found them (the editor shows them on the files; `mlops status` lists stages only).
       */
      tracked: TrackedStatus[];
    }
  | { ok: false; reason: string };

/**
 * `listings`: the folder listings loadWorkspace made in the same pass (dir-listings.ts), read again otherwise;
 * `verified`: a long-lived host's hashes it has seen no change to since (verified-hashes.ts); `cache`: that host's
 * hash cache of the workspace, kept in memory across passes and saved by the host (else read and saved here);
 * `namesFrom`: the folder reasons name paths from (the working folder, as DVC; default the workspace's root).
 */
export async function workspaceStatus(
  ws: Workspace,
  options: { listings?: DirListings; verified?: VerifiedHashes; cache?: HashCache; namesFrom?: string } = {},
): Promise<WorkspaceStatus> {
  const cache = options.cache ?? HashCache.forWorkspace(ws.root);
  const verified = options.verified?.beginPass();
  try {
    const dvc = DvcCache.find(ws.root);
    const hasher = new Hasher(cache, dvc?.repoRoot, { listings: options.listings, verified });
    const ctx = { hasher, dvc, namesFrom: options.namesFrom ?? ws.root };
    const outcome = await pipelinesStatus(ctx, ws.pipelines);
    if (!outcome.ok) return outcome;
    const idOf = new Map<string, string>();
    for (const [id, n] of ws.nodes) idOf.set(key(n.pipeline.file, n.stage.name), id);
    const rank = dvcListingRank(ws);
    const stages = outcome.stages
      .map((s) => ({ ...s, id: idOf.get(key(s.file, s.name)) ?? s.name }))
      .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    const byStageId = new Map(stages.map((s) => [s.id, s]));
    const byId = new Map<string, StageStatusById>();
    for (const id of [...ws.graph.order, ...byStageId.keys()]) {
      const s = byStageId.get(id);
      if (s && !byId.has(id)) byId.set(id, s);
    }
    return { ok: true, stages, byId, tracked: trackedOutputs(stages, ws.dvcFiles) };
  } finally {
    verified?.end();
    if (!options.cache) cache.save();
  }
}

const key = (file: string, name: string): string => `${file}\0${name}`;
