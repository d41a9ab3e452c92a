// The stage graph over one or several pipelines, as DVC builds it (dvc/repo/graph.py): an edge from the
// stage writing an output to every stage whose dependency is that path, lies inside it, or contains it.
// Paths are resolved against each dvc.yaml's folder and the stage's wdir.
import * as path from 'node:path';
import type { Output, Pipeline, Stage } from './model';

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

export interface DagCycle {
  /** Every stage of the strongly connected component, in node order. */
  stages: number[];
  /** One closed walk through the component, starting at its first stage (`a → b → c → a` without the repeat). */
  path: number[];
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

// Each stage's base folder (dvc.yaml folder + wdir), computed once.
const bases = new WeakMap<Stage, string>();
// Resolved paths by base folder, then by the path as written: the stages of a pipeline share a few bases and
// name the same files again and again (`src/train.py`, `params.yaml`); one string per path also keeps the
// later Map lookups keyed by it cheap. Bounded: cleared when it grows large (a long-running language server).
const resolved = new Map<string, Map<string, string | undefined>>();
let resolvedSize = 0;
const RESOLVED_MAX = 200_000;

/** The absolute posix path a stage's relative path points at (undefined for URLs, which are never edges). */
export function stagePath(pipeline: Pipeline, stage: Stage, p: string): string | undefined {
  let base = bases.get(stage);
  if (base === undefined) {
    base = path.posix.resolve(toPosix(pipeline.dir), stage.wdir || '.');
    bases.set(stage, base);
  }
  let byText = resolved.get(base);
  if (byText === undefined) {
    if (resolvedSize > RESOLVED_MAX) {
      resolved.clear();
      resolvedSize = 0;
    }
    byText = new Map();
    resolved.set(base, byText);
  }
  let abs = byText.get(p);
  if (abs === undefined && !byText.has(p)) {
    abs = resolvePath(base, p);
    byText.set(p, abs);
    resolvedSize++;
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
  for (let q = parentOf(p); q !== undefined && q.length >= folder.length; q = parentOf(q)) if (q === folder) return true;
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
  return idPrefix(pipeline, root) + stage.name;
}

/** `''` for the root dvc.yaml, else `sub/dvc.yaml:` (one path.relative per pipeline, not per stage). */
function idPrefix(pipeline: Pipeline, root: string): string {
  const rel = toPosix(path.relative(root, pipeline.file));
  return rel === 'dvc.yaml' ? '' : `${rel}:`;
}

export function indexOutputs(nodes: readonly DagNode[]): OutputIndex {
  const index = new OutputIndex();
  nodes.forEach((n, i) => {
    for (const output of n.stage.outs) {
      const p = stagePath(n.pipeline, n.stage, output.path.value);
      if (p !== undefined) index.add({ node: i, output, path: p });
    }
  });
  return index;
}

/** Builds the graph. `root` names nodes (default: the folder of the first pipeline). */
export function buildDag(pipelines: readonly Pipeline[], root?: string): Dag {
  const base = root ?? pipelines[0]?.dir ?? '.';
  const nodes: DagNode[] = [];
  for (const pipeline of pipelines) {
    const prefix = idPrefix(pipeline, base);
    for (const stage of pipeline.stages) nodes.push({ id: prefix + stage.name, stage, pipeline });
  }
  const outputs = indexOutputs(nodes);
  const edges: DagEdge[] = [];
  const seen = new Set<number>();
  const link = (ref: OutputRef, to: number) => {
    const key = ref.node * nodes.length + to;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from: ref.node, to, path: ref.path });
  };
  nodes.forEach((n, to) => {
    for (const dep of n.stage.deps) {
      const p = stagePath(n.pipeline, n.stage, dep.value);
      if (p === undefined) continue;
      for (const ref of outputs.containing(p)) link(ref, to);
      for (const ref of outputs.inside(p)) link(ref, to);
    }
  });
  const cycles = findCycles(nodes.length, edges);
  return { nodes, edges, order: topoOrder(nodes.length, edges), cycles, outputs };
}

function adjacency(n: number, edges: readonly DagEdge[]): number[][] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) (adj[e.from] as number[]).push(e.to);
  return adj;
}

/** Tarjan's strongly connected components (iterative); components of 2+ stages or with a self-loop are cycles. */
function findCycles(n: number, edges: readonly DagEdge[]): DagCycle[] {
  const adj = adjacency(n, edges);
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const comps: number[][] = [];
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    const work: [number, number][] = [[s, 0]];
    while (work.length > 0) {
      const top = work[work.length - 1] as [number, number];
      const [v, i] = top;
      if (i === 0) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const next = (adj[v] as number[])[i];
      if (next !== undefined) {
        top[1] = i + 1;
        if (index[next] === -1) work.push([next, 0]);
        else if (onStack[next]) low[v] = Math.min(low[v] as number, index[next] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number);
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = false;
          comp.push(w);
        } while (w !== v);
        comps.push(comp.sort((a, b) => a - b));
      }
    }
  }
  const cycles: DagCycle[] = [];
  for (const comp of comps) {
    const first = comp[0] as number;
    if (comp.length === 1 && !(adj[first] as number[]).includes(first)) continue;
    cycles.push({ stages: comp, path: cyclePath(first, new Set(comp), adj) });
  }
  return cycles.sort((a, b) => (a.stages[0] as number) - (b.stages[0] as number));
}

/** The shortest cycle through `start` inside its component (breadth-first back to `start`). */
function cyclePath(start: number, comp: ReadonlySet<number>, adj: number[][]): number[] {
  const prev = new Map<number, number>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q] as number;
    for (const w of adj[v] as number[]) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const walk = [v];
        for (let x = v; x !== start; x = prev.get(x) as number) walk.push(prev.get(x) as number);
        return walk.reverse();
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Kahn's algorithm with a min-heap, so independent stages keep their order in the files. */
/** Stages on a cycle, and those behind one, never reach in-degree 0 and stay out of the order. */
function topoOrder(n: number, edges: readonly DagEdge[]): number[] {
  const adj = adjacency(n, edges);
  const indeg = new Array<number>(n).fill(0);
  for (const e of edges) indeg[e.to] = (indeg[e.to] as number) + 1;
  const heap = new MinHeap();
  for (let i = 0; i < n; i++) if (indeg[i] === 0) heap.push(i);
  const order: number[] = [];
  while (heap.size > 0) {
    const v = heap.pop();
    order.push(v);
    for (const w of adj[v] as number[]) {
      indeg[w] = (indeg[w] as number) - 1;
      if (indeg[w] === 0) heap.push(w);
    }
  }
  return order;
}

class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) <= x) break;
      a[i] = a[p] as number;
      a[p] = x;
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as number) < (a[m] as number)) m = l;
        if (r < a.length && (a[r] as number) < (a[m] as number)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as number, a[i] as number];
        i = m;
      }
    }
    return top;
  }
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz, in the shape `dvc dag --dot` prints. */
export function dagToDot(dag: Dag): string {
  const lines = ['strict digraph {'];
  for (const n of dag.nodes) lines.push(`${quote(n.id)};`);
  for (const e of dag.edges) lines.push(`${quote((dag.nodes[e.from] as DagNode).id)} -> ${quote((dag.nodes[e.to] as DagNode).id)};`);
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
