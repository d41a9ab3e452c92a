// Issue 15 in real VS Code (code-server): after the example pipeline has run, its run panel shows the example's
// own DVC plots — the confusion matrix (template `confusion`) as a heatmap whose cells hold the counts of
// plots/confusion.csv and whose fullest cells are painted deep blue — beside the metric histories. Then the run's
// results are committed and registered as a model version promoted to prod (`mlops models`, GTO tags): the open
// panel's "Compare with…" offers it without a reload, and picking it overlays that commit's confusion matrix.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';
import { git as gitIn, mlops } from './workspace-cli';
import { openFirstRunPanel } from './window-steps';

let vs: Workbench;

before(async () => {
  vs = await launch({ name: 'plots' });
});
after(async () => {
  await vs?.close();
});

const runPipeline = (cwd: string) => mlops(cwd, 'run');

test("the run panel draws the example's confusion matrix with the counts of plots/confusion.csv", async () => {
  await vs.waitForActivation();
  await runPipeline(vs.folder);
  const rows = readFileSync(join(vs.folder, 'plots/confusion.csv'), 'utf8').trim().split('\n').slice(1);
  assert.ok(rows.length > 0, 'evaluate wrote its predictions');

  await openFirstRunPanel(vs);
  const confusion = 'figure.plot[data-id="plots/confusion.csv"]';
  const frame = await vs.webviewFrame(`${confusion} canvas`);
  const figure = frame.locator(confusion);
  await figure.scrollIntoViewIfNeeded();

  // Every prediction is counted in one cell (3 classes → 9 cells), as DVC's confusion template counts them.
  const counts = (await figure.locator('.heatmap-counts td').allTextContents()).map(Number);
  assert.equal(counts.length, 9, 'three classes, nine cells');
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    rows.length,
    'the cells hold every row of confusion.csv',
  );
  // The canvas is really painted: the fullest cells in the heatmap's deep blue.
  const deepBlue = await figure.evaluate((fig) => {
    const canvas = fig.querySelector('canvas');
    const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; data && i < data.length; i += 4)
      if (
        Math.abs((data[i] ?? 0) - 0x08) + Math.abs((data[i + 1] ?? 0) - 0x30) + Math.abs((data[i + 2] ?? 0) - 0x6b) <
        30
      )
        count++;
    return count;
  });
  assert.ok(deepBlue > 500, `the fullest cells are painted deep blue (${deepBlue} pixels)`);
  assert.equal(await frame.locator('figure.plot[data-id="plots/train_loss.csv"] canvas').count(), 1, 'train_loss too');
  await vs.page.mouse.move(1300, 150);
  await vs.shot('run-panel-confusion');
});

test('Compare with… a promoted model version overlays its commit’s confusion matrix in the open run panel', async () => {
  // The run's results committed, and that commit registered and promoted as a GTO model version.
  const git = (...args: string[]) => gitIn(vs.folder, ...args);
  git('add', '-A');
  git('commit', '-q', '-m', 'trained');
  await mlops(vs.folder, 'models', 'register', 'blob-classifier', '--version', 'v0.1.0', '--path', 'model.json');
  await mlops(vs.folder, 'models', 'promote', 'blob-classifier', 'v0.1.0', '--stage', 'prod');
  const label = 'blob-classifier v0.1.0 (prod)';
  // The working copy then moves on (fewer predictions), so the two matrices differ.
  const file = join(vs.folder, 'plots/confusion.csv');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  writeFileSync(file, `${lines.slice(0, 11).join('\n')}\n`);

  const confusion = 'figure.plot[data-id="plots/confusion.csv"]';
  const frame = await vs.webviewFrame(`${confusion} canvas`);
  const select = frame.locator('select[aria-label="Compare with revision"]');
  // The tags changed: the workspace model tells the panel, which offers the version under "Model versions".
  await eventually(
    'the promoted version offered',
    async () =>
      (await select.locator('optgroup[label="Model versions"] option').allTextContents()).includes(label)
        ? true
        : undefined,
    60_000,
  );
  await select.selectOption(label);
  const cells = frame.locator(`${confusion} .heatmap-counts td`);
  await eventually('two heatmaps', async () => ((await cells.count()) === 18 ? true : undefined), 60_000);
  const counts = (await cells.allTextContents()).map(Number);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  assert.equal(sum(counts.slice(0, 9)), 10, "the run's matrix: the working copy's 10 predictions");
  assert.equal(sum(counts.slice(9)), lines.length - 1, "the version's matrix: its commit's predictions");
  assert.equal(await select.inputValue(), label);
  await frame.locator(confusion).scrollIntoViewIfNeeded();
  await vs.page.mouse.move(1300, 150);
  await vs.shot('run-panel-compare-model-version');
});
