// Issue 8, steps 2–4, as a person goes through them in one window (one launch: each costs a minute or more):
//   2. a stage's CodeLens runs the pipeline → the terminal streams prefixed logs → the run is in the Experiments view;
//   3. the run's row opens its metrics panel → a chart is drawn;
//   4. its model output is registered as a version and promoted → the Models view and `git tag` show it.
// Each step needs the one before; a failure there fails what follows. The window's last steps also make the
// README's pictures (sidebar.png, run-panel.png under test-results/e2e/pipeline-run/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXAMPLE, launch } from './harness';
import { eventually, type Workbench } from './workbench';

const pipelineText = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8');
const evaluateLine = pipelineText.split('\n').indexOf('  evaluate:') + 1;
assert.ok(evaluateLine > 0, 'the example has an evaluate stage: update this test if it was renamed');
const MODEL = 'blob-classifier';
assert.match(
  pipelineText,
  new RegExp(`\\n  ${MODEL}:\\n    path: model.json\\n`),
  `the example declares the ${MODEL} artifact at model.json`,
);

let vs: Workbench;
/** What step 2 found, for the steps after it. */
let run: { id: string; name: string; accuracy: number } | undefined;

before(async () => {
  vs = await launch({ name: 'pipeline-run' });
});
after(async () => {
  await vs?.close();
});

/** Shown metric values round to 4 significant digits, like the Experiments view does. */
function shown(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: vs.folder, encoding: 'utf8' });
}

test('step 2: the CodeLens "Run with upstream" over evaluate streams stage logs and records a finished run with its metrics', async () => {
  await vs.waitForActivation();
  await vs.openFile('dvc.yaml');
  await vs.clickCodeLens(evaluateLine, 'Run with upstream');

  const log = await eventually(
    'the run to end in the terminal',
    async () => {
      const text = await vs.terminalText().catch(() => '');
      return /^Run \w+ (FINISHED|FAILED|KILLED)/m.test(text) ? text : undefined;
    },
    120_000,
  );
  await vs.shot('2-terminal-log');
  const ended = /^Run (\w+) (\w+) \(experiment (.+)\)$/m.exec(log);
  assert.equal(ended?.[2], 'FINISHED', `the run finished:\n${log}`);
  // Every stage's own output comes through, prefixed with its stage, upstream first.
  const order = [
    '[prepare] prepare: 180 train rows',
    '[train] train: 180 rows (0 production batches), 60 epochs',
    '[evaluate] evaluate: accuracy',
  ].map((line) => log.indexOf(line));
  assert.ok(
    order.every((at) => at >= 0),
    `each stage's output line is in the log:\n${log}`,
  );
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
    'prepare, then train, then evaluate',
  );
  assert.ok(
    existsSync(join(vs.folder, 'dvc.lock')) && existsSync(join(vs.folder, 'model.json')),
    'the stages wrote their outputs and the lock file',
  );
  await vs.goToLine(evaluateLine);
  await eventually('the CodeLens status over evaluate to turn "up to date"', async () =>
    (await vs.codeLenses(evaluateLine)).includes('up to date') ? true : undefined,
  );

  const metrics = JSON.parse(readFileSync(join(vs.folder, 'metrics.json'), 'utf8')) as {
    accuracy: number;
    loss: number;
  };
  await vs.showActivity('MLOps');
  const row = await vs.waitForTreeRow('Experiments', 'Run ', (label) => / finished, /.test(label));
  await vs.shot('2-experiments-view');
  assert.match(
    row,
    new RegExp(`accuracy=${shown(metrics.accuracy).replace('.', '\\.')}\\b`),
    'the row shows the accuracy',
  );
  assert.match(row, new RegExp(`loss=${shown(metrics.loss).replace('.', '\\.')}\\b`), 'the row shows the loss');
  const name = /^Run (\S+), finished/.exec(row)?.[1];
  assert.ok(name, `a run name in "${row}"`);
  const id = ended?.[1] ?? '';
  assert.ok(existsSync(join(vs.folder, '.mlops/runs', id)), `run ${id} is in the workspace's local store`);
  run = { id, name, accuracy: metrics.accuracy };

  const stages = await eventually('every stage up to date in the Pipeline view', async () => {
    const rows = await vs.treeRows('Pipeline');
    return rows.length === 3 && rows.every((r) => /up to date/.test(r)) ? rows : undefined;
  });
  assert.deepEqual(
    stages.map((r) => r.split(' ')[0]),
    ['prepare', 'train', 'evaluate'],
  );
});

