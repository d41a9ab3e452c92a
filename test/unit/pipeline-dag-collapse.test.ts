import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collapseGraph,
  firstExpansion,
  neighbourhood,
  type CollapsedGraph,
  type GroupedGraph,
} from '../../src/core/pipeline/dag-collapse';

// split@a, split@b, split@c (group 0) → train@a/b/c (group 1) → report; prepare → every split.
const names = ['prepare', 'split@a', 'split@b', 'split@c', 'train@a', 'train@b', 'train@c', 'report', 'lonely'];
const at = (n: string) => names.indexOf(n);
const graph: GroupedGraph = {
  groupOf: [-1, 0, 0, 0, 1, 1, 1, -1, -1],
  groupCount: 2,
  edges: [
    ['prepare', 'split@a'],
    ['prepare', 'split@b'],
    ['prepare', 'split@c'],
    ['split@a', 'train@a'],
    ['split@b', 'train@b'],
    ['split@c', 'train@c'],
    ['train@a', 'report'],
    ['train@b', 'report'],
    ['train@c', 'report'],
  ].map(([a, b]) => ({ from: at(a!), to: at(b!) })),
};

/** Node names (`split(3)` for a folded group) and edges as `a>b`. */
function show(c: CollapsedGraph): { nodes: string[]; edges: string[] } {
  const label = (i: number) => {
    const n = c.nodes[i]!;
    return n.kind === 'stage' ? names[n.stage]! : `${names[n.members[0]!]!.split('@')[0]}(${n.members.length})`;
  };
  return { nodes: c.nodes.map((_, i) => label(i)), edges: c.edges.map((e) => `${label(e.from)}>${label(e.to)}`) };
}

test('folded groups become one node each, with one edge per pair of nodes', () => {
  const c = collapseGraph(graph, new Set());
  assert.deepEqual(show(c), {
    nodes: ['prepare', 'split(3)', 'train(3)', 'report', 'lonely'],
    edges: ['prepare>split(3)', 'split(3)>train(3)', 'train(3)>report'],
  });
  assert.deepEqual([...c.nodeOf], [0, 1, 1, 1, 2, 2, 2, 3, 4]);
});

test('an open group shows its members; edges to a folded neighbour merge', () => {
  assert.deepEqual(show(collapseGraph(graph, new Set([0]))), {
    nodes: ['prepare', 'split@a', 'split@b', 'split@c', 'train(3)', 'report', 'lonely'],
    edges: [
      'prepare>split@a',
      'prepare>split@b',
      'prepare>split@c',
      'split@a>train(3)',
      'split@b>train(3)',
      'split@c>train(3)',
      'train(3)>report',
    ],
  });
  const all = collapseGraph(graph, new Set([0, 1]));
  assert.equal(all.nodes.length, names.length);
  assert.equal(all.edges.length, graph.edges.length);
});

test('edges inside a folded group are dropped, not drawn as a loop', () => {
  const chained: GroupedGraph = {
    groupOf: [0, 0, 0],
    groupCount: 1,
    edges: [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ],
  };
  assert.deepEqual(collapseGraph(chained, new Set()).edges, []);
});

test('focus keeps a stage with everything up- and downstream, and a folded group counts only its kept members', () => {
  const around = neighbourhood(names.length, graph.edges, at('train@b'));
  assert.deepEqual([...around].map((i) => names[i]).sort(), ['prepare', 'report', 'split@b', 'train@b']);
  assert.deepEqual(show(collapseGraph(graph, new Set(), around)), {
    nodes: ['prepare', 'split(1)', 'train(1)', 'report'],
    edges: ['prepare>split(1)', 'split(1)>train(1)', 'train(1)>report'],
  });
  assert.deepEqual(
    [...neighbourhood(names.length, graph.edges, at('lonely'))],
    [at('lonely')],
    'a stage with no neighbours stands alone',
  );
  // A cycle does not loop the walk.
  const cyc = neighbourhood(
    3,
    [
      { from: 0, to: 1 },
      { from: 1, to: 0 },
      { from: 1, to: 2 },
    ],
    2,
  );
  assert.deepEqual([...cyc].sort(), [0, 1, 2]);
});

test('first view: every group open when legible, the smallest first when not, none when nothing is', () => {
  const sized: GroupedGraph = {
    // group 0: 2 stages, group 1: 5, group 2: 3, plus one plain stage.
    groupOf: [0, 0, 1, 1, 1, 1, 1, 2, 2, 2, -1],
    groupCount: 3,
    edges: [],
  };
  const upTo = (max: number) => (c: CollapsedGraph) => c.nodes.length <= max;
  assert.deepEqual([...firstExpansion(sized, upTo(100))].sort(), [0, 1, 2]);
  // Folded: 4 nodes. Opening group 0 (2) → 5 nodes; then group 2 (3) → 7; then group 1 (5) → 11.
  assert.deepEqual([...firstExpansion(sized, upTo(7))].sort(), [0, 2]);
  assert.deepEqual([...firstExpansion(sized, upTo(6))], [0]);
  assert.deepEqual([...firstExpansion(sized, upTo(4))], []);
  assert.deepEqual([...firstExpansion(sized, upTo(1))], [], 'nothing legible: all folded');
  assert.deepEqual(
    [...firstExpansion(sized, upTo(1), undefined, 1)],
    [1],
    'a focused stage’s group is open regardless',
  );
  // Within a focus, group sizes count only the kept stages.
  const only = new Set([2, 7, 8, 9]);
  assert.deepEqual([...firstExpansion(sized, upTo(2), only)], [1], 'group 1 has one kept stage: the smallest now');
});
