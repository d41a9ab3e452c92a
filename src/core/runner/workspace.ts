// The stages of every dvc.yaml under a workspace folder, addressed as DVC addresses them (`train` for the
// root dvc.yaml, `sub/dvc.yaml:train` elsewhere), and the graph the planner and scheduler walk.
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { nodeFileSystem } from '../fs';
import { findPipelines, loadPipeline } from '../pipeline/index';
import type { Pipeline, Stage } from '../pipeline/model';
import type { PlanGraph } from './plan';
import { stageWdir } from './status';

export interface StageNode {
  id: string;
  pipeline: Pipeline;
  stage: Stage;
}

export interface Workspace {
  root: string;
  pipelines: Pipeline[];
  nodes: Map<string, StageNode>;
  graph: PlanGraph;
}

export function stageId(root: string, pipeline: Pipeline, stage: Stage): string {
  const rel = path.relative(root, pipeline.file).split(path.sep).join('/');
  return rel === 'dvc.yaml' ? stage.name : `${rel}:${stage.name}`;
}

/** Errors in the pipelines that make running them meaningless (DVC refuses to load such files). */
export function blockingErrors(ws: Workspace): { file: string; diagnostic: Diagnostic }[] {
  return ws.pipelines.flatMap((p) => p.diagnostics.filter((d) => d.severity === 'error').map((diagnostic) => ({ file: p.file, diagnostic })));
}

export function loadWorkspace(root: string): Workspace {
  const abs = path.resolve(root);
  return workspaceOf(abs, findPipelines(abs, nodeFileSystem).map((f) => loadPipeline(f, nodeFileSystem)));
}

/** A workspace over pipelines already loaded (e.g. by the extension). */
export function workspaceOf(root: string, pipelines: Pipeline[]): Workspace {
  const abs = path.resolve(root);
  const nodes = new Map<string, StageNode>();
  for (const pipeline of pipelines) for (const stage of pipeline.stages) nodes.set(stageId(abs, pipeline, stage), { id: stageId(abs, pipeline, stage), pipeline, stage });
  return { root: abs, pipelines, nodes, graph: buildGraph(nodes) };
}

/**
 * Edges from a stage's outputs to the stages that depend on them: a dep equal to an out, inside an out
 * directory, or a directory containing an out (as DVC links stages). Order: Kahn's algorithm, stable.
 */
function buildGraph(nodes: Map<string, StageNode>): PlanGraph {
  const outs: { abs: string; id: string }[] = [];
  for (const n of nodes.values()) {
    const wdir = stageWdir(n.pipeline, n.stage);
    for (const o of n.stage.outs) outs.push({ abs: path.resolve(wdir, o.path.value), id: n.id });
  }
  const within = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep);
  const upstream = new Map<string, string[]>();
  for (const n of nodes.values()) {
    const wdir = stageWdir(n.pipeline, n.stage);
    const ups = new Set<string>();
    for (const d of n.stage.deps) {
      const dep = path.resolve(wdir, d.value);
      for (const o of outs) if (o.id !== n.id && (within(dep, o.abs) || within(o.abs, dep))) ups.add(o.id);
    }
    upstream.set(n.id, [...ups]);
  }
  const indegree = new Map([...nodes.keys()].map((id) => [id, upstream.get(id)?.length ?? 0]));
  const down = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const [id, ups] of upstream) for (const u of ups) down.get(u)?.push(id);
  const order: string[] = [];
  const ready = [...nodes.keys()].filter((id) => indegree.get(id) === 0);
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const d of down.get(id) ?? []) {
      const left = (indegree.get(d) ?? 0) - 1;
      indegree.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  // Stages on a cycle never reach indegree 0; validation reports the cycle, the runner refuses them.
  const frozen = new Set([...nodes.values()].filter((n) => n.stage.frozen).map((n) => n.id));
  return { order, upstream, frozen };
}
