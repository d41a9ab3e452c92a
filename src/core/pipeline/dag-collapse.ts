// What the pipeline graph draws before laying it out (dag-layout.ts): each `foreach`/`matrix` template either
// as its expansions or folded into one node, and optionally only the part of the graph around one stage (its
// upstream and downstream, as build-graph tools focus on a target). Opening groups is the reader's choice;
// the first view opens as many as stay legible, preferring folded groups over a picture shrunk past reading.
// Pure: indices in, indices out; what a node looks like is the caller's business.

/** The stage graph with each stage's group, by index (a group = the expansions of one template). */
export interface GroupedGraph {
  /** Per stage, the index of its group, or -1 for a stage in no group. */
  groupOf: readonly number[];
  groupCount: number;
  /** Producer → consumer, as stage indices. */
  edges: readonly { from: number; to: number }[];
}

/** A node of the drawing: one stage, or a folded group standing for its (shown) members. */
export type ShownNode = { kind: 'stage'; stage: number } | { kind: 'group'; group: number; members: number[] };

export interface CollapsedGraph {
  nodes: ShownNode[];
  /** Between shown nodes, one per pair, none from a node to itself. */
  edges: { from: number; to: number }[];
  /** Per stage, the shown node that draws it, or -1 when it is left out. */
  nodeOf: Int32Array;
}

/**
 * The drawing with the groups in `expanded` open and every other group folded. `only`, when given, keeps just
 * those stages (a folded group then counts only its kept members). Nodes keep the stages' order: a group
 * stands where its first member was.
 */
export function collapseGraph(
  graph: GroupedGraph,
  expanded: ReadonlySet<number>,
  only?: ReadonlySet<number>,
): CollapsedGraph {
  const n = graph.groupOf.length;
  const nodeOf = new Int32Array(n).fill(-1);
  const groupNode = new Map<number, number>();
  const nodes: ShownNode[] = [];
  for (let s = 0; s < n; s++) {
    if (only && !only.has(s)) continue;
    const g = graph.groupOf[s] as number;
    if (g < 0 || expanded.has(g)) {
      nodeOf[s] = nodes.push({ kind: 'stage', stage: s }) - 1;
      continue;
    }
    let at = groupNode.get(g);
    if (at === undefined) {
      at = nodes.push({ kind: 'group', group: g, members: [] }) - 1;
      groupNode.set(g, at);
    }
    (nodes[at] as { members: number[] }).members.push(s);
    nodeOf[s] = at;
  }
  const seen = new Set<number>();
  const edges: { from: number; to: number }[] = [];
  for (const e of graph.edges) {
    const [a, b] = [nodeOf[e.from] as number, nodeOf[e.to] as number];
    if (a < 0 || b < 0 || a === b) continue;
    const key = a * nodes.length + b;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: a, to: b });
  }
  return { nodes, edges, nodeOf };
}

/** A stage with everything upstream of it (what it needs) and downstream (what needs it). */
export function neighbourhood(stageCount: number, edges: GroupedGraph['edges'], stage: number): Set<number> {
  const up: number[][] = Array.from({ length: stageCount }, () => []);
  const down: number[][] = Array.from({ length: stageCount }, () => []);
  for (const e of edges) {
    (down[e.from] as number[]).push(e.to);
    (up[e.to] as number[]).push(e.from);
  }
  const kept = new Set<number>([stage]);
  for (const side of [up, down]) {
    const queue = [stage];
    const seen = new Set<number>([stage]);
    for (let head = 0; head < queue.length; head++) {
      for (const next of side[queue[head] as number] as number[]) {
        if (seen.has(next)) continue;
        seen.add(next);
        kept.add(next);
        queue.push(next);
      }
    }
  }
  return kept;
}

/**
 * The groups to open in a first view. `legible` says whether a drawing can be shown whole with readable labels
 * (the caller lays it out and compares with its window). Groups open smallest first, as many as stay legible
 * (binary search on that count: each probe is one layout); `mustOpen` is opened regardless (a focused stage is
 * drawn as itself), and so is a group with a single stage (folding it saves nothing). When nothing is legible
 * even folded, everything else stays folded: the reader pans at a readable size rather than squinting at it all.
 */
export function firstExpansion(
  graph: GroupedGraph,
  legible: (drawing: CollapsedGraph) => boolean,
  only?: ReadonlySet<number>,
  mustOpen?: number,
): Set<number> {
  const size = new Array<number>(graph.groupCount).fill(0);
  graph.groupOf.forEach((g, s) => {
    if (g >= 0 && (!only || only.has(s))) size[g] = (size[g] as number) + 1;
  });
  const bySize = size
    .map((count, g) => ({ count, g }))
    .filter((x) => x.count > 1 && x.g !== mustOpen)
    .sort((a, b) => a.count - b.count || a.g - b.g)
    .map((x) => x.g);
  const always = size.flatMap((count, g) => (count === 1 || g === mustOpen ? [g] : []));
  const opened = (k: number) => new Set([...always, ...bySize.slice(0, k)]);
  if (legible(collapseGraph(graph, opened(bySize.length), only))) return opened(bySize.length);
  let [lo, hi] = [0, bySize.length - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (legible(collapseGraph(graph, opened(mid), only))) lo = mid;
    else hi = mid - 1;
  }
  return opened(lo);
}
