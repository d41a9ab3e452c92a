// What the pipeline graph panel is sent, computed without vscode: the stages of a workspace as nodes
// (DVC's addresses), laid out by the core, and each stage's status as the Pipeline view shows it.
import * as path from 'node:path';
import { layoutDag, type DagLayout } from '../../core/pipeline/dag-layout';
import type { Workspace } from '../../core/runner/workspace';
import {
  dagNodeMetrics,
  dagNodeWidth,
  type DagNodeInfo,
  type DagStageStatus,
  type DagStatus,
} from '../../webview/contract';

export interface DagGraph {
  nodes: DagNodeInfo[];
  layout: DagLayout;
  /** Equal signatures = same stages and edges: the drawing can stay and only statuses change. */
  signature: string;
}

export function dagGraph(ws: Workspace): DagGraph {
  const ids = [...ws.nodes.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = ids.flatMap((id) =>
    (ws.graph.upstream.get(id) ?? []).map((up) => ({ from: index.get(up) as number, to: index.get(id) as number })),
  );
  const nodes = ids.map((id) => ({
    id,
    file: path
      .relative(ws.root, ws.nodes.get(id)?.pipeline.file ?? '')
      .split(path.sep)
      .join('/'),
  }));
  const layout = layoutDag({
    nodes: ids.map((id) => ({ width: dagNodeWidth(id), height: dagNodeMetrics.height })),
    edges,
  });
  return { nodes, layout, signature: JSON.stringify([ids, edges.map((e) => [e.from, e.to])]) };
}

/** A stage as the run service knows it: its computed status and reasons, and what is happening now. */
export interface StageStatusSource {
  all(): { id: string; view: DagStatus; reasons: string[] }[];
  viewOf(id: string): DagStatus | undefined;
}

export function dagStatuses(service: StageStatusSource): Record<string, DagStageStatus> {
  return Object.fromEntries(
    service.all().map((s) => [s.id, { status: service.viewOf(s.id) ?? s.view, reasons: s.reasons }]),
  );
}
