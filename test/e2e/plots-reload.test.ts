// Issue 15 in real VS Code (code-server): a run panel's "Compare with…" choice and its smooth bandwidth survive a
// reload of the window. The example project gets a `smooth` plot of its training loss; after a run, its results
// are committed and tagged `baseline`, and the working copy moves on (fewer predictions). In the run panel the tag
// is picked under "Compare with…" (the confusion matrix then shows both revisions) and the smooth slider set to
// 0.5; after "Developer: Reload Window" the restored panel shows the same choice, the same bandwidth, and both
// matrices again — the host was asked for them, not just the controls redrawn.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { EXAMPLE, launch } from './harness';
import { eventually, type Workbench } from './workbench';
import { git as gitIn, mlops } from './workspace-cli';
import { openFirstRunPanel, reloadWindow } from './window-steps';

const SMOOTH_PLOT = `
plots:
  - smooth-loss:
      template: smooth
      x: epoch
      y:
        plots/train_loss.csv: train_loss
`;

let vs: Workbench;

before(async () => {
  const pipeline = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8');
  vs = await launch({ name: 'plots-reload', files: { 'dvc.yaml': `${pipeline.trimEnd()}\n${SMOOTH_PLOT}` } });
});
after(async () => {
  await vs?.close();
});

const CONFUSION = 'figure.plot[data-id="plots/confusion.csv"]';
const SELECT = 'select[aria-label="Compare with revision"]';
const SLIDER = 'input[aria-label="Smooth (loess bandwidth)"]';

/** The heatmap's cell counts, once there are `cells` of them (9 per revision shown). */
async function countsOnce(frame: Frame, cells: number): Promise<number[]> {
  const locator = frame.locator(`${CONFUSION} .heatmap-counts td`);
  await eventually(
    `${cells} heatmap cells`,
    async () => ((await locator.count()) === cells ? true : undefined),
    60_000,
  );
  return (await locator.allTextContents()).map(Number);
}

/** The smooth plot scrolled into view, the pointer away (the host may lay the plots out again meanwhile). */
async function showSmooth(frame: Frame): Promise<void> {
  const figure = frame.locator('figure.plot[data-id="smooth-loss"]');
  await eventually('the smooth plot in view', () =>
    figure
      .scrollIntoViewIfNeeded({ timeout: 5_000 })
      .then(() => true)
      .catch(() => undefined),
  );
  await vs.page.mouse.move(1300, 150);
}

test('"Compare with…" and the smooth bandwidth of a run panel survive a window reload', async () => {
  await vs.waitForActivation();
  await mlops(vs.folder, 'run');
  const git = (...args: string[]) => gitIn(vs.folder, ...args);
  git('add', '-A');
  git('commit', '-q', '-m', 'trained');
  git('tag', 'baseline');
  const file = join(vs.folder, 'plots/confusion.csv');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  writeFileSync(file, `${lines.slice(0, 11).join('\n')}\n`);

  await openFirstRunPanel(vs);

  let frame = await vs.webviewFrame(`${CONFUSION} canvas`);
  await eventually(
    'the tag offered',
    async () => ((await frame.locator(`${SELECT} option`).allTextContents()).includes('baseline') ? true : undefined),
    60_000,
  );
  await frame.locator(SELECT).selectOption('baseline');
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const before = await countsOnce(frame, 18);
  assert.equal(sum(before.slice(0, 9)), 10, "the working copy's 10 predictions");
  assert.equal(sum(before.slice(9)), lines.length - 1, "the tag's predictions");
  const slider = frame.locator(SLIDER);
  assert.equal(await slider.inputValue(), '0.001', "DVC's default bandwidth");
  await slider.fill('0.5'); // sets the value and fires `change`, as releasing the slider does
  await eventually('the plots laid out at 0.5', async () => ((await slider.inputValue()) === '0.5' ? true : undefined));
  await showSmooth(frame);
  await vs.shot('before-reload');

  await reloadWindow(vs);
  frame = await vs.webviewFrame(`${CONFUSION} canvas`, 120_000);
  const after = await countsOnce(frame, 18);
  assert.deepEqual(after, before, 'both matrices again, the tag overlaid');
  assert.equal(await frame.locator(SELECT).inputValue(), 'baseline');
  assert.equal(await frame.locator(SLIDER).inputValue(), '0.5');
  await showSmooth(frame);
  await vs.shot('after-reload');
});
