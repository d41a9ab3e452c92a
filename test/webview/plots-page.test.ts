// The page `mlops plots diff -o DIR` writes for sharing, opened from disk in headless Chromium as a reader would
// open it: every plot has its section, charts are inline SVG drawn with the revisions' lines, images (the hostile
// SVG among them) load as images from the copies beside the page, the custom template is a table with its note,
// a bad value is named with its file and line — and the page makes no request outside its folder, runs nothing,
// and breaks no rule of its own Content-Security-Policy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { runCli } from '../support/cli';
import { plotsRepo } from '../support/plots-repo';
import { launch, screenshotDir } from './page';

let browser: Browser;
const repo = plotsRepo();
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

test('plots diff -o DIR: a page that stands alone, draws every plot and runs nothing', async () => {
  writeFileSync(join(repo.root, 'plots/test.csv'), 'step,acc\n0,0.5\n1,oops\n');
  const out = mkdtempSync(join(tmpdir(), 'mlops-plots-page-'));
  const r = await runCli(['plots', 'diff', 'v1', '-o', out], repo.root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), join(out, 'index.html'), 'the page’s path on stdout');
  assert.ok(
    readdirSync(out).some((f) => f.endsWith('hostile.svg')),
    'the SVG image copied beside the page',
  );

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  page.on('request', (req) => requests.push(req.url()));
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  try {
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    await page.waitForLoadState('load');
    const ids = await page.locator('section > h2').allTextContents();
    for (const id of ['plots/roc.json', 'plots/confusion.csv', 'smooth-loss', 'plots/jitter.csv', 'plots/hostile.svg'])
      assert.ok(ids.includes(id), `a section for ${id}`);
    // Charts are inline SVG: the ROC has a line per revision (workspace and v1).
    const roc = page.locator('section', { has: page.locator('h2', { hasText: /^plots\/roc\.json$/ }) });
    assert.equal(await roc.locator('svg').count(), 1);
    assert.ok((await roc.locator('svg path').count()) >= 2, 'a line per revision');
    // Images load from the copies (a PNG and the hostile SVG), as images: its script never ran.
    const images = page.locator('section img');
    assert.ok((await images.count()) >= 3);
    const sizes = await images.evaluateAll((all) => all.map((i) => (i as HTMLImageElement).naturalWidth));
    assert.ok(
      sizes.every((w) => w > 0),
      `every image decoded (${sizes.join(', ')})`,
    );
    assert.notEqual(await page.title(), 'pwned');
    // The custom template is shown as its data with the note saying why; the bad value names its line.
    assert.match(await page.locator('body').innerText(), /Custom template 'custom'/);
    assert.match(await page.locator('body').innerText(), /plots\/test\.csv:3/);
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(pathToFileURL(out).href)),
      [],
      'nothing fetched from outside the page’s folder',
    );
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    await page.screenshot({ path: join(screenshotDir, 'plots-page.png'), fullPage: true });
  } finally {
    await page.close();
  }
});
