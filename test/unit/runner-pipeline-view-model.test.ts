// The Pipeline view's rows and the dvc.yaml CodeLens as data, on a real public pipeline (POPROX: 91 stages in four
// dvc.yaml files, foreach over six recommenders and a 3 × 6 matrix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nodeFileSystem } from '../../src/core/fs';
import { loadPipeline } from '../../src/core/pipeline';
import { parseStageFilter } from '../../src/core/runner/stage-filter';
import type { StageView } from '../../src/core/runner/stage-view';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { pipelineLenses, type LensStatus } from '../../src/extension/runner/codelens-model';
import {
  outputDecoration,
  stageOutputs,
  trackedDecoration,
  trackedPaths,
} from '../../src/extension/runner/output-decorations';
import {
  pipelineChildren,
  pipelineRoots,
  pipelineRow,
  type PipelineNode,
  type ViewStage,
} from '../../src/extension/runner/pipeline-tree';

const root = join(__dirname, '../fixtures/poprox-recommender');
const ws = loadWorkspace(root);
const cycle: StageView[] = ['changed', 'up-to-date', 'never-run', 'changed', 'up-to-date', 'up-to-date', 'failed'];
const stateOf = new Map([...ws.nodes.keys()].map((id, i) => [id, cycle[i % cycle.length]!]));
const stages: ViewStage[] = [...ws.nodes.values()].map((n) => ({
  folder: root,
  id: n.id,
  file: n.pipeline.file.slice(ws.root.length + 1),
  name: n.stage.name,
  ...(n.stage.expansion ? { expansion: n.stage.expansion } : {}),
  state: stateOf.get(n.id)!,
  reasons: stateOf.get(n.id) === 'changed' ? ['dep changed: data/MINDsmall_dev.db'] : [],
}));

const find = (nodes: PipelineNode[], label: string) => nodes.find((n) => pipelineRow(n, false).label === label)!;

test('the view: one row per dvc.yaml with its counts, a template row per foreach/matrix, rows labelled by their key', () => {
  const roots = pipelineRoots(stages);
  const rows = roots.map((n) => pipelineRow(n, false));
  assert.deepEqual(
    rows.map((r) => r.label),
    [
      // The five `.dvc` files first (discovery order), a row each.
      ...ws.pipelines.filter((p) => p.dataSource).map((p) => p.file.slice(root.length + 1)),
      'data/dvc.yaml',
      'dvc.yaml',
      'models/dvc.yaml',
      'notebooks/dvc.yaml',
    ],
  );
  assert.equal(rows.length, 9);
  assert.equal(rows[0]!.contextValue, 'stage', 'a .dvc file is one row, not a group');
  const main = rows[6]!;
  assert.match(main.description, /^75 stages · \d+ failed · \d+ changed · \d+ never run · \d+ up to date$/);
  assert.equal(main.state, 'failed', 'a group is drawn in its worst state');
  assert.equal(main.children, 'expanded');
  assert.equal(main.contextValue, 'group', 'a Run action for the whole group');
  const matrix = find(pipelineChildren(roots[6]!), 'measure-poprox');
  const matrixRow = pipelineRow(matrix, false);
  const expected = stages.filter((s) => s.id.startsWith('measure-poprox@'));
  const count = (state: StageView) => expected.filter((s) => s.state === state).length;
  assert.equal(
    matrixRow.description,
    [
      '18 stages',
      ...(['failed', 'changed', 'never-run', 'up-to-date'] as const)
        .filter((s) => count(s) > 0)
        .map((s) => `${count(s)} ${s.replace(/-/g, ' ')}`),
    ].join(' · '),
  );
  assert.equal(matrixRow.children, 'collapsed', 'expansions folded until asked for');
  assert.match(matrixRow.tooltip, /^measure-poprox — matrix over 18 values/);
  assert.deepEqual(
    matrix.kind === 'group' && matrix.stages,
    expected.map((s) => s.id),
    'the group runs its stages',
  );
  const members = pipelineChildren(matrix).map((n) => pipelineRow(n, false));
  assert.equal(members[0]!.label, '@poprox-nrms');
  assert.match(members[0]!.tooltip, /^measure-poprox@poprox-nrms — /, 'the full address in the tooltip');
  assert.equal(members[0]!.reveal, 'measure-poprox@poprox-nrms');
  // A changed stage opens onto its reasons.
  const changed = pipelineChildren(matrix).find((n) => n.kind === 'stage' && n.stage.state === 'changed')!;
  assert.equal(pipelineRow(changed, false).children, 'collapsed');
  assert.deepEqual(pipelineChildren(changed), [{ kind: 'reason', text: 'dep changed: data/MINDsmall_dev.db' }]);
});

