// A layered drawing of the stage graph, left to right (Sugiyama style): layers by longest path from the
// sources, dummy nodes on edges that span several layers, order inside a layer by barycenter sweeps (kept
// only while they lower the crossing count), then y positions pulled towards neighbours without overlap.
// Stages on a dependency cycle have no longest path of their own: each cycle (strongly connected component)
// is layered as one node, so its stages share a layer after what they read and before what reads them;
// the edges among them are routed beside that layer and flagged. Pure and deterministic.

import { EDGE_GAP, maxOf, placeVertically } from './dag-place';

export interface LayoutInput {
  /** The box each node needs (its label's size). Index = node number. */
  nodes: readonly { width: number; height: number }[];
  /** Producer → consumer, as node numbers. */
  edges: readonly { from: number; to: number }[];
}

export interface LayoutOptions {
  /** Horizontal space between layers. */
  layerGap: number;
  /** Vertical space between two nodes of a layer. */
  nodeGap: number;
  /** Barycenter sweeps (each one down and one up); 0 keeps the input order. */
  sweeps: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode {
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
  /** Rank inside the layer, dummies included (top = 0). */
  order: number;
  onCycle: boolean;
}

export interface RoutedEdge {
  from: number;
  to: number;
  /** A polyline from the producer's side to the consumer's side. */
  points: Point[];
  /** Both ends on the same dependency cycle. */
  onCycle: boolean;
}

export interface DagLayout {
  /** Same order as the input nodes. */
  nodes: PlacedNode[];
  /** Same order as the input edges. */
  edges: RoutedEdge[];
  layers: number;
  width: number;
  height: number;
}

export const defaultLayoutOptions: LayoutOptions = { layerGap: 64, nodeGap: 18, sweeps: 8 };

/** How far above/below a node's middle an edge inside a cycle leaves/arrives. */
const BRACKET_OFFSET = 7;

export function layoutDag(input: LayoutInput, options: Partial<LayoutOptions> = {}): DagLayout {
  const opts = { ...defaultLayoutOptions, ...options };
  const n = input.nodes.length;
  input.edges.forEach((e, i) => {
    if (!(Number.isInteger(e.from) && Number.isInteger(e.to) && e.from >= 0 && e.to >= 0 && e.from < n && e.to < n)) {
      throw new RangeError(`layoutDag: edge ${i} (${e.from} → ${e.to}) names a node outside 0..${n - 1}`);
    }
  });
  const scc = components(n, input.edges);
  const size = new Map<number, number>();
  for (const c of scc) size.set(c, (size.get(c) ?? 0) + 1);
  const selfLoop = new Set(input.edges.filter((e) => e.from === e.to).map((e) => e.from));
  const onCycle = scc.map((c, v) => (size.get(c) as number) > 1 || selfLoop.has(v));
  const layerOf = layers(n, input.edges, scc);
  const layerCount = n === 0 ? 0 : maxOf(layerOf, 0) + 1;

  // Items: the real nodes, then one dummy per layer an edge passes through.
  const itemLayer = [...layerOf];
  const itemHeight = input.nodes.map((b) => b.height);
  const chains: number[][] = [];
  // Edges inside one component (both ends in one layer), and each one's lane beside its layer.
  const lane = new Map<number, number>();
  const lanesIn = new Array<number>(layerCount).fill(0);
  input.edges.forEach((e, i) => {
    const a = layerOf[e.from] as number;
    const b = layerOf[e.to] as number;
    if (a === b) {
      lane.set(i, lanesIn[a] as number);
      lanesIn[a] = (lanesIn[a] as number) + 1;
      chains.push([]);
      return;
    }
    // Layers follow the component graph, so every other edge goes down: a < b.
    const chain = [e.from];
    for (let l = a + 1; l < b; l++) {
      chain.push(itemLayer.length);
      itemLayer.push(l);
      itemHeight.push(0);
    }
    chain.push(e.to);
    chains.push(chain);
  });

  // Neighbours of each item in the layer above (up) and below (down).
  const up: number[][] = itemLayer.map(() => []);
  const down: number[][] = itemLayer.map(() => []);
  for (const chain of chains) {
    for (let k = 0; k + 1 < chain.length; k++) {
      const [hi, lo] = [chain[k] as number, chain[k + 1] as number];
      (down[hi] as number[]).push(lo);
      (up[lo] as number[]).push(hi);
    }
  }

  const rows: number[][] = Array.from({ length: layerCount }, () => []);
  itemLayer.forEach((l, item) => (rows[l] as number[]).push(item));
  const ordered = orderLayers(rows, up, down, itemLayer.length, opts.sweeps);
  const ys = placeVertically(ordered, up, down, itemHeight, itemLayer.length, opts.nodeGap);

  // Columns: each as wide as its widest node, centred nodes; a layer with cycle edges leaves room for their lanes.
  const colWidth = rows.map((row) =>
    maxOf(
      row.filter((i) => i < n).map((i) => (input.nodes[i] as { width: number }).width),
      0,
    ),
  );
  const laneRoom = (l: number) => ((lanesIn[l] as number) > 0 ? EDGE_GAP * ((lanesIn[l] as number) + 2) : 0);
  const colX: number[] = [];
  colWidth.reduce((x, w, l) => {
    colX[l] = x;
    return x + w + laneRoom(l) + opts.layerGap;
  }, 0);
  const orderOf = new Array<number>(itemLayer.length).fill(0);
  for (const row of ordered) row.forEach((item, k) => (orderOf[item] = k));

  const nodes: PlacedNode[] = input.nodes.map((box, v) => {
    const l = layerOf[v] as number;
    return {
      x: (colX[l] as number) + ((colWidth[l] as number) - box.width) / 2,
      y: (ys[v] as number) - box.height / 2,
      width: box.width,
      height: box.height,
      layer: l,
      order: orderOf[v] as number,
      onCycle: onCycle[v] as boolean,
    };
  });
  const right = (v: number): Point => ({
    x: (nodes[v] as PlacedNode).x + (nodes[v] as PlacedNode).width,
    y: ys[v] as number,
  });
  const left = (v: number): Point => ({ x: (nodes[v] as PlacedNode).x, y: ys[v] as number });

  const edges: RoutedEdge[] = input.edges.map((e, i) => {
    const cyc = scc[e.from] === scc[e.to] && (onCycle[e.from] as boolean);
    const chain = chains[i] as number[];
    if (chain.length === 0) {
      // Within a cycle: a bracket right of the layer's column, one lane per edge.
      const l = layerOf[e.from] as number;
      const x = (colX[l] as number) + (colWidth[l] as number) + EDGE_GAP * (2 + (lane.get(i) as number));
      // Leaves above the side's middle and arrives below it: clear of the edges between layers, which use the middle.
      const a = right(e.from);
      const b = right(e.to);
      return {
        from: e.from,
        to: e.to,
        onCycle: cyc,
        points: [
          { x: a.x, y: a.y - BRACKET_OFFSET },
          { x, y: a.y - BRACKET_OFFSET },
          { x, y: b.y + BRACKET_OFFSET },
          { x: b.x, y: b.y + BRACKET_OFFSET },
        ],
      };
    }
    const points = [right(e.from)];
    for (const d of chain.slice(1, -1)) {
      const l = itemLayer[d] as number;
      const y = ys[d] as number;
      points.push({ x: colX[l] as number, y }, { x: (colX[l] as number) + (colWidth[l] as number), y });
    }
    points.push(left(e.to));
    return { from: e.from, to: e.to, onCycle: cyc, points };
  });

  const height = Math.max(
    maxOf(
      nodes.map((b) => b.y + b.height),
      0,
    ),
    maxOf(ys.slice(n), 0),
  );
  const last = layerCount - 1;
  const width = layerCount === 0 ? 0 : (colX[last] as number) + (colWidth[last] as number) + laneRoom(last);
  return { nodes, edges, layers: layerCount, width, height };
}

/** Strongly connected component of each node (Tarjan's algorithm, iterative: deep pipelines must not overflow the stack). */
function components(n: number, edges: LayoutInput['edges']): number[] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) (adj[e.from] as number[]).push(e.to);
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const comp = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  const onStack = new Array<boolean>(n).fill(false);
  let counter = 0;
  let compCount = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const top = work[work.length - 1] as [number, number];
      const [v, k] = top;
      const next = (adj[v] as number[])[k];
      if (next !== undefined) {
        top[1]++;
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = true;
          work.push([next, 0]);
        } else if (onStack[next]) low[v] = Math.min(low[v] as number, index[next] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number);
      if (low[v] === index[v]) {
        for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
          onStack[w] = false;
          comp[w] = compCount;
        }
        compCount++;
      }
    }
  }
  return comp;
}

