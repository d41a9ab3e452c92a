// The stage graph over one or several pipelines, as DVC builds it (dvc/repo/graph.py): an edge from the
// stage writing an output to every stage whose dependency is that path, lies inside it, or contains it. A `.dvc`
// file (dvc-file.ts) is a node like a stage: its outputs link it to the stages reading them.
// Paths are resolved against each dvc.yaml's folder and the stage's wdir.
import * as path from 'node:path';
import { CACHE_LIMITS } from '../bounded-cache';
import { findCycles, topoOrder, type DagCycle } from './dag-order';
import type { Output, Pipeline, Stage } from './model';

export type { DagCycle } from './dag-order';

export interface DagNode {
  /** `train`, or `sub/dvc.yaml:train` for a pipeline that is not the root one (DVC's addressing). */
  id: string;
  stage: Stage;
  pipeline: Pipeline;
}

export interface DagEdge {
  /** Index of the stage that writes `path`. */
  from: number;
  /** Index of the stage that reads it. */
  to: number;
  /** Absolute posix path of the output that links them. */
  path: string;
}

export interface Dag {
  nodes: DagNode[];
  edges: DagEdge[];
  /** Topological order (writers before readers); ties keep node order. Stages on a cycle are left out. */
  order: number[];
  cycles: DagCycle[];
  /** Every output by path, for lookups by callers (semantic checks, go-to-definition). */
  outputs: OutputIndex;
}

export interface OutputRef {
  node: number;
  output: Output;
  /** Absolute posix path. */
  path: string;
}

const toPosix = (p: string) => p.replace(/\\/g, '/');
const isUrl = (p: string) => /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(p);

// Each base folder (dvc.yaml folder + wdir) by folder then wdir, and resolved paths by base folder then by the path
// as written: the stages of a pipeline share a few bases and name the same files again and again (`src/train.py`,
// `params.yaml`); one string per path also keeps the later Map lookups keyed by it cheap. Plain Maps (not WeakMaps
// per stage, which cost the garbage collector more), cleared when they grow large (a long-running language server).
const bases = new Map<string, Map<string, string>>();
const resolved = new Map<string, Map<string, string | undefined>>();
let cached = 0;

function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = outer.get(key);
  if (m === undefined) {
    if (cached > CACHE_LIMITS.stagePaths) {
      bases.clear();
      resolved.clear();
      cached = 0;
    }
    m = new Map();
    outer.set(key, m);
  }
  return m;
}

/** The absolute posix path a stage's relative path points at (undefined for URLs, which are never edges). */
export function stagePath(pipeline: Pipeline, stage: Stage, p: string): string | undefined {
  const wdir = stage.wdir || '.';
  const byWdir = inner(bases, pipeline.dir);
  let base = byWdir.get(wdir);
  if (base === undefined) {
    base = path.posix.resolve(toPosix(pipeline.dir), wdir);
    byWdir.set(wdir, base);
    cached++;
  }
  const byText = inner(resolved, base);
  let abs = byText.get(p);
  if (abs === undefined && !byText.has(p)) {
    abs = resolvePath(base, p);
    byText.set(p, abs);
    cached++;
  }
  return abs;
}

function resolvePath(base: string, p: string): string | undefined {
  if (isUrl(p)) return undefined;
  // Plain relative paths (no `.`/`..` segments, no doubled or leading slash) join without normalising.
  if (!/(^|\/)\.\.?(\/|$)|\/\/|^\/|\\/.test(p)) {
    const rel = p.endsWith('/') ? p.slice(0, -1) : p;
    return rel === '' ? base : base === '/' ? `/${rel}` : `${base}/${rel}`;
  }
  return path.posix.resolve(base, toPosix(p));
}

function parentOf(p: string): string | undefined {
  if (p === '/') return undefined;
  const cut = p.lastIndexOf('/');
  return cut <= 0 ? (p.length > 1 && cut === 0 ? '/' : undefined) : p.slice(0, cut);
}

/** Outputs indexed by path, with the folders that hold outputs, for constant-time lookups per path segment. */
export class OutputIndex {
  readonly byPath = new Map<string, OutputRef[]>();
  /** Every output in the order added (the order `inside` answers in). */
  private readonly all: OutputRef[] = [];
  /** Every folder above some output: `inside` of any other path is empty without a scan. */
  private readonly folders = new Set<string>();
  /** Length of the shortest output path: no shorter ancestor of a path can be an output. */
  private shortest = Infinity;
  // Per path asked: the graph and the semantic checks ask the same paths again.
  private readonly containingMemo = new Map<string, OutputRef[]>();
  private readonly insideMemo = new Map<string, OutputRef[]>();

  add(ref: OutputRef): void {
    this.containingMemo.clear();
    this.insideMemo.clear();
    push(this.byPath, ref.path, ref);
    this.all.push(ref);
    this.shortest = Math.min(this.shortest, ref.path.length);
    // A folder already known has all its ancestors known too: most outputs stop after one step.
    for (let p = parentOf(ref.path); p !== undefined && !this.folders.has(p); p = parentOf(p)) this.folders.add(p);
  }

  /** Outputs that are `p` or a folder containing `p`. */
  containing(p: string): OutputRef[] {
    const memo = this.containingMemo.get(p);
    if (memo) return memo;
    let out: OutputRef[] | undefined;
    for (let q: string | undefined = p; q !== undefined && q.length >= this.shortest; q = parentOf(q)) {
      const hit = this.byPath.get(q);
      if (hit) out = out ? [...out, ...hit] : hit;
    }
    const result = out ?? NONE;
    this.containingMemo.set(p, result);
    return result;
  }

