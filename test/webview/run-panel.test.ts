import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { runColor } from '../../src/webview/shared/colors';
import {
  countColor,
  imageSettled,
  launch,
  lightTheme,
  openPanel,
  posted,
  screenshot,
  send,
  setTheme,
  violations,
} from './page';
import { curve, histories, run } from './fixtures';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

test('says ready first, then draws one chart per metric with the run colour', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual((await posted(page))[0], { type: 'ready' });
    await send(page, { type: 'load', kind: 'run', runs: [run('a1')], histories: histories(['a1'], 50) });
    await page.waitForSelector('figure.chart canvas');
    assert.deepEqual(await page.locator('figure.chart figcaption').allTextContents(), ['accuracy', 'loss']);
    assert.ok((await countColor(page, 'figure.chart', runColor('a1'))) > 50, 'the line is drawn in the run colour');
    assert.equal(await page.locator('h1').innerText(), 'run-a1FINISHED');
    assert.equal(await page.locator('h1 .status').innerText(), 'FINISHED');
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'run-panel-dark');
  } finally {
    await close();
  }
});

test('live points are appended to the existing chart, not rebuilt', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await send(page, {
      type: 'load',
      kind: 'run',
      runs: [run('live', { status: 'RUNNING', endTime: null } as never)],
      histories: { live: { loss: curve(10, (i) => 1 / (1 + i)) } },
    });
    await page.waitForSelector('figure.chart canvas');
    await page.evaluate(
      () => ((document.querySelector('figure.chart canvas') as HTMLCanvasElement & { marker?: number }).marker = 42),
    );
    const points = Array.from({ length: 40 }, (_, i) => ({
      key: 'loss',
      step: 10 + i,
      value: 0.05,
      timestamp: 1_700_000_100_000 + i,
    }));
    await send(page, { type: 'append', runId: 'live', points });
    await page.waitForFunction(() =>
      document.querySelector('figure.chart')?.getAttribute('aria-label')?.includes('50 points'),
    );
    const marker = await page.evaluate(
      () => (document.querySelector('figure.chart canvas') as HTMLCanvasElement & { marker?: number }).marker,
    );
    assert.equal(marker, 42, 'same canvas element: the chart was updated in place');
    assert.equal(await page.locator('figure.chart').count(), 1);
  } finally {
    await close();
  }
});

test('follows a theme switch and redraws with the new colours', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await send(page, { type: 'load', kind: 'run', runs: [run('t')], histories: histories(['t'], 30) });
    await page.waitForSelector('figure.chart canvas');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await setTheme(page, lightTheme, 'vscode-light');
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)');
    assert.notEqual(dark, 'rgb(255, 255, 255)');
    // Axis labels are drawn on the canvas in the theme's foreground colour.
    await page.waitForFunction(() => document.querySelectorAll('figure.chart canvas').length === 2);
    assert.ok(
      (await countColor(page, 'figure.chart', lightTheme['--vscode-foreground'])) > 20,
      'axis text drawn in the light foreground',
    );
    await screenshot(page, 'run-panel-light');
  } finally {
    await close();
  }
});

test('markup and control characters in run data stay inert text', async () => {
  const { page, close } = await openPanel(browser, 'run');
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  try {
    await send(page, {
      type: 'load',
      kind: 'run',
      runs: [
        run('x', {
          name: payload,
          params: { [payload]: payload },
          metrics: { [`acc${payload}`]: 1 },
          tags: { t: payload },
          experiment: payload,
        }),
      ],
      histories: { x: { [`<b>loss</b>\u0007`]: curve(5, (i) => i) } },
    });
    await page.waitForSelector('figure.chart canvas');
    await imageSettled(page, 'x');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(
      await page.locator('main img, main script, main b').count(),
      0,
      'no element was made from the payload',
    );
    assert.ok((await page.locator('h1').innerText()).startsWith('<img src=x onerror='), 'shown literally');
    assert.equal(await page.locator('figcaption').innerText(), '<b>loss</b>\ufffd');
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'run-panel-payloads');
  } finally {
    await close();
  }
});

test('settings survive a reload through the persisted state', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await send(page, { type: 'load', kind: 'run', runs: [run('s')], histories: histories(['s'], 20) });
    await page.waitForSelector('#log-scale');
    await page.click('#log-scale');
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string; settings?: { logScale: boolean } }[] }).__posted.some(
        (m) => m.type === 'settings' && m.settings?.logScale,
      ),
    );
    await page.reload();
    const state = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null'));
    assert.equal(state.kind, 'run');
    assert.deepEqual(state.runIds, ['s']);
    assert.equal(state.settings.logScale, true);
  } finally {
    await close();
  }
});

test('a metric logged once is left to the table until a second point makes it a curve', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await send(page, {
      type: 'load',
      kind: 'run',
      runs: [run('one', { status: 'RUNNING', endTime: null } as never)],
      histories: { one: { loss: curve(30, (i) => 1 / (1 + i)), accuracy: curve(1, () => 0.8) } },
    });
    await page.waitForSelector('figure.chart canvas');
    assert.deepEqual(await page.locator('figure.chart figcaption').allTextContents(), ['loss']);
    await send(page, {
      type: 'append',
      runId: 'one',
      points: [{ key: 'accuracy', step: 1, value: 0.85, timestamp: 1_700_000_200_000 }],
    });
    await page.waitForFunction(() => document.querySelectorAll('figure.chart').length === 2);
    assert.deepEqual(await page.locator('figure.chart figcaption').allTextContents(), ['accuracy', 'loss']);
  } finally {
    await close();
  }
});

test('Shift+drag pans, the wheel zooms, and 0 restores the full range', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await send(page, {
      type: 'load',
      kind: 'run',
      runs: [run('z')],
      histories: { z: { loss: curve(200, (i) => Math.sin(i / 10)) } },
    });
    await page.waitForSelector('figure.chart canvas');
    const image = () =>
      page.evaluate(() => (document.querySelector('figure.chart canvas') as HTMLCanvasElement).toDataURL());
    const original = await image();
    const box = (await page.locator('figure.chart .u-over').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const panned = await image();
    assert.notEqual(panned, original, 'the curve moved');
    await page.locator('figure.chart').focus();
    await page.keyboard.press('0');
    assert.equal(await image(), original, 'full range again');
    // The live legend shows the step under the pointer: how far apart two pointer positions are in steps is the
    // zoom. Wheel up at the middle narrows the range around it.
    const stepAt = async (fraction: number) => {
      await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
      return Number(await page.locator('figure.chart .u-legend .u-series').first().locator('.u-value').innerText());
    };
    const span = async () => (await stepAt(0.9)) - (await stepAt(0.5));
    const full = await span();
    assert.ok(full > 50, `the full range spreads 40% of the width over ${full} steps`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForFunction(
      (o) => (document.querySelector('figure.chart canvas') as HTMLCanvasElement).toDataURL() !== o,
      original,
    );
    const zoomed = await span();
    assert.ok(zoomed < full * 0.9 && zoomed > 0, `zoomed in: ${full} → ${zoomed} steps over the same pixels`);
  } finally {
    await close();
  }
});
