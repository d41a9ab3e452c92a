// Order and cycles of the stage graph, on its adjacency lists (node index → indexes of the stages reading it):
// pure graph algorithms, apart from how dag.ts builds the graph.
import { MinHeap } from '../min-heap';

export interface DagCycle {
  /** Every stage of the strongly connected component, in node order. */
  stages: number[];
  /** One closed walk through the component, starting at its first stage (`a → b → c → a` without the repeat). */
  path: number[];
}

/** Tarjan's strongly connected components (iterative); components of 2+ stages or with a self-loop are cycles. */
export function findCycles(adj: readonly number[][]): DagCycle[] {
  const n = adj.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const comps: number[][] = [];
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    // The depth-first walk as two parallel stacks (node, next edge to follow): no pair allocated per visit.
    const work: number[] = [s];
    const edge: number[] = [0];
    while (work.length > 0) {
      const top = work.length - 1;
      const v = work[top] as number;
      const i = edge[top] as number;
      if (i === 0) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const next = (adj[v] as number[])[i];
      if (next !== undefined) {
        edge[top] = i + 1;
        if (index[next] === -1) {
          work.push(next);
          edge.push(0);
        } else if (onStack[next]) low[v] = Math.min(low[v] as number, index[next] as number);
        continue;
      }
      work.pop();
      edge.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[v] as number);
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
function cyclePath(start: number, comp: ReadonlySet<number>, adj: readonly number[][]): number[] {
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
export function topoOrder(adj: readonly number[][]): number[] {
  const n = adj.length;
  const indeg = new Array<number>(n).fill(0);
  for (const out of adj) for (const w of out) indeg[w] = (indeg[w] as number) + 1;
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
