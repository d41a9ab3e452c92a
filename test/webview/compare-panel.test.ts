import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { runColor } from '../../src/webview/shared/colors';
import { countColor, launch, openPanel, posted, screenshot, send, violations } from './page';
import { histories, run } from './fixtures';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

const three = [
  run('r1', {
    name: 'baseline',
    params: { lr: '0.1', epochs: '20', seed: '1' },
    metrics: { accuracy: 0.81, loss: 0.4 },
  }),
  run('r2', {
    name: 'faster',
    params: { lr: '0.3', epochs: '20', seed: '1' },
    metrics: { accuracy: 0.86, loss: 0.31 },
  }),
  run('r3', {
    name: 'longer',
    params: { lr: '0.1', epochs: '50', seed: '1' },
    metrics: { accuracy: 0.84, loss: 0.35 },
  }),
];

test('overlays every run in its stable colour and highlights the best values', async () => {
  const { page, close } = await openPanel(browser, 'compare');
  try {
    await send(page, { type: 'load', kind: 'compare', runs: three, histories: histories(['r1', 'r2', 'r3'], 40) });
    await page.waitForSelector('figure.chart canvas');
    for (const id of ['r1', 'r2', 'r3'])
      assert.ok((await countColor(page, 'figure.chart', runColor(id))) > 30, `run ${id} drawn`);
    const best = await page.locator('td.best').allInnerTexts();
    assert.deepEqual(best.sort(), ['0.31', '0.86'], 'highest accuracy and lowest loss');
    assert.deepEqual(await violations(page), []);
    await page.waitForSelector('section[aria-label="Param against metric"] canvas');
    await screenshot(page, 'compare-panel');
  } finally {
    await close();
  }
});

test('only-differences hides params equal in every run; sorting orders rows', async () => {
  const { page, close } = await openPanel(browser, 'compare');
  try {
    await send(page, { type: 'load', kind: 'compare', runs: three, histories: {} });
    await page.waitForSelector('.grid-scroll th');
    const headers = () => page.locator('.grid-scroll thead th').allInnerTexts();
    assert.ok((await headers()).includes('seed'));
    await page.click('#only-differences');
    await page.waitForFunction(
      () => ![...document.querySelectorAll('.grid-scroll thead th')].some((th) => th.textContent === 'seed'),
    );
    assert.deepEqual(await headers(), ['name', 'status', 'epochs', 'lr', 'accuracy', 'loss']);
    await page.locator('.grid-scroll thead th button', { hasText: 'accuracy' }).click();
    await page.waitForFunction(() => document.querySelector('.grid-scroll thead th[aria-sort="descending"]') !== null);
    const names = await page.locator('.grid-scroll tbody th[scope="row"]').allInnerTexts();
    assert.deepEqual(names, ['faster', 'longer', 'baseline']);
  } finally {
    await close();
  }
});

test('10k runs: the table renders only the rows in view and exports every row to CSV', async () => {
  const { page, close } = await openPanel(browser, 'compare');
  try {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      run(`m${i}`, { name: `run,${i}`, params: { lr: String(i % 7) }, metrics: { accuracy: i / 10_000 } }),
    );
    await send(page, { type: 'load', kind: 'compare', runs: many, histories: {} });
    await page.waitForSelector('.grid-scroll tbody th[scope="row"]');
    const rendered = await page.locator('.grid-scroll tbody tr').count();
    assert.ok(rendered < 120, `only visible rows exist (${rendered})`);
    await page.locator('.grid-scroll').evaluate((el) => (el.scrollTop = 24 * 5000));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.grid-scroll tbody th[scope="row"]')].some((th) => th.textContent === 'run,5000'),
    );
    await page.locator('vscode-button', { hasText: 'Export CSV' }).click();
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'export'),
    );
    const exported = (await posted(page)).find((m) => m.type === 'export');
    assert.ok(exported && exported.type === 'export' && exported.format === 'csv');
    const lines = exported.data.trimEnd().split('\r\n');
    assert.equal(lines.length, 10_001);
    assert.equal(lines[0], 'name,status,lr,accuracy');
    assert.equal(lines[1], '"run,0",FINISHED,0,0');
  } finally {
    await close();
  }
});