/** Longest path from the sources over the graph of components: a cycle's stages share one layer. */
function layers(n: number, edges: LayoutInput['edges'], comp: readonly number[]): number[] {
  const count = maxOf(comp, -1) + 1;
  const layer = new Array<number>(count).fill(0);
  const indegree = new Array<number>(count).fill(0);
  const adj: number[][] = Array.from({ length: count }, () => []);
  for (const e of edges) {
    const [a, b] = [comp[e.from] as number, comp[e.to] as number];
    if (a === b) continue;
    (adj[a] as number[]).push(b);
    indegree[b] = (indegree[b] as number) + 1;
  }
  const queue: number[] = [];
  for (let c = 0; c < count; c++) if (indegree[c] === 0) queue.push(c);
  for (let head = 0; head < queue.length; head++) {
    const c = queue[head] as number;
    for (const d of adj[c] as number[]) {
      layer[d] = Math.max(layer[d] as number, (layer[c] as number) + 1);
      indegree[d] = (indegree[d] as number) - 1;
      if (indegree[d] === 0) queue.push(d);
    }
  }
  return Array.from({ length: n }, (_, v) => layer[comp[v] as number] as number);
}

/** Crossings between two adjacent rows: inversions among the segments' lower ends (Fenwick tree, E log V). */
function crossingsBetween(
  upper: readonly number[],
  lower: readonly number[],
  down: readonly number[][],
  pos: Int32Array,
): number {
  const segs: [number, number][] = [];
  for (const u of upper) for (const w of down[u] as number[]) segs.push([pos[u] as number, pos[w] as number]);
  segs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const tree = new Int32Array(lower.length + 1);
  let count = 0;
  segs.forEach(([, q], seen) => {
    let atMost = 0;
    for (let i = q + 1; i > 0; i -= i & -i) atMost += tree[i] as number;
    count += seen - atMost;
    for (let i = q + 1; i <= lower.length; i += i & -i) tree[i] = (tree[i] as number) + 1;
  });
  return count;
}

