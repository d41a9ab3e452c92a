// The pipeline graph in real VS Code (code-server): the Pipeline view's title button opens it on the example
// project, Enter on a stage shows it in dvc.yaml, R runs it, and the node follows the run's status live.
// In an untrusted workspace the graph (with a dependency cycle) is drawn, and R is refused as everywhere else.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { untrustedMessage } from '../../src/extension/runner/messages';
import { EXAMPLE, launch } from './harness';
import { eventually, type Workbench } from './workbench';

const trainLine = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8').split('\n').indexOf('  train:') + 1;
assert.ok(trainLine > 0, 'the example has a train stage: update this test if it was renamed');

let vs: Workbench;
after(async () => {
  await vs?.close();
});

async function nodeClasses(): Promise<Record<string, string>> {
  const frame = await vs.webviewFrame('g.node');
  const pairs = await frame
    .locator('g.node')
    .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-stage-id') ?? '', n.getAttribute('class') ?? '']));
  return Object.fromEntries(pairs);
}

describe('trusted', () => {
  before(async () => {
    vs = await launch({ name: 'pipeline-graph' });
  });

  test('the graph shows the example’s stages with their status, reveals a stage on Enter and follows a run started with R', async () => {
    await vs.waitForActivation();
    await vs.showActivity('MLOps');
    const header = vs.page.locator('.part.sidebar .pane-header[aria-label^="Pipeline" i]').first();
    await header.hover();
    await header.locator('.action-label[aria-label="Show Pipeline Graph"]').click();
    await vs.page.locator('.tabs-container .tab.active[aria-label^="Pipeline Graph"]').waitFor();

    const first = await eventually('three stages drawn, each with a computed status', async () => {
      const classes = await nodeClasses();
      return Object.keys(classes).length === 3 && Object.values(classes).every((c) => !c.includes('status-unknown'))
        ? classes
        : undefined;
    });
    assert.deepEqual(first, {
      prepare: 'node status-never-run',
      train: 'node status-never-run',
      evaluate: 'node status-never-run',
    });
    const frame = await vs.webviewFrame('g.node');
    assert.equal(await frame.locator('path.edge').count(), 3);
    await vs.shot('1-graph');

    await frame.locator('g.node[data-stage-id="train"]').press('Enter');
    await vs.page.locator('.tabs-container .tab.active[aria-label^="dvc.yaml"]').waitFor();
    await eventually(`the cursor on line ${trainLine}`, async () =>
      (await vs.statusBarText()).some((t) => t.startsWith(`Ln ${trainLine}, Col 1`)) ? true : undefined,
    );

    await vs.runCommand('MLOps: Show Pipeline Graph');
    const again = await vs.webviewFrame('g.node[data-stage-id="prepare"]');
    await again.locator('g.node[data-stage-id="prepare"]').press('r');
    const after = await eventually(
      'prepare up to date after its run, live in the graph',
      async () => {
        const classes = await nodeClasses().catch(() => ({}) as Record<string, string>);
        return classes.prepare === 'node status-up-to-date' ? classes : undefined;
      },
      120_000,
    );
    assert.equal(after.train, 'node status-never-run', 'only prepare ran (R runs the one stage)');
    await vs.runCommand('Notifications: Clear All Notifications');
    await vs.shot('pipeline-graph');
  });
});

describe('untrusted', () => {
  before(async () => {
    await vs?.close();
    const original = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8');
    // prepare now also reads train's output: prepare → train → prepare.
    vs = await launch({
      name: 'pipeline-graph-untrusted',
      trusted: false,
      files: {
        'dvc.yaml': original.replace('      - src/prepare.py\n', '      - src/prepare.py\n      - model.json\n'),
      },
    });
  });

  test('the graph marks a dependency cycle, and R is refused with the reason while nothing runs', async () => {
    await eventually('Restricted Mode in the status bar', async () =>
      (await vs.statusBarText()).find((item) => item.startsWith('Restricted Mode')),
    );
    await vs.runCommand('MLOps: Show Pipeline Graph');
    const frame = await vs.webviewFrame('g.node');
    await eventually('prepare and train marked on a cycle', async () =>
      (await frame.locator('g.node.on-cycle').count()) === 2 ? true : undefined,
    );
    assert.deepEqual(
      await frame
        .locator('g.node.on-cycle')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-stage-id')).sort()),
      ['prepare', 'train'],
    );
    assert.equal(await frame.locator('path.edge.cycle').count(), 2);
    await frame.locator('g.node[data-stage-id="evaluate"]').press('r');
    await eventually('the untrusted-workspace refusal', async () =>
      (await vs.notifications()).find((m) => m === untrustedMessage()),
    );
    await vs.shot('untrusted-refused');
    assert.equal(existsSync(join(vs.folder, 'dvc.lock')), false, 'nothing ran');
  });
});
