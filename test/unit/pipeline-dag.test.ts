// The stage graph: edges as DVC draws them (dep equal to, inside, or containing an out; wdir respected),
// stable topological order, whole cycles, and the printed forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDag, dagToDot, dagToJson, dagToMermaid } from '../../src/core/pipeline/dag';
import { pipeline, stage } from '../support/pipeline-builder';

const ids = (dag: ReturnType<typeof buildDag>, list: number[]) => list.map((i) => dag.nodes[i]!.id);
const edges = (dag: ReturnType<typeof buildDag>) =>
  dag.edges.map((e) => `${dag.nodes[e.from]!.id}>${dag.nodes[e.to]!.id}`);

test('edges: same path, dep inside an out folder, dep folder containing an out, across wdir and files', () => {
  const root = pipeline('/w/dvc.yaml', [
    stage('prepare', { deps: ['raw.csv'], outs: ['data/prepared'] }),
    stage('featurize', { deps: ['data/prepared/train.csv'], outs: ['features.pkl'], wdir: '.' }),
    stage('train', { deps: ['../features.pkl', './../data'], outs: ['model.pkl'], wdir: 'src' }),
    stage('report', { deps: ['sub/metrics.json', 'https://example.com/x'] }),
  ]);
  const sub = pipeline('/w/sub/dvc.yaml', [stage('evaluate', { deps: ['../src/model.pkl'], outs: ['metrics.json'] })]);
  const dag = buildDag([root, sub]);
  assert.deepEqual(edges(dag), [
    'prepare>featurize',
    'featurize>train',
    'prepare>train',
    'sub/dvc.yaml:evaluate>report',
    'train>sub/dvc.yaml:evaluate',
  ]);
  assert.deepEqual(ids(dag, dag.order), ['prepare', 'featurize', 'train', 'sub/dvc.yaml:evaluate', 'report']);
  assert.deepEqual(dag.cycles, []);
  assert.equal(dag.edges[0]!.path, '/w/data/prepared');
});

test('topological order keeps file order among independent stages', () => {
  const p = pipeline('/w/dvc.yaml', [
    stage('c', { deps: ['b.out'] }),
    stage('a', { outs: ['a.out'] }),
    stage('b', { deps: ['a.out'], outs: ['b.out'] }),
    stage('z'),
  ]);
  const dag = buildDag([p]);
  assert.deepEqual(ids(dag, dag.order), ['a', 'b', 'c', 'z']);
});

test('cycles are reported whole, with a walk through them; stages behind a cycle are out of the order', () => {
  const p = pipeline('/w/dvc.yaml', [
    stage('a', { deps: ['c.out'], outs: ['a.out'] }),
    stage('b', { deps: ['a.out'], outs: ['b.out'] }),
    stage('c', { deps: ['b.out', 'd.out'], outs: ['c.out'] }),
    stage('d', { deps: ['c.out'], outs: ['d.out'] }),
    stage('after', { deps: ['d.out'] }),
    stage('self', { deps: ['s.out'], outs: ['s.out'] }),
    stage('free'),
  ]);
  const dag = buildDag([p]);
  assert.deepEqual(
    dag.cycles.map((c) => [ids(dag, c.stages), ids(dag, c.path)]),
    [
      [
        ['a', 'b', 'c', 'd'],
        ['a', 'b', 'c'],
      ],
      [['self'], ['self']],
    ],
  );
  assert.deepEqual(ids(dag, dag.order), ['free']);
});

test('dot, mermaid and json forms', () => {
  const p = pipeline('/w/dvc.yaml', [stage('a', { outs: ['x'] }), stage('b "q"', { deps: ['x'] })]);
  const dag = buildDag([p]);
  assert.equal(dagToDot(dag), 'strict digraph {\n"a";\n"b \\"q\\"";\n"a" -> "b \\"q\\"";\n}\n');
  assert.equal(dagToMermaid(dag), 'flowchart TD\n\tnode1["a"]\n\tnode2["b #quot;q#quot;"]\n\tnode1-->node2\n');
  assert.deepEqual(dagToJson(dag), {
    nodes: [
      { id: 'a', name: 'a', file: '/w/dvc.yaml' },
      { id: 'b "q"', name: 'b "q"', file: '/w/dvc.yaml' },
    ],
    edges: [{ from: 'a', to: 'b "q"', path: '/w/x' }],
    order: ['a', 'b "q"'],
    cycles: [],
  });
});