test('step 3: clicking the run in the Experiments view opens its metrics panel with a drawn chart', async () => {
  assert.ok(run, 'step 2 recorded a run');
  // A click that lands while the view re-renders the row hits a command VS Code has just dropped ("Actual command
  // not found", seen once in a session's e2e) and opens nothing: click again until the panel opens, as plots.test.ts.
  const tab = vs.page.locator(`.tabs-container .tab.active[aria-label^="Run: ${run.name}"]`);
  const row = vs.treeRow('Experiments', `Run ${run.name},`);
  await eventually('the run panel to open', async () => {
    if ((await tab.count()) > 0) return true;
    await row.click().catch(() => undefined);
    return undefined;
  });
  const frame = await vs.webviewFrame('figure.chart canvas');
  const trainLoss = frame.locator('figure.chart[aria-label^="train_loss chart"]');
  await trainLoss.waitFor();
  await trainLoss.scrollIntoViewIfNeeded();
  assert.match(
    (await trainLoss.getAttribute('aria-label')) ?? '',
    /60 points, last 0\.\d+/,
    'the 60 epochs of train_loss',
  );
  // The line is really drawn: count canvas pixels in the run's colour (its legend marker's border).
  // Drawn on the next frames after the figure appears (and again after a resize): count until the line is there.
  const countInk = () =>
    trainLoss.evaluate((figure) => {
      const marker = figure.querySelector('.u-series:nth-child(2) .u-marker');
      const canvas = figure.querySelector('canvas');
      if (!marker || !canvas) return -1;
      const [r = 0, g = 0, b = 0] = (getComputedStyle(marker).borderColor.match(/\d+/g) ?? []).map(Number);
      const data =
        canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          (data[i + 3] ?? 0) > 128 &&
          Math.abs((data[i] ?? 0) - r) + Math.abs((data[i + 1] ?? 0) - g) + Math.abs((data[i + 2] ?? 0) - b) < 60
        )
          count++;
      }
      return count;
    });
  let inked = 0;
  await eventually("the train_loss line drawn in the run's colour", async () =>
    (inked = await countInk()) > 200 ? true : undefined,
  ).catch(() => undefined);
  assert.ok(inked > 200, `the train_loss line is drawn in the run's colour (${inked} pixels)`);
  // The final metrics beside the charts, as metrics.json has them.
  const accuracy = await frame
    .locator('table[aria-label="Metrics"] tr', { has: frame.locator('th', { hasText: /^accuracy$/ }) })
    .locator('td')
    .textContent();
  assert.equal(Number(accuracy), run.accuracy, 'the final accuracy is listed beside the charts');
  await vs.page.mouse.move(1100, 52);
  await vs.shot('3-run-panel');

  // The README's panel picture: the bottom panel out of the way, the history chart in view.
  await vs.runCommand('View: Toggle Panel Visibility');
  await vs.page.locator('.part.panel').waitFor({ state: 'hidden' });
  await vs.runCommand('Notifications: Clear All Notifications');
  await trainLoss.evaluate((figure) => figure.scrollIntoView({ block: 'end' }));
  await vs.page.mouse.move(1300, 150);
  await vs.shot('run-panel');
  await vs.runCommand('View: Toggle Panel Visibility');
});

test('step 4: the trained model is registered as a version and promoted; the Models view and git tags show it', async () => {
  assert.ok(run, 'step 2 recorded a run');
  await vs.startCommand('MLOps: Register Model Version…');
  await vs.choose('Register a model from which run?', run.name, (label) => label.startsWith(`${run?.name},`));
  await vs.choose('Which output is the model?', 'model.json', (label) => label.startsWith('model.json,'));
  // The artifact dvc.yaml declares at model.json comes first.
  const asked = await vs.choose(
    'Model name',
    MODEL,
    (label) => label.startsWith(`${MODEL},`) && /declared in dvc\.yaml/.test(label),
  );
  assert.equal(asked?.value, 'v1.0.0', 'a new model starts at v1.0.0');
  await vs.answer(`Version of ${MODEL}`, 'v1.0.0');
  await vs.waitForTreeRow('Models', 'v1.0.0');

  await vs.clickRowAction('Models', 'v1.0.0', 'Promote Model Version…');
  await vs.choose(`Promote ${MODEL} v1.0.0 to`, 'prod', (label) => label === 'prod');
  const version = await vs.waitForTreeRow('Models', 'v1.0.0', (label) => label.includes('[prod]'));
  assert.match(version, new RegExp(`run ${run.id.slice(0, 8)}`), 'the version names the run it came from');
  await vs.page.mouse.move(1100, 52);
  await vs.shot('4-models-view');

  // GTO's tags, annotated ("tag" objects), the register tag carrying the run id.
  const tags = git('for-each-ref', 'refs/tags', '--format=%(refname:strip=2) %(objecttype)').trim().split('\n').sort();
  assert.deepEqual(tags, [`${MODEL}#prod#1 tag`, `${MODEL}@v1.0.0 tag`]);
  assert.match(git('tag', '-l', '--format=%(contents)', `${MODEL}@v1.0.0`), new RegExp(run.id));
  assert.equal(
    git('rev-parse', `${MODEL}@v1.0.0^{commit}`),
    git('rev-parse', 'HEAD'),
    'the version tags the commit the run was made from',
  );

  // The README's sidebar picture: every view filled, wide enough to read the metrics.
  await vs.runCommand('Notifications: Clear All Notifications');
  await vs.openFile('dvc.yaml');
  await vs.goToLine(1);
  await eventually('the CodeLens over prepare to say it is up to date', async () =>
    (await vs.codeLenses(2)).includes('up to date') ? true : undefined,
  );
  const sidebar = await vs.page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const edge = sidebar.x + sidebar.width;
    await vs.page.mouse.move(edge, 400);
    await vs.page.mouse.down();
    await vs.page.mouse.move(edge + 160, 400, { steps: 8 });
    await vs.page.mouse.up();
  }
  await vs.page.mouse.move(1100, 52);
  await vs.shot('sidebar');
});
