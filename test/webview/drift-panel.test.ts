// The drift panel in headless Chromium under the extension's CSP: what the host sends (built by the real core
// from real files) is drawn as verdict banner, per-column tests and overlaid distributions; malformed messages
// are dropped; text from data files stays text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { compareFiles, DEFAULT_DRIFT_SETTINGS } from '../../src/core/drift';
import { driftLoad } from '../../src/extension/panels/drift-model';
import type { DriftHostMessage, DriftPanelMessage } from '../../src/webview/contract';
import { CURRENT_COLOR, REFERENCE_COLOR } from '../../src/webview/drift/histogram';
import { fileTree } from '../support/file-tree';
import { countColor, launch, lightTheme, openPanel, screenshot, setTheme, violations } from './page';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

const state = { kind: 'drift', reference: 'file:///w/ref.csv', current: 'file:///w/cur.csv' } as const;

async function example(): Promise<DriftHostMessage> {
  const rows = (shift: number, pro: number) =>
    [
      'steady,moving,<b>plan</b>',
      ...Array.from({ length: 300 }, (_, i) => `${i % 50},${(i % 40) + shift},${i % 10 < pro ? 'pro' : 'basic'}`),
    ].join('\n');
  const dir = fileTree('mlops-drift-panel-', { 'ref.csv': rows(0, 2), 'cur.csv': rows(15, 6) });
  const comparison = await compareFiles(
    { path: join(dir, 'ref.csv'), label: 'data/ref.csv' },
    { path: join(dir, 'cur.csv'), label: 'data/cur.csv' },
    DEFAULT_DRIFT_SETTINGS,
  );
  return driftLoad(comparison, state);
}

const send = (page: Page, message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: DriftPanelMessage[] }).__posted);

test('draws the verdict, every column most severe first with its tests, and both distributions', async () => {
  const { page, close } = await openPanel(browser, 'drift');
  try {
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual((await posted(page))[0], { type: 'ready' });
    const load = (await example()) as Extract<DriftHostMessage, { type: 'load' }>;
    await send(page, load);
    await page.waitForSelector('.drift-column canvas');
    const shown = await page
      .locator('.drift-column')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-column')));
    assert.deepEqual(
      shown,
      load.columns.map((c) => c.result.name),
      'in the order the host sorted them',
    );
    assert.equal(shown.at(-1), 'steady', 'the column without drift comes last');
    assert.match(
      await page.locator('.drift-banner').innerText(),
      /Dataset drift detected: 2 of 3 columns drifted \(66\.7%/,
    );
    assert.deepEqual(await page.locator('.drift-column .verdict').allTextContents(), ['drift', 'drift', 'no drift']);
    // The deciding test (KS for 300 reference values) is the bold row.
    assert.equal(await page.locator('[data-column="moving"] tr.decisive').getAttribute('data-test'), 'ks');
    assert.equal(await page.locator('[data-column="<b>plan</b>"] tr.decisive').getAttribute('data-test'), 'chi2');
    assert.equal(await page.locator('b').count(), 0, 'a column name is text, never markup');
    for (const color of [REFERENCE_COLOR, CURRENT_COLOR]) {
      assert.ok((await countColor(page, '[data-column="<b>plan</b>"]', color)) > 200, `bars drawn in ${color}`);
    }
    assert.deepEqual(
      await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null')),
      state,
      'the pair is saved for a window reload',
    );
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'drift-panel-dark');
    await setTheme(page, lightTheme, 'vscode-light');
    await page.waitForSelector('.drift-column canvas');
    await screenshot(page, 'drift-panel-light');
    await page.getByText('Refresh').click();
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'refresh'),
    );
  } finally {
    await close();
  }
});

test('a malformed load is dropped; an error replaces the content with its message', async () => {
  const { page, close } = await openPanel(browser, 'drift');
  try {
    const good = (await example()) as Extract<DriftHostMessage, { type: 'load' }>;
    const broken = { ...good, columns: good.columns.map((c) => ({ ...c, result: { name: c.result.name } })) };
    await send(page, broken);
    await send(page, { type: 'error', message: 'data/cur.csv: no such file' });
    await page.waitForSelector('[role="alert"]');
    assert.equal(await page.locator('[role="alert"]').innerText(), 'data/cur.csv: no such file');
    assert.equal(await page.locator('.drift-column').count(), 0);
  } finally {
    await close();
  }
});