test('the view’s filter: words, status and file narrow the rows; groups open so matches are in sight', () => {
  const filter = parseStageFilter('status:failed file:dvc.yaml nrms').filter!;
  const roots = pipelineRoots(stages, filter);
  const shown = roots.flatMap((n) => (n.kind === 'group' ? n.stages : n.kind === 'stage' ? [n.stage.id] : []));
  const expected = stages.filter((s) => s.state === 'failed' && s.id.includes('nrms')).map((s) => s.id);
  assert.ok(expected.length > 0);
  assert.deepEqual([...shown].sort(), [...expected].sort());
  for (const node of roots.filter((n) => n.kind === 'group'))
    assert.equal(pipelineRow(node, true).children, 'expanded');
  assert.deepEqual(pipelineRoots(stages, parseStageFilter('no-such-stage').filter!), []);
});

test('one dvc.yaml: its groups and stages at the top', () => {
  const only = stages.filter((s) => s.file === 'notebooks/dvc.yaml');
  assert.deepEqual(
    pipelineRoots(only).map((n) => pipelineRow(n, false).label),
    ['basic-template', 'basic-results', 'mind-quick-summary'],
  );
});

test('a group row carries its workspace folder, as a stage row does: what its Run action runs in', () => {
  const elsewhere = stages.map((s) => ({ ...s, folder: '/work/other-folder' }));
  const groups = pipelineRoots(elsewhere).filter((n) => n.kind === 'group');
  assert.ok(groups.length > 0);
  for (const g of groups) assert.equal(g.folder, '/work/other-folder');
  const leaf = pipelineChildren(groups[0] as PipelineNode).find((n) => n.kind === 'group' || n.kind === 'stage');
  assert.equal(
    leaf?.kind === 'stage' ? leaf.stage.folder : leaf?.kind === 'group' ? leaf.folder : '',
    '/work/other-folder',
  );
});

const status = (over: Partial<LensStatus> = {}): LensStatus => ({
  viewOf: (id) => stateOf.get(id),
  reasonsOf: (id) => (stateOf.get(id) === 'changed' ? ['dep changed: data/MINDsmall_dev.db'] : []),
  ...over,
});

test('CodeLens: one summary line over a foreach/matrix template, with Run changed · Run all · Choose…', () => {
  const pipeline = loadPipeline(join(root, 'dvc.yaml'), nodeFileSystem);
  const lenses = pipelineLenses(pipeline, root, status());
  const line = pipeline.stages.find((s) => s.expansion?.template === 'measure-poprox')!.nameRange.start.line;
  const here = lenses.filter((l) => l.line === line);
  const ids = [...ws.nodes.keys()].filter((id) => id.startsWith('measure-poprox@'));
  const stale = ids.filter((id) => ['changed', 'never-run', 'failed'].includes(stateOf.get(id)!));
  assert.deepEqual(
    here.map((l) => l.title),
    [
      `$(error) 18 expansions: ${[
        ['failed', 'failed'],
        ['changed', 'changed'],
        ['never-run', 'never run'],
      ]
        .map(([s, text]) => [ids.filter((id) => stateOf.get(id) === s).length, text])
        .filter(([n]) => n !== 0)
        .map(([n, text]) => `${n} ${text}`)
        .join(' · ')}`,
      '$(play) Run changed',
      'Run all',
      'Choose…',
    ],
  );
  assert.deepEqual(here[1]!.arguments, [stale]);
  assert.equal(here[1]!.command, 'mlops.runStageWithUpstream');
  assert.deepEqual(here[2]!.arguments, [ids]);
  assert.deepEqual(here[3], { ...here[3], command: 'mlops.chooseExpansions', arguments: [ids] });
  // Every template line stays short: 11 templates × 4 lenses, and no title over 60 characters.
  assert.equal(lenses.length, 11 * 4);
  assert.ok(
    lenses.every((l) => l.title.length <= 60),
    lenses.map((l) => l.title).join('\n'),
  );
});

