// Hover tooltips on the metric-history charts in headless Chromium, as the DVC plots beside them show theirs: the
// pointer near a run's line shows one tooltip per chart saying the run, the step and the metric's value exactly
// as logged (checked against the history sent to the panel), with a ring on that point; near the other run's
// line it says that run; away from the lines and outside the chart it goes. No element is made per point.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, openPanel, screenshot, send, violations } from './page';
import { histories, run } from './fixtures';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

const POINTS = 30;
const sent = histories(['a1', 'b2'], POINTS);

/**
 * Moves the pointer down the loss chart at `fraction` of its width until a tooltip shows, and returns its lines;
 * the run's line passes somewhere in that column.
 */
async function hoverColumn(page: Page, fraction: number, runName: string): Promise<string[]> {
  const chart = page.locator('figure.chart', { hasText: 'loss' }).first();
  const over = chart.locator('.u-over');
  const box = await over.boundingBox();
  assert.ok(box);
  const tip = chart.locator('.plot-tooltip');
  for (let y = 2; y < box.height; y += 4) {
    await page.mouse.move(box.x + box.width * fraction, box.y + y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (await tip.isVisible()) {
      const lines = (await tip.innerText()).split('\n');
      if (lines[0] === runName) return lines;
    }
  }
  throw new Error(`no tooltip for ${runName} at ${fraction} of the chart's width`);
}

test('hover on a metric history: the nearest point says its run, step and value; one tooltip per chart', async () => {
  const { page, close } = await openPanel(browser, 'compare');
  try {
    await send(page, { type: 'load', kind: 'compare', runs: [run('a1'), run('b2')], histories: sent });
    await page.waitForSelector('figure.chart canvas');
    for (const [id, fraction] of [
      ['a1', 0.5],
      ['b2', 0.8],
    ] as const) {
      const [who, stepLine, valueLine] = await hoverColumn(page, fraction, `run-${id}`);
      assert.equal(who, `run-${id}`);
      const step = Number(/^step: (\d+)$/.exec(stepLine ?? '')?.[1]);
      assert.ok(step >= 0 && step < POINTS, stepLine);
      // The value as logged at that step.
      assert.equal(valueLine, `loss: ${sent[id]!.loss!.values[step]}`);
      const ring = page.locator('figure.chart', { hasText: 'loss' }).first().locator('.plot-hover-ring');
      assert.equal(await ring.isVisible(), true, 'the point is ringed');
      await screenshot(page, `chart-tooltip-${id}`);
    }
    // One tooltip per chart, whatever the number of points.
    assert.equal(await page.locator('figure.chart').count(), await page.locator('figure.chart .plot-tooltip').count());
    const chart = page.locator('figure.chart', { hasText: 'loss' }).first();
    const box = await chart.boundingBox();
    await page.mouse.move(box!.x + box!.width + 40, box!.y - 40);
    await chart.locator('.plot-tooltip').waitFor({ state: 'hidden', timeout: 10_000 });
    assert.deepEqual(await violations(page), []);
  } finally {
    await close();
  }
});
