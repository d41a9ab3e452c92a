import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutDag, type DagLayout, type LayoutInput, type Point } from '../../src/core/pipeline/dag-layout';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { writeLargePipeline } from '../../bench/large-pipeline';

/** A graph from `a>b` pairs over named nodes, every box 100×30. */
function graph(names: string[], pairs: string[]): LayoutInput & { at: (name: string) => number } {
  const at = (name: string) => {
    const i = names.indexOf(name);
    assert.ok(i >= 0, `unknown node ${name}`);
    return i;
  };
  return {
    nodes: names.map(() => ({ width: 100, height: 30 })),
    edges: pairs.map((p) => {
      const [from, to] = p.split('>') as [string, string];
      return { from: at(from), to: at(to) };
    }),
    at,
  };
}

function assertNoOverlap(layout: DagLayout): void {
  const boxes = [...layout.nodes].sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j]!;
      if (b.x >= a.x + a.width) break;
      const apart = a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `boxes overlap: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
    }
  }
}

/** Longest-path layering of a graph without cycles: every edge goes down ≥ 1 layer, and every non-source has a predecessor exactly one layer up. */
function assertLongestPathLayers(input: LayoutInput, layout: DagLayout): void {
  const preds = input.nodes.map(() => [] as number[]);
  for (const e of input.edges)
    if (!layout.nodes[e.from]!.onCycle && !layout.nodes[e.to]!.onCycle) preds[e.to]!.push(e.from);
  layout.nodes.forEach((node, v) => {
    if (node.onCycle) return;
    const ps = preds[v]!;
    if (ps.length === 0) return assert.equal(node.layer, 0, `source ${v} in layer 0`);
    for (const p of ps) assert.ok(layout.nodes[p]!.layer < node.layer, `edge ${p} → ${v} goes down`);
    assert.ok(
      ps.some((p) => layout.nodes[p]!.layer === node.layer - 1),
      `node ${v} sits right after its latest predecessor`,
    );
  });
}

function segmentsCross(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const side = (a: Point, b: Point, c: Point) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  const d1 = side(q1, q2, p1);
  const d2 = side(q1, q2, p2);
  const d3 = side(p1, p2, q1);
  const d4 = side(p1, p2, q2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Proper intersections between the drawn polylines (shared end points do not count). */
function geometricCrossings(layout: DagLayout): number {
  let count = 0;
  const routes = layout.edges.map((e) => e.points);
  for (let i = 0; i < routes.length; i++) {
    for (let j = i + 1; j < routes.length; j++) {
      const a = routes[i]!;
      const b = routes[j]!;
      for (let s = 0; s + 1 < a.length; s++)
        for (let t = 0; t + 1 < b.length; t++) if (segmentsCross(a[s]!, a[s + 1]!, b[t]!, b[t + 1]!)) count++;
    }
  }
  return count;
}

test('layers follow the longest path from the sources', () => {
  const g = graph(
    ['prepare', 'featurize', 'train', 'evaluate', 'report'],
    ['prepare>featurize', 'featurize>train', 'prepare>train', 'train>evaluate', 'prepare>evaluate', 'evaluate>report'],
  );
  const layout = layoutDag(g);
  assert.deepEqual(
    layout.nodes.map((n) => n.layer),
    [0, 1, 2, 3, 4],
  );
  assert.equal(layout.layers, 5);
  assertLongestPathLayers(g, layout);
  assertNoOverlap(layout);
  // Sources left: x grows with the layer.
  for (const e of g.edges) assert.ok(layout.nodes[e.from]!.x + layout.nodes[e.from]!.width <= layout.nodes[e.to]!.x);
});

test('every edge is a polyline from the producer’s right side to the consumer’s left side, long edges through one point pair per layer', () => {
  const g = graph(['a', 'b', 'c', 'd'], ['a>b', 'b>c', 'c>d', 'a>d']);
  const layout = layoutDag(g);
  for (const e of layout.edges) {
    const [from, to] = [layout.nodes[e.from]!, layout.nodes[e.to]!];
    const first = e.points[0]!;
    const last = e.points.at(-1)!;
    assert.equal(first.x, from.x + from.width);
    assert.ok(first.y > from.y && first.y < from.y + from.height);
    assert.equal(last.x, to.x);
    assert.ok(last.y > to.y && last.y < to.y + to.height);
    for (let k = 1; k < e.points.length; k++) assert.ok(e.points[k]!.x >= e.points[k - 1]!.x, 'runs left to right');
  }
  const long = layout.edges[3]!;
  assert.equal(long.points.length, 2 + 2 * 2, 'a → d crosses layers 1 and 2');
  // The long edge's way through layers 1 and 2 stays clear of the nodes there.
  for (const p of long.points.slice(1, -1)) {
    for (const n of layout.nodes)
      assert.ok(
        !(p.x > n.x && p.x < n.x + n.width && p.y >= n.y && p.y <= n.y + n.height),
        'no route point inside a node',
      );
  }
  assert.ok(layout.width >= Math.max(...layout.nodes.map((n) => n.x + n.width)));
  assert.ok(layout.height >= Math.max(...layout.nodes.map((n) => n.y + n.height)));
});

test('barycenter ordering draws fewer crossings than the input order on a known graph', () => {
  // Input order interleaves two independent chains: drawn naïvely their edges cross at every layer.
  const g = graph(
    ['a1', 'b1', 'a2', 'b2', 'c2', 'a3', 'b3', 'c3', 'd3'],
    ['a1>b2', 'a1>c2', 'b1>a2', 'a2>b3', 'a2>d3', 'b2>a3', 'c2>c3', 'a1>d3', 'b1>c3'],
  );
  const naive = layoutDag(g, { sweeps: 0 });
  const swept = layoutDag(g);
  const before = geometricCrossings(naive);
  const after = geometricCrossings(swept);
  assert.ok(before > 0, `the input order has crossings (${before})`);
  assert.ok(after < before, `crossings: ${after} after sweeps, ${before} in input order`);
  assertNoOverlap(swept);
});

test('the layout depends on the graph, not on the order its edges are listed in, and leaves its input as it was', () => {
  const g = graph(['x', 'y', 'z', 'w', 'v'], ['x>z', 'y>z', 'x>w', 'z>v', 'w>v', 'y>v']);
  const copy: LayoutInput = { nodes: g.nodes.map((n) => ({ ...n })), edges: g.edges.map((e) => ({ ...e })) };
  const layout = layoutDag(g);
  assert.deepEqual({ nodes: g.nodes, edges: g.edges }, copy);
  const reversed = layoutDag({ nodes: copy.nodes, edges: [...copy.edges].reverse() });
  assert.deepEqual(reversed.nodes, layout.nodes);
  assert.deepEqual([...reversed.edges].reverse(), layout.edges);
  assert.deepEqual([reversed.width, reversed.height, reversed.layers], [layout.width, layout.height, layout.layers]);
});

test('a dependency cycle is layered as one node: its stages share a layer between what they read and what reads them', () => {
  const g = graph(['src', 'a', 'b', 'c', 'sink', 'self'], ['src>a', 'a>b', 'b>c', 'c>a', 'c>sink', 'self>self']);
  const layout = layoutDag(g);
  const layerOf = (name: string) => layout.nodes[g.at(name)]!.layer;
  assert.deepEqual(['src', 'a', 'b', 'c', 'sink'].map(layerOf), [0, 1, 1, 1, 2]);
  for (const name of ['a', 'b', 'c', 'self'])
    assert.equal(layout.nodes[g.at(name)]!.onCycle, true, `${name} is on a cycle`);
  for (const name of ['src', 'sink']) assert.equal(layout.nodes[g.at(name)]!.onCycle, false);
  const marked = layout.edges.filter((e) => e.onCycle).map((e) => `${e.from}>${e.to}`);
  assert.deepEqual(
    marked,
    ['a>b', 'b>c', 'c>a', 'self>self'].map((p) =>
      p
        .split('>')
        .map((n) => g.at(n))
        .join('>'),
    ),
  );
  // Every edge between layers still runs left to right, sources left.
  for (const e of layout.edges.filter((x) => !x.onCycle)) {
    for (let k = 1; k < e.points.length; k++) assert.ok(e.points[k]!.x >= e.points[k - 1]!.x, 'left to right');
  }
  // The edges inside the cycle are brackets in the gap right of its column, clear of every node.
  const column = Math.max(...['a', 'b', 'c'].map((n) => layout.nodes[g.at(n)]!.x + layout.nodes[g.at(n)]!.width));
  const next = layout.nodes[g.at('sink')]!.x;
  for (const e of layout.edges.filter((x) => x.onCycle && x.from !== g.at('self'))) {
    const outer = Math.max(...e.points.map((p) => p.x));
    assert.ok(outer > column && outer < next, `bracket at x=${outer} between ${column} and ${next}`);
  }
  for (const e of layout.edges)
    assert.ok(e.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.x <= layout.width));
  assertNoOverlap(layout);
});

test('an edge naming a missing node is refused with a message', () => {
  assert.throws(
    () => layoutDag({ nodes: [{ width: 10, height: 10 }], edges: [{ from: 0, to: 3 }] }),
    /edge 0 \(0 → 3\) names a node outside 0\.\.0/,
  );
  assert.deepEqual(layoutDag({ nodes: [], edges: [] }), { nodes: [], edges: [], layers: 0, width: 0, height: 0 });
});

test('a generated 1,000-stage pipeline is laid out without overlaps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dag-layout-'));
  try {
    writeLargePipeline(dir, 1000);
    const ws = loadWorkspace(dir);
    const ids = [...ws.nodes.keys()];
    assert.equal(ids.length, 1000);
    const index = new Map(ids.map((id, i) => [id, i]));
    const input: LayoutInput = {
      nodes: ids.map((id) => ({ width: 60 + id.length * 7, height: 40 })),
      edges: ids.flatMap((id) =>
        (ws.graph.upstream.get(id) ?? []).map((up) => ({ from: index.get(up)!, to: index.get(id)! })),
      ),
    };
    assert.ok(input.edges.length > 1000);
    const layout = layoutDag(input);
    assert.equal(layout.nodes.length, 1000);
    assert.equal(layout.edges.length, input.edges.length);
    assertLongestPathLayers(input, layout);
    assertNoOverlap(layout);
    assert.ok(layout.nodes.every((n) => !n.onCycle));
    for (const e of layout.edges)
      assert.ok(
        e.points.every(
          (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.x <= layout.width && p.y <= layout.height + 1e-6,
        ),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
