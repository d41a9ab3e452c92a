import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageView } from '../../src/core/runner/stage-view';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { dagDrawing, dagStages, dagStatuses } from '../../src/extension/panels/dag-model';
import {
  dagLabelWidth,
  dagNodeMetrics,
  dagNodeWidth,
  isDagHostMessage,
  isDagPanelMessage,
  MIN_LEGIBLE_SCALE,
  type DagNodeInfo,
} from '../../src/webview/contract';

const big = { width: 1600, height: 900 };
const poprox = dagStages(loadWorkspace(join(__dirname, '../fixtures/poprox-recommender')));

test('the example pipeline becomes three nodes and the edges `dvc dag` draws, laid out left to right', () => {
  const stages = dagStages(loadWorkspace(join(__dirname, '../../examples/blob-classifier')));
  const graph = dagDrawing(stages, { window: big });
  assert.deepEqual(graph.nodes, [
    { kind: 'stage', id: 'prepare', label: 'prepare', file: 'dvc.yaml' },
    { kind: 'stage', id: 'train', label: 'train', file: 'dvc.yaml' },
    { kind: 'stage', id: 'evaluate', label: 'evaluate', file: 'dvc.yaml' },
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

const groupsOf = (nodes: DagNodeInfo[]) => nodes.filter((n) => n.kind === 'group').map((n) => n.id);

test('a real 91-stage pipeline: in a large window every group open; in a small one, groups folded to stay legible', () => {
  const open = dagDrawing(poprox, { window: { width: 4000, height: 6000 } });
  assert.equal(open.nodes.length, 96, 'room for all: every stage and each of the 5 .dvc files drawn');
  assert.equal(open.expanded.size, poprox.groups.length);
  const wide = { width: 2600, height: 900 };
  const small = dagDrawing(poprox, { window: wide });
  const fitScale = Math.min((wide.width - 48) / small.layout.width, (wide.height - 48) / small.layout.height);
  assert.ok(fitScale >= MIN_LEGIBLE_SCALE, `the first view fits whole at ${fitScale.toFixed(2)}: names ≥ 10 px`);
  assert.ok(small.nodes.length < 96, 'some groups folded');
  // Narrower than even the folded drawing: the reader pans along the flow, so only the height has to fit.
  const narrow = dagDrawing(poprox, { window: big });
  assert.ok((big.height - 48) / narrow.layout.height >= MIN_LEGIBLE_SCALE, 'the height fits at a legible scale');
  assert.ok((big.width - 48) / narrow.layout.width < MIN_LEGIBLE_SCALE, 'the width does not');
  // Smallest groups open first: every group left open is no larger than any folded one.
  const size = new Map(poprox.groups.map((g) => [g.id, g.members.length]));
  const folded = groupsOf(small.nodes);
  const opened = [...small.expanded];
  assert.ok(folded.length > 0 && opened.length > 0);
  assert.ok(Math.max(...opened.map((g) => size.get(g)!)) <= Math.min(...folded.map((g) => size.get(g)!)));
  const matrix = small.nodes.find((n) => n.id === 'measure-poprox');
  assert.ok(
    matrix?.kind === 'group' && matrix.members.length === 18 && matrix.expansion === 'matrix',
    'the matrix is one node',
  );
  // Every stage is drawn exactly once, as itself or inside its group.
  const drawn = small.nodes.flatMap((n) => (n.kind === 'group' ? n.members : [n.id]));
  assert.deepEqual([...drawn].sort(), poprox.refs.map((r) => r.id).sort());
});

test('the reader’s choice of open groups is kept; an open group’s stages name it and show only their key', () => {
  const drawing = dagDrawing(poprox, { window: big, expanded: new Set(['measure-poprox']) });
  assert.deepEqual(drawing.nodes.filter((n) => n.kind === 'stage' && n.group === 'measure-poprox').length, 18);
  assert.equal(groupsOf(drawing.nodes).length, poprox.groups.length - 1);
  const member = drawing.nodes.find((n) => n.id === 'measure-poprox@poprox-recent-nrms_topic_scores');
  assert.deepEqual(member && { ...member, label: '' }, {
    kind: 'stage',
    id: 'measure-poprox@poprox-recent-nrms_topic_scores',
    label: '',
    file: 'dvc.yaml',
    group: 'measure-poprox',
  });
  // Too long for the widest box even alone: the key's start, not the template's, is what stays.
  assert.match(member?.label ?? '', /^@poprox-recent-nrms_topic_\w*…$/);
  const short = drawing.nodes.find((n) => n.id === 'measure-poprox@poprox-nrms');
  assert.equal(short?.label, 'measure-poprox@poprox-nrms', 'a name that fits is shown whole');
  const sub = dagDrawing(poprox, { window: big, expanded: new Set(['data/dvc.yaml:unzip']) }).nodes.find(
    (n) => n.id === 'data/dvc.yaml:unzip@MINDsmall_dev',
  );
  assert.equal(sub?.label, 'unzip@MINDsmall_dev', 'the file is in the tooltip, not the label');
});

test('focus: a stage with its upstream and downstream only, its own group open', () => {
  const id = 'measure-mind-small@nrms';
  const drawing = dagDrawing(poprox, { window: big, focus: id });
  assert.equal(drawing.focus, id);
  const drawn = drawing.nodes.flatMap((n) => (n.kind === 'group' ? n.members : [n.id])).sort();
  assert.deepEqual(drawn, [
    'collect-metrics@mind-small',
    'data/MINDlarge_dev.zip.dvc',
    'data/MINDlarge_train.zip.dvc',
    'data/MINDsmall_dev.zip.dvc',
    'data/dvc.yaml:ingest-mind@MINDsmall_dev',
    'data/dvc.yaml:preprocess-training-data',
    'data/dvc.yaml:unzip@MINDlarge_dev',
    'data/dvc.yaml:unzip@MINDlarge_train',
    'data/dvc.yaml:unzip@MINDsmall_dev',
    'measure-mind-small@nrms',
    'models/dvc.yaml:train-nrms-mind',
    'notebooks/dvc.yaml:basic-results@mind-small',
    'notebooks/dvc.yaml:mind-quick-summary',
    'recommend-mind-small@nrms',
  ]);
  // Eleven stages and three .dvc files in a chain wider than the window: nothing is folded, the reader pans.
  assert.equal(drawing.nodes.length, 14);
  assert.ok(drawn.includes('recommend-mind-small@nrms') && drawn.includes('collect-metrics@mind-small'));
  assert.ok(!drawn.some((d) => d.startsWith('measure-mind-val')), 'a sibling pipeline is left out');
  assert.ok(
    drawing.nodes.some((n) => n.kind === 'stage' && n.id === id),
    'the focused stage is drawn as itself',
  );
  assert.equal(dagDrawing(poprox, { window: big, focus: 'gone' }).focus, undefined, 'a vanished stage: no focus');
});

test('long names are cut in the template part: the key that differs stays whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dag-model-'));
  try {
    const template = 'a_very_long_template_name_for_generating_recommendations_everywhere';
    writeFileSync(
      join(dir, 'dvc.yaml'),
      `stages:\n  ${template}:\n    foreach: [ml-100k, ml-1m]\n    do:\n      cmd: echo \${item}\n`,
    );
    const drawing = dagDrawing(dagStages(loadWorkspace(dir)), { window: big, expanded: new Set([template]) });
    const labels = drawing.nodes.map((n) => n.label);
    assert.equal(labels.length, 2);
    for (const [i, key] of ['@ml-100k', '@ml-1m'].entries()) {
      assert.ok(labels[i]!.endsWith(`…${key}`), `${labels[i]} keeps ${key}`);
      assert.ok(
        dagLabelWidth(labels[i]!) <= dagNodeMetrics.maxWidth - dagNodeMetrics.padLeft - dagNodeMetrics.padRight,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    const first = dagStages(loadWorkspace(dir));
    const nodes = dagDrawing(first, { window: big }).nodes;
    assert.deepEqual(
      nodes.map((n) => [n.id, n.label, n.file]),
      [
        ['a', 'a', 'dvc.yaml'],
        ['b', 'b', 'dvc.yaml'],
        ['sub/dvc.yaml:c', 'c', 'sub/dvc.yaml'],
      ],
    );
    write('a.txt', 'python a.py --fast');
    assert.equal(dagStages(loadWorkspace(dir)).signature, first.signature, 'a cmd edit keeps the drawing');
    write('other.txt');
    const second = dagStages(loadWorkspace(dir));
    assert.notEqual(second.signature, first.signature, 'losing the a → b edge redraws');
    assert.equal(dagDrawing(second, { window: big }).layout.edges.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("statuses: only what is drawn, with the views' labels; a folded group shows its worst member and counts", () => {
  const views: Record<string, StageView> = { a: 'running', b: 'up-to-date', 't@1': 'up-to-date', 't@2': 'changed' };
  const reasons: Record<string, string[]> = { a: ['dep changed: x'] };
  const nodes: DagNodeInfo[] = [
    { kind: 'stage', id: 'a', label: 'a', file: 'dvc.yaml' },
    { kind: 'stage', id: 'b', label: 'b', file: 'dvc.yaml' },
    { kind: 'stage', id: 'c', label: 'c', file: 'dvc.yaml' },
    { kind: 'group', id: 't', label: 't', file: 'dvc.yaml', expansion: 'foreach', members: ['t@1', 't@2', 't@3'] },
  ];
  const out = dagStatuses({ viewOf: (id) => views[id], reasonsOf: (id) => reasons[id] ?? [] }, nodes);
  assert.deepEqual(out.statuses, {
    a: { status: 'running', label: 'running', reasons: ['dep changed: x'] },
    b: { status: 'up-to-date', label: 'up to date', reasons: [] },
    c: { status: 'unknown', label: 'checking…', reasons: [] },
  });
  assert.deepEqual(out.groups, {
    t: { status: 'changed', counts: '3 expansions · 1 changed · 1 checking… · 1 up to date' },
  });
  // The legend counts the folded members too, worst first.
  assert.deepEqual(out.summary, [
    { status: 'running', label: 'running', count: 1 },
    { status: 'changed', label: 'changed', count: 1 },
    { status: 'unknown', label: 'checking…', count: 2 },
    { status: 'up-to-date', label: 'up to date', count: 2 },
  ]);
});

test('node width grows with the label, within bounds', () => {
  assert.equal(dagNodeWidth('a'), dagNodeMetrics.minWidth);
  assert.equal(dagNodeWidth('x'.repeat(500)), dagNodeMetrics.maxWidth);
  assert.ok(dagNodeWidth('MMMMMMMMMMMMMMM') > dagNodeWidth('iiiiiiiiiiiiiii'));
});

test('panel messages are checked before the host acts on them: a stage id goes into a command', () => {
  for (const good of [
    { type: 'ready', window: { width: 800, height: 600 } },
    { type: 'reveal', stageId: 'train' },
    { type: 'run', stageId: 'train', mode: 'downstream' },
    { type: 'openGroups', groupId: 'train', open: true },
    { type: 'openGroups', open: false },
    { type: 'focusStage', stageId: 'train' },
    { type: 'focusStage' },
  ])
    assert.equal(isDagPanelMessage(good), true, JSON.stringify(good));
  for (const bad of [
    null,
    'run',
    { type: 'ready' },
    { type: 'ready', window: { width: -1, height: 600 } },
    { type: 'ready', window: { width: Number.POSITIVE_INFINITY, height: 600 } },
    { type: 'run', stageId: 'train', mode: 'everything' },
    { type: 'run', mode: 'single' },
    { type: 'reveal', stageId: 3 },
    { type: 'openGroups', groupId: 7, open: true },
    { type: 'openGroups', groupId: 'x' },
    { type: 'focusStage', stageId: ['x'] },
    { type: 'command', command: 'x' },
  ]) {
    assert.equal(isDagPanelMessage(bad), false, JSON.stringify(bad));
  }
  assert.equal(isDagHostMessage({ type: 'statusUpdated', statuses: {}, groups: {} }), true);
  assert.equal(isDagHostMessage({ type: 'append' }), false, 'a metrics panel message is not a graph message');
});
