// The run panel's Plots section in headless Chromium, fed by the host's own plots model over a real git + DVC
// repository (every template, images, a hostile SVG): the confusion heatmap's cells are coloured by count and
// labelled, the ROC curve is drawn in the run's colour, the compared revision in another, a plot with a bad
// value shows the file and line, the hostile SVG image causes no CSP violation and runs nothing, and the `smooth`
// template's slider asks the host for another bandwidth, whose trend line is then drawn; hovering a ROC point
// shows its revision and the file's fpr and tpr, hovering a confusion cell its labels and the file's count.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { gitChoices, offeredChoice } from '../../src/core/plots/compare-choices';
import { runPlotsMessage } from '../../src/extension/panels/plots-model';
import { runColor } from '../../src/webview/shared/colors';
import { plotsRepo } from '../support/plots-repo';
import { countColor, launch, openPanel, posted, screenshot, send, violations } from './page';
import { histories, run } from './fixtures';

let browser: Browser;
const repo = plotsRepo();
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

async function panelWithPlots(compare: string | null) {
  const opened = await openPanel(browser, 'run');
  await send(opened.page, { type: 'load', kind: 'run', runs: [run('r1')], histories: histories(['r1'], 20) });
  const choices = gitChoices(repo.root);
  await send(opened.page, runPlotsMessage(repo.root, 'r1', offeredChoice(choices, compare) ?? null, choices));
  await opened.page.waitForSelector('.plots-section figure.plot');
  return opened;
}