  /** Outputs strictly inside folder `p`. */
  inside(p: string): OutputRef[] {
    if (!this.folders.has(p)) return NONE;
    let memo = this.insideMemo.get(p);
    if (!memo) {
      memo = this.all.filter((r) => isBelow(r.path, p));
      this.insideMemo.set(p, memo);
    }
    return memo;
  }
}

/** Whether `folder` is one of the folders parentOf walks through from `p`. */
function isBelow(p: string, folder: string): boolean {
  for (let q = parentOf(p); q !== undefined && q.length >= folder.length; q = parentOf(q))
    if (q === folder) return true;
  return false;
}

// Shared empty answer (callers only read these lists).
const NONE: OutputRef[] = [];

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function nodeId(pipeline: Pipeline, stage: Stage, root: string): string {
  return nodeIdOf(idPrefix(pipeline, root), pipeline, stage);
}

function nodeIdOf(prefix: string, pipeline: Pipeline, stage: Stage): string {
  return pipeline.dataSource ? prefix : prefix + stage.name;
}

/**
 * `''` for the root dvc.yaml, else `sub/dvc.yaml:` (one path.relative per pipeline, not per stage). A `.dvc` file's
 * one stage is addressed by the file's path alone (`data/data.xml.dvc`), so its prefix is that path and its stage,
 * named after the file, is dropped (see `nodeIdOf`).
 */
function idPrefix(pipeline: Pipeline, root: string): string {
  const rel = toPosix(path.relative(root, pipeline.file));
  if (pipeline.dataSource) return rel;
  return rel === 'dvc.yaml' ? '' : `${rel}:`;
}

export function indexOutputs(nodes: readonly DagNode[]): OutputIndex {
  const index = new OutputIndex();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as DagNode;
    for (const output of n.stage.outs) {
      const p = stagePath(n.pipeline, n.stage, output.path.value);
      if (p !== undefined) index.add({ node: i, output, path: p });
    }
  }
  return index;
}

/** Builds the graph. `root` names nodes (default: the folder of the first pipeline). */
export function buildDag(pipelines: readonly Pipeline[], root?: string): Dag {
  const base = root ?? pipelines[0]?.dir ?? '.';
  const nodes: DagNode[] = [];
  for (const pipeline of pipelines) {
    const prefix = idPrefix(pipeline, base);
    for (const stage of pipeline.stages) nodes.push({ id: nodeIdOf(prefix, pipeline, stage), stage, pipeline });
  }
  const outputs = indexOutputs(nodes);
  const edges: DagEdge[] = [];
  const seen = new Set<number>();
  const paths: (string | undefined)[][] = [];
  for (let to = 0; to < nodes.length; to++) {
    const resolvedDeps = resolveDeps(nodes[to] as DagNode);
    paths.push(resolvedDeps);
    for (const p of resolvedDeps) {
      if (p === undefined) continue;
      for (const ref of outputs.containing(p)) link(edges, seen, nodes.length, ref, to);
      for (const ref of outputs.inside(p)) link(edges, seen, nodes.length, ref, to);
    }
  }
  const adj = adjacency(nodes.length, edges);
  const dag: Dag = { nodes, edges, order: topoOrder(adj), cycles: findCycles(adj), outputs };
  depPathsOf.set(dag, paths);
  return dag;
}

/** Adds the edge from `ref`'s stage to stage `to` unless it is there already (`seen`: from * count + to). */
function link(edges: DagEdge[], seen: Set<number>, count: number, ref: OutputRef, to: number): void {
  const key = ref.node * count + to;
  if (seen.has(key)) return;
  seen.add(key);
  edges.push({ from: ref.node, to, path: ref.path });
}

function resolveDeps(n: DagNode): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const dep of n.stage.deps) out.push(stagePath(n.pipeline, n.stage, dep.value));
  return out;
}

// The deps of every node as resolved while building the graph, for checks that walk them again.
const depPathsOf = new WeakMap<Dag, (string | undefined)[][]>();

/** Absolute paths of node `i`'s deps, in order (undefined for URLs), as `stagePath` gives them. */
export function depPaths(dag: Dag, i: number): (string | undefined)[] {
  return depPathsOf.get(dag)?.[i] ?? resolveDeps(dag.nodes[i] as DagNode);
}

function adjacency(n: number, edges: readonly DagEdge[]): number[][] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) (adj[e.from] as number[]).push(e.to);
  return adj;
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz, in the shape `dvc dag --dot` prints. */
export function dagToDot(dag: Dag): string {
  const lines = ['strict digraph {'];
  for (const n of dag.nodes) lines.push(`${quote(n.id)};`);
  for (const e of dag.edges)
    lines.push(`${quote((dag.nodes[e.from] as DagNode).id)} -> ${quote((dag.nodes[e.to] as DagNode).id)};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Mermaid flowchart, in the shape `dvc dag --mermaid` prints. */
export function dagToMermaid(dag: Dag): string {
  const lines = ['flowchart TD'];
  dag.nodes.forEach((n, i) => lines.push(`\tnode${i + 1}["${n.id.replace(/"/g, '#quot;')}"]`));
  for (const e of dag.edges) lines.push(`\tnode${e.from + 1}-->node${e.to + 1}`);
  return lines.join('\n') + '\n';
}

export interface DagJson {
  nodes: { id: string; name: string; file: string }[];
  edges: { from: string; to: string; path: string }[];
  order: string[];
  cycles: string[][];
}

export function dagToJson(dag: Dag): DagJson {
  const id = (i: number) => (dag.nodes[i] as DagNode).id;
  return {
    nodes: dag.nodes.map((n) => ({ id: n.id, name: n.stage.name, file: n.pipeline.file })),
    edges: dag.edges.map((e) => ({ from: id(e.from), to: id(e.to), path: e.path })),
    order: dag.order.map(id),
    cycles: dag.cycles.map((c) => c.path.map(id)),
  };
}