function totalCrossings(rows: readonly number[][], down: readonly number[][], pos: Int32Array): number {
  let total = 0;
  for (let l = 0; l + 1 < rows.length; l++)
    total += crossingsBetween(rows[l] as number[], rows[l + 1] as number[], down, pos);
  return total;
}

function orderLayers(
  start: number[][],
  up: readonly number[][],
  down: readonly number[][],
  items: number,
  sweeps: number,
): number[][] {
  const pos = new Int32Array(items);
  const index = (rows: readonly number[][]) => rows.forEach((row) => row.forEach((item, k) => (pos[item] = k)));
  let rows = start.map((r) => [...r]);
  index(rows);
  let best = rows.map((r) => [...r]);
  let bestCount = totalCrossings(rows, down, pos);
  const reorder = (row: number[], neighbours: readonly number[][]) => {
    const key = new Map<number, number>();
    for (const item of row) {
      const ns = neighbours[item] as number[];
      key.set(
        item,
        ns.length === 0 ? (pos[item] as number) : ns.reduce((s, w) => s + (pos[w] as number), 0) / ns.length,
      );
    }
    // Stable sort: ties keep their current order, so the result is deterministic.
    row.sort((a, b) => (key.get(a) as number) - (key.get(b) as number));
    row.forEach((item, k) => (pos[item] = k));
  };
  for (let s = 0; s < sweeps && bestCount > 0; s++) {
    for (let l = 1; l < rows.length; l++) reorder(rows[l] as number[], up);
    for (let l = rows.length - 2; l >= 0; l--) reorder(rows[l] as number[], down);
    const count = totalCrossings(rows, down, pos);
    if (count < bestCount) {
      bestCount = count;
      best = rows.map((r) => [...r]);
    }
  }
  rows = best;
  index(rows);
  return rows;
}