test('CodeLens: all up to date says so and offers Run all; running offers Stop; a plain stage keeps its four lenses', () => {
  const pipeline = loadPipeline(join(root, 'notebooks/dvc.yaml'), nodeFileSystem);
  const fresh = pipelineLenses(pipeline, root, status({ viewOf: () => 'up-to-date' }));
  const template = pipeline.stages.find((s) => s.expansion)!.nameRange.start.line;
  assert.deepEqual(
    fresh.filter((l) => l.line === template).map((l) => l.title),
    ['$(check) 3 expansions: all up to date', '$(play) Run all', 'Choose…'],
  );
  const plain = pipeline.stages.find((s) => s.name === 'basic-template')!.nameRange.start.line;
  assert.deepEqual(
    fresh.filter((l) => l.line === plain).map((l) => l.title),
    ['$(check) up to date', '$(play) Run', 'Run with upstream', 'Run downstream'],
  );
  const running = pipelineLenses(
    pipeline,
    root,
    status({ viewOf: (id) => (id === 'notebooks/dvc.yaml:basic-results@mind-val' ? 'running' : 'up-to-date') }),
  );
  assert.deepEqual(
    running.filter((l) => l.line === template).map((l) => l.title),
    ['$(sync~spin) 3 expansions: 1 running', '$(debug-stop) Stop'],
  );
  const broken = pipelineLenses(pipeline, root, status({ problem: 'dvc.lock: bad YAML' }));
  assert.deepEqual(
    broken.filter((l) => l.line === template).map((l) => [l.title, l.tooltip]),
    [['$(error) status unavailable', 'dvc.lock: bad YAML']],
  );
});

test('Explorer: each output carries its stage and state; a changed one says why', () => {
  const outputs = stageOutputs(ws.pipelines, root);
  assert.deepEqual(outputs.get(join(root, 'outputs/mind-val/nrms/metrics.json')), {
    stageId: 'measure-mind-val@nrms',
    kind: 'metrics',
  });
  assert.deepEqual(outputs.get(join(root, 'data/MINDsmall_dev')), {
    stageId: 'data/dvc.yaml:unzip@MINDsmall_dev',
    kind: 'outs',
  });
  assert.deepEqual(outputs.get(join(root, 'models/nrms-mind')), {
    stageId: 'models/dvc.yaml:train-nrms-mind',
    kind: 'outs',
  });
  assert.equal(outputs.get(join(root, 'data/POPROX')), undefined, 'tracked by a .dvc file: decorated as tracked data');
  const count = ws.pipelines.filter((p) => !p.dataSource).flatMap((p) => p.stages.flatMap((s) => s.outs)).length;
  assert.equal(outputs.size, count, 'every output once');
  assert.deepEqual(
    outputDecoration({ stageId: 'train', kind: 'outs' }, 'changed', ['dep changed: a', 'cmd changed', 'x']),
    {
      badge: '●',
      color: 'charts.yellow',
      tooltip: 'Output of stage train — changed (dep changed: a; cmd changed)',
    },
  );
  assert.deepEqual(outputDecoration({ stageId: 'eval', kind: 'metrics' }, 'up-to-date', []), {
    badge: '✓',
    tooltip: 'Metrics of stage eval — up to date',
  });
  assert.equal(outputDecoration({ stageId: 'eval', kind: 'plots' }, 'failed', []).color, 'testing.iconFailed');
});

test('Explorer: each path a .dvc file tracks says so, marked when dvc status would name it', () => {
  // Found by the same walk as the dvc.yaml files.
  assert.deepEqual(
    ws.dvcFiles.map((f) => f.slice(root.length + 1)),
    [
      'data/MINDlarge_dev.zip.dvc',
      'data/MINDlarge_train.zip.dvc',
      'data/MINDsmall_dev.zip.dvc',
      'data/MINDsmall_train.zip.dvc',
      'data/POPROX.dvc',
    ],
  );
  const poprox = { dvcFile: join(root, 'data/POPROX.dvc'), path: 'POPROX', abs: join(root, 'data/POPROX') };
  const paths = trackedPaths([
    { ...poprox, state: 'modified' },
    { ...poprox, abs: join(root, 'data/other'), state: 'up-to-date' },
  ]);
  const marked = trackedDecoration(paths.get(join(root, 'data/POPROX'))!, root);
  assert.deepEqual(marked, {
    badge: '●',
    color: 'charts.yellow',
    tooltip: 'Tracked by data/POPROX.dvc — modified since it was added (dvc add records it, dvc checkout restores it)',
  });
  assert.deepEqual(trackedDecoration(paths.get(join(root, 'data/other'))!, root), {
    badge: '✓',
    tooltip: 'Tracked by data/POPROX.dvc — up to date',
  });
  assert.match(trackedDecoration({ ...poprox, state: 'not in cache' }, root).tooltip, /not in cache \(dvc commit/);
});
