// Which stages feed which, read from the core's DAG (DVC's rules: a dep matches an output when they are the
// same path or one is inside the other; URLs never link). Built once per list of pipelines.
import * as path from 'node:path';
import { buildDag, stagePath, type Dag } from '../dag';
import type { Located, Output, Pipeline, Stage } from '../model';

export interface StageRef {
  pipeline: Pipeline;
  stage: Stage;
}

/** Where a path written in a stage points on disk (relative to the stage's wdir). */
export const absOf = (p: Pipeline, s: Stage, rel: string): string => path.resolve(p.dir, s.wdir, rel);

const dags = new WeakMap<readonly Pipeline[], Dag>();

function dagOf(pipelines: readonly Pipeline[]): Dag {
  let dag = dags.get(pipelines);
  if (!dag) {
    dag = buildDag(pipelines);
    dags.set(pipelines, dag);
  }
  return dag;
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** Stages (and the output) writing `file`, a folder holding it, or something inside it. */
export function producersOf(pipelines: readonly Pipeline[], file: string): (StageRef & { out: Output })[] {
  const dag = dagOf(pipelines);
  const p = file.split(path.sep).join('/');
  return [...dag.outputs.containing(p), ...dag.outputs.inside(p)].map((r) => ({
    pipeline: dag.nodes[r.node]!.pipeline,
    stage: dag.nodes[r.node]!.stage,
    out: r.output,
  }));
}

/** Deps of any stage that read `file` or something overlapping it. */
export function consumersOf(pipelines: readonly Pipeline[], file: string): (StageRef & { dep: Located<string> })[] {
  const p = file.split(path.sep).join('/');
  return dagOf(pipelines).nodes.flatMap(({ pipeline, stage }) =>
    stage.deps
      .filter((dep) => {
        const d = stagePath(pipeline, stage, dep.value);
        return d !== undefined && overlaps(d, p);
      })
      .map((dep) => ({ pipeline, stage, dep })),
  );
}

export function upstream(pipelines: readonly Pipeline[], ref: StageRef): StageRef[] {
  const dag = dagOf(pipelines);
  const me = dag.nodes.findIndex((n) => n.stage === ref.stage);
  return unique(dag.edges.filter((e) => e.to === me && e.from !== me).map((e) => dag.nodes[e.from]!));
}

/** The stages reading this stage's outputs, each with the dep that reads it. */
export function downstream(pipelines: readonly Pipeline[], ref: StageRef): (StageRef & { dep: Located<string> })[] {
  const dag = dagOf(pipelines);
  const me = dag.nodes.findIndex((n) => n.stage === ref.stage);
  return dag.edges
    .filter((e) => e.from === me && e.to !== me)
    .flatMap((e) => {
      const { pipeline, stage } = dag.nodes[e.to]!;
      return stage.deps
        .filter((dep) => overlaps(stagePath(pipeline, stage, dep.value) ?? '', e.path))
        .map((dep) => ({ pipeline, stage, dep }));
    });
}

export function unique<T extends StageRef>(refs: T[]): T[] {
  const seen = new Set<Stage>();
  return refs.filter((r) => !seen.has(r.stage) && seen.add(r.stage));
}