test('confusion heatmap: cells coloured by count and labelled; ROC in the run colour; no CSP violation', async () => {
  const { page, close } = await panelWithPlots(null);
  try {
    const confusion = 'figure.plot[data-id="plots/confusion.csv"]';
    await page.waitForSelector(`${confusion} canvas`);
    // 30 predictions over 3 classes: the diagonal is darkest (deep blue), every cell has its count.
    const counts = await page.locator(`${confusion} .heatmap-counts td`).allTextContents();
    assert.equal(counts.length, 9);
    assert.equal(
      counts.map(Number).reduce((a, b) => a + b, 0),
      30,
    );
    assert.ok((await countColor(page, confusion, '#08306b')) > 500, 'the fullest cells are painted deep blue');
    assert.ok((await countColor(page, confusion, '#eff6ff')) > 500, 'empty cells are painted pale');
    const roc = 'figure.plot[data-id="plots/roc.json"]';
    assert.ok((await countColor(page, roc, runColor('r1'))) > 80, 'the ROC curve is drawn in the run colour');
    // The hostile SVG is an <img>: its script did not run, its @import and fetch were not attempted.
    const hostile = page.locator('figure.plot[data-id="plots/hostile.svg"] img');
    assert.equal(await hostile.count(), 1);
    assert.match((await hostile.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    assert.equal(await page.title(), 'test');
    assert.deepEqual(await violations(page), []);
    // A definition that names a missing field shows the file in the plot's place; the other plots still draw.
    assert.match(
      await page.locator('figure.plot[data-id="missing-field"] .plot-error').innerText(),
      /plots\/loss\.csv.*nope/s,
    );
    await screenshot(page, 'run-panel-plots');
  } finally {
    await close();
  }
});

test('compare with a tag: the tag drawn beside the run, in another colour; a bad value names its line', async () => {
  writeFileSync(join(repo.root, 'plots/test.csv'), 'step,acc\n0,0.5\n1,oops\n');
  const { page, close } = await panelWithPlots('v1');
  try {
    const roc = 'figure.plot[data-id="plots/roc.json"]';
    assert.ok((await countColor(page, roc, runColor('r1'))) > 80);
    assert.ok((await countColor(page, roc, '#13adc7')) > 80, 'the compared revision has its own colour');
    assert.equal(await page.locator('select[aria-label="Compare with revision"]').inputValue(), 'v1');
    assert.match(await page.locator('figure.plot[data-id="per-file-x"] .plot-error').innerText(), /plots\/test\.csv:3/);
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'run-panel-plots-compare');
  } finally {
    await close();
  }
});

test('smooth: the slider starts at DVC’s 0.001, asks for the bandwidth chosen, and the trend line follows it', async () => {
  const { page, close } = await panelWithPlots(null);
  try {
    const slider = page.locator('input[aria-label="Smooth (loess bandwidth)"]');
    assert.equal(await slider.inputValue(), '0.001');
    await slider.fill('1'); // sets the value and fires `change`, as releasing the slider does
    const asked = (await posted(page)).filter((m) => m.type === 'smoothPlots');
    assert.deepEqual(asked, [{ type: 'smoothPlots', bandwidth: 1 }]);
    // The host lays the plots out again at that bandwidth: the smooth plot's trend line is another line.
    const trend = (bandwidth?: number) => {
      const message = runPlotsMessage(repo.root, 'r1', null, [], bandwidth);
      const plot = message.plots.find((p) => p.id === 'smooth-loss');
      if (plot?.kind !== 'drawing') throw new Error('no smooth-loss drawing');
      return plot.drawing.items
        .filter((p) => p.k === 'path' && p.width === 2)
        .map((p) => Array.from(p.k === 'path' ? p.points : []));
    };
    assert.notDeepEqual(trend(1), trend(), 'a wider bandwidth draws another trend line');
    const wide = runPlotsMessage(repo.root, 'r1', null, [], 1);
    assert.equal(wide.smooth, 1);
    await send(page, wide);
    await page.waitForFunction(
      () =>
        (document.querySelector('input[aria-label="Smooth (loess bandwidth)"]') as HTMLInputElement | null)?.value ===
        '1',
    );
  } finally {
    await close();
  }
});

test("hover: a ROC point says its revision and the file's values; a confusion cell its labels and count", async () => {
  const { page, close } = await panelWithPlots(null);
  try {
    const message = runPlotsMessage(repo.root, 'r1', null, []);
    const drawingOf = (id: string) => {
      const plot = message.plots.find((p) => p.id === id);
      if (plot?.kind !== 'drawing') throw new Error(`no ${id} drawing`);
      return plot.drawing;
    };
    /** Moves the pointer to (x, y) of a plot's canvas and reads the tooltip that appears. */
    const hover = async (id: string, x: number, y: number): Promise<string> => {
      const canvas = page.locator(`figure.plot[data-id="${id}"] canvas`);
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + x, box.y + y);
      const tip = page.locator(`figure.plot[data-id="${id}"] .plot-tooltip`);
      await tip.waitFor({ state: 'visible', timeout: 10_000 });
      return tip.innerText();
    };
    // The working copy's third ROC row, as the file holds it; the pointer goes to where that point is drawn.
    const rows = (
      JSON.parse(readFileSync(join(repo.root, 'plots/roc.json'), 'utf8')) as { roc: { fpr: number; tpr: number }[] }
    ).roc;
    const row = rows[2]!;
    const line = drawingOf('plots/roc.json').items.find((p) => p.k === 'path' && p.at !== undefined);
    assert.ok(line?.k === 'path' && line.at);
    const i = Array.from(line.at).findIndex((v, k) => k % 2 === 0 && v === row.fpr && line.at![k + 1] === row.tpr);
    assert.ok(i >= 0, "the drawn line holds the file's point");
    const rocTip = await hover('plots/roc.json', line.points[i]! + 3, line.points[i + 1]! - 2);
    assert.deepEqual(rocTip.split('\n'), ['workspace', `False positive rate: ${row.fpr}`, `tpr: ${row.tpr}`]);
    await screenshot(page, 'run-panel-plots-hover-roc');

    // Dogs predicted as dogs, counted from the file's own lines.
    const lines = readFileSync(join(repo.root, 'plots/confusion.csv'), 'utf8').trim().split('\n').slice(1);
    const count = lines.filter((l) => l === 'dog,dog').length;
    assert.ok(count > 0, 'the case hovers a cell with predictions');
    const cell = drawingOf('plots/confusion.csv').items.find(
      (p) => p.k === 'rect' && p.tip?.rows[0]?.[1] === 'dog' && p.tip.rows[1]?.[1] === 'dog',
    );
    assert.ok(cell?.k === 'rect');
    const cellTip = await hover('plots/confusion.csv', cell.x + cell.w / 2, cell.y + cell.h / 2);
    assert.deepEqual(cellTip.split('\n'), ['workspace', 'actual: dog', 'predicted: dog', `xy_count: ${count}`]);
    await screenshot(page, 'run-panel-plots-hover-confusion');
    // Away from every mark the tooltip goes.
    const box = await page.locator('figure.plot[data-id="plots/confusion.csv"] canvas').boundingBox();
    await page.mouse.move(box!.x + 2, box!.y + 2);
    await page
      .locator('figure.plot[data-id="plots/confusion.csv"] .plot-tooltip')
      .waitFor({ state: 'hidden', timeout: 10_000 });
    assert.deepEqual(await violations(page), []);
  } finally {
    await close();
  }
});

test('the chosen "Compare with…" and bandwidth are kept in the panel state and sent with its settings', async () => {
  const { page, close } = await panelWithPlots(null);
  try {
    await page.locator('select[aria-label="Compare with revision"]').selectOption('v1');
    await page.locator('input[aria-label="Smooth (loess bandwidth)"]').fill('0.5');
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null'));
    assert.deepEqual(saved?.settings?.plots, { compare: 'v1', smooth: 0.5 });
    const sent = (await posted(page)).filter((m) => m.type !== 'settings' || m.settings.plots !== undefined);
    // Each choice is kept (settings, for the serializer after a reload) and asked of the host, in that order.
    assert.deepEqual(
      sent.filter((m) => m.type !== 'ready').map((m) => (m.type === 'settings' ? { settings: m.settings.plots } : m)),
      [
        { settings: { compare: 'v1' } },
        { type: 'comparePlots', revision: 'v1' },
        { settings: { compare: 'v1', smooth: 0.5 } },
        { type: 'smoothPlots', bandwidth: 0.5 },
      ],
    );
  } finally {
    await close();
  }
});
