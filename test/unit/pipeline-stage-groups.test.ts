import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  distinctFrom,
  groupStages,
  shortenKeepingTail,
  stagesUnder,
  templateId,
  uniqueNames,
  type StageRef,
  type StageTreeNode,
} from '../../src/core/pipeline/stage-groups';
import { loadWorkspace } from '../../src/core/runner/workspace';

const poprox = join(__dirname, '../fixtures/poprox-recommender');

function refs(root: string): StageRef[] {
  const ws = loadWorkspace(root);
  return [...ws.nodes.values()].map((n) => ({
    id: n.id,
    file: n.pipeline.file.slice(ws.root.length + 1),
    name: n.stage.name,
    ...(n.stage.expansion ? { expansion: n.stage.expansion } : {}),
  }));
}

/** The tree as lines: `file`, `  template (n)`, `    label` — what a reader of the view would see. */
function outline(nodes: StageTreeNode<StageRef>[], indent = ''): string[] {
  return nodes.flatMap((n) => {
    switch (n.kind) {
      case 'stage':
        return [`${indent}${n.label}`];
      case 'template':
        return [`${indent}${n.template} [${n.expansion}] (${n.members.length})`, ...outline(n.members, `${indent}  `)];
      case 'file':
        return [`${indent}${n.file}`, ...outline(n.children, `${indent}  `)];
    }
  });
}

test('a real four-file pipeline: one group per dvc.yaml, one per foreach/matrix template, labels showing the key', () => {
  const stages = refs(poprox);
  const tree = groupStages(stages);
  const lines = outline(tree);
  assert.deepEqual(
    lines.filter((l) => !l.startsWith('    ')),
    [
      // `.dvc` files are nodes of the graph (as `dvc dag` draws them): a row each, named by path, never a group.
      'data/MINDlarge_dev.zip.dvc',
      'data/MINDlarge_train.zip.dvc',
      'data/MINDsmall_dev.zip.dvc',
      'data/MINDsmall_train.zip.dvc',
      'data/POPROX.dvc',
      'data/dvc.yaml',
      '  unzip [foreach] (4)',
      '  ingest-mind [foreach] (4)',
      '  ingest-poprox',
      '  preprocess-training-data',
      'dvc.yaml',
      '  recommend-mind-val [foreach] (6)',
      '  measure-mind-val [foreach] (6)',
      '  recommend-mind-small [foreach] (6)',
      '  measure-mind-small [foreach] (6)',
      '  recommend-mind-subset [foreach] (6)',
      '  measure-mind-subset [foreach] (6)',
      '  recommend-poprox [foreach] (6)',
      '  recommend-poprox-latest [foreach] (6)',
      '  recommend-poprox-recent [foreach] (6)',
      '  measure-poprox [matrix] (18)',
      '  collect-metrics [foreach] (3)',
      'models/dvc.yaml',
      '  train-nrms-mind',
      'notebooks/dvc.yaml',
      '  basic-template',
      '  basic-results [foreach] (3)',
      '  mind-quick-summary',
    ],
    'files in discovery order, groups where their first member is',
  );
  assert.equal(tree.length, 9);
  assert.ok(lines.includes('    @MINDlarge_dev'), 'a foreach member is labelled by its key');
  assert.ok(lines.includes('    @poprox-recent-nrms_topic_scores'), 'a matrix member by its joined key');
  // Nothing is lost or repeated: the leaves are the stages, once each.
  const leaves = tree.flatMap((n) => stagesUnder(n)).map((s) => s.id);
  assert.deepEqual([...leaves].sort(), stages.map((s) => s.id).sort());
  const measure = (tree[6] as Extract<StageTreeNode<StageRef>, { kind: 'file' }>).children.find(
    (c) => c.kind === 'template' && c.template === 'measure-poprox',
  );
  assert.equal(
    measure?.kind === 'template' && measure.id,
    'measure-poprox',
    'the root file’s group is addressed as DVC does',
  );
  const unzip = (tree[5] as Extract<StageTreeNode<StageRef>, { kind: 'file' }>).children[0];
  assert.equal(unzip?.kind === 'template' && unzip.id, 'data/dvc.yaml:unzip');
});

test('one file: its children at the top; a template with one expansion stays a plain row', () => {
  const s = (name: string, key?: string): StageRef => ({
    id: name,
    file: 'dvc.yaml',
    name,
    ...(key ? { expansion: { kind: 'foreach' as const, template: name.split('@')[0]!, key } } : {}),
  });
  const tree = groupStages([s('prepare'), s('train@us', 'us'), s('only@one', 'one'), s('train@eu', 'eu'), s('report')]);
  assert.deepEqual(outline(tree), ['prepare', 'train [foreach] (2)', '  @us', '  @eu', 'only@one', 'report']);
  assert.deepEqual(groupStages([]), []);
});

test('templateId and labels: the group address keeps the file prefix; same-named stages keep their file', () => {
  const sub: StageRef = {
    id: 'sub/dvc.yaml:train@a-1',
    file: 'sub/dvc.yaml',
    name: 'train@a-1',
    expansion: { kind: 'matrix', template: 'train', key: 'a-1' },
  };
  assert.equal(templateId(sub), 'sub/dvc.yaml:train');
  assert.equal(templateId({ id: 'x', file: 'dvc.yaml', name: 'x' }), undefined);
  assert.deepEqual(
    uniqueNames([
      sub,
      { id: 'report', file: 'dvc.yaml', name: 'report' },
      { id: 'b/dvc.yaml:report', file: 'b/dvc.yaml', name: 'report' },
    ]),
    ['train@a-1', 'report', 'b/dvc.yaml:report'],
  );
  assert.equal(distinctFrom('generate-recs@ml-100k-bias'), 'generate-recs'.length);
  assert.equal(distinctFrom('train'), 'train'.length);
});

test('shortening keeps the differing tail whole and cuts the template name; a tail too long keeps its start', () => {
  const chars = (t: string) => [...t].length;
  const label = 'generate-recs@ml-100k-bias';
  assert.equal(shortenKeepingTail(label, distinctFrom(label), 100, chars), label, 'fits: unchanged');
  assert.equal(shortenKeepingTail(label, distinctFrom(label), 20, chars), 'genera…@ml-100k-bias');
  assert.equal(shortenKeepingTail(label, distinctFrom(label), 14, chars), '…@ml-100k-bias');
  assert.equal(
    shortenKeepingTail(label, distinctFrom(label), 13, chars),
    '@ml-100k-bia…',
    'tail too long: the head goes, the tail is cut at its end',
  );
  assert.equal(shortenKeepingTail('a_plain_long_name', 17, 8, chars), 'a_plain…', 'no tail: cut at the end');
  for (let room = 2; room <= label.length; room++) {
    const out = shortenKeepingTail(label, distinctFrom(label), room, chars);
    assert.ok(chars(out) <= room, `fits in ${room}: ${out}`);
  }
  // Never splits a character made of two UTF-16 units.
  const emoji = 'stage😀😀😀@k';
  for (let room = 3; room < 12; room++)
    assert.doesNotMatch(shortenKeepingTail(emoji, 8, room, chars), /[\ud800-\udbff](?![\udc00-\udfff])/);
});
