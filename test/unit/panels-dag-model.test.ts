import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { dagGraph, dagStatuses } from '../../src/extension/panels/dag-model';
import { dagNodeMetrics, dagNodeWidth, isDagHostMessage, isDagPanelMessage } from '../../src/webview/contract';

test('the example pipeline becomes three nodes and the edges `dvc dag` draws, laid out left to right', () => {
  const graph = dagGraph(loadWorkspace(join(__dirname, '../../examples/blob-classifier')));
  assert.deepEqual(graph.nodes, [
    { id: 'prepare', file: 'dvc.yaml' },
    { id: 'train', file: 'dvc.yaml' },
    { id: 'evaluate', file: 'dvc.yaml' },
  ]);
  const ids = graph.nodes.map((n) => n.id);
  assert.deepEqual(graph.layout.edges.map((e) => `${ids[e.from]}>${ids[e.to]}`).sort(), [
    'prepare>evaluate',
    'prepare>train',
    'train>evaluate',
  ]);
  assert.deepEqual(
    graph.layout.nodes.map((n) => n.layer),
    [0, 1, 2],
  );
  graph.layout.nodes.forEach((n, i) => {
    assert.equal(n.height, dagNodeMetrics.height);
    assert.equal(n.width, dagNodeWidth(ids[i]!));
  });
});

test('the signature changes with an edge, not with anything else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dag-model-'));
  const write = (trainDeps: string, cmd = 'python a.py') =>
    writeFileSync(
      join(dir, 'dvc.yaml'),
      `stages:\n  a:\n    cmd: ${cmd}\n    outs: [a.txt]\n  b:\n    cmd: python b.py\n    deps: [${trainDeps}]\n    outs: [b.txt]\n`,
    );
  try {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub/dvc.yaml'), 'stages:\n  c:\n    cmd: cat ../b.txt\n    deps: [../b.txt]\n');
    write('a.txt');
    const first = dagGraph(loadWorkspace(dir));
    assert.deepEqual(
      first.nodes.map((n) => n.id),
      ['a', 'b', 'sub/dvc.yaml:c'],
    );
    assert.equal(first.nodes[2]!.file, 'sub/dvc.yaml');
    write('a.txt', 'python a.py --fast');
    assert.equal(dagGraph(loadWorkspace(dir)).signature, first.signature, 'a cmd edit keeps the drawing');
    write('other.txt');
    const second = dagGraph(loadWorkspace(dir));
    assert.notEqual(second.signature, first.signature, 'losing the a → b edge redraws');
    assert.equal(second.layout.edges.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('statuses: what is happening now wins over the computed status; reasons kept', () => {
  const stages = [
    { id: 'a', view: 'changed' as const, reasons: ['dep changed: x'] },
    { id: 'b', view: 'up-to-date' as const, reasons: [] },
  ];
  const statuses = dagStatuses({ all: () => stages, viewOf: (id) => (id === 'a' ? 'running' : undefined) });
  assert.deepEqual(statuses, {
    a: { status: 'running', reasons: ['dep changed: x'] },
    b: { status: 'up-to-date', reasons: [] },
  });
});

test('node width grows with the label, within bounds', () => {
  assert.equal(dagNodeWidth('a'), dagNodeMetrics.minWidth);
  assert.equal(dagNodeWidth('x'.repeat(500)), dagNodeMetrics.maxWidth);
  assert.ok(dagNodeWidth('MMMMMMMMMMMMMMM') > dagNodeWidth('iiiiiiiiiiiiiii'));
});

test('panel messages are checked before the host acts on them: a stage id goes into a command', () => {
  assert.equal(isDagPanelMessage({ type: 'ready' }), true);
  assert.equal(isDagPanelMessage({ type: 'reveal', stageId: 'train' }), true);
  assert.equal(isDagPanelMessage({ type: 'run', stageId: 'train', mode: 'downstream' }), true);
  for (const bad of [
    null,
    'run',
    { type: 'run', stageId: 'train', mode: 'everything' },
    { type: 'run', mode: 'single' },
    { type: 'reveal', stageId: 3 },
    { type: 'command', command: 'x' },
  ]) {
    assert.equal(isDagPanelMessage(bad), false, JSON.stringify(bad));
  }
  assert.equal(isDagHostMessage({ type: 'statusUpdated', statuses: {} }), true);
  assert.equal(isDagHostMessage({ type: 'append' }), false, 'a metrics panel message is not a graph message');
});
