// The run panel's Quality gate section under the extension's CSP: the verdict and each rule's value, baseline and
// message, as the host sends them after `load`; replaced in place when the gate is sent again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { evaluateChecks, parseCheckRules } from '../../src/core/checks';
import { histories, run } from './fixtures';
import { launch, openPanel, screenshot, send, violations } from './page';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

async function report(accuracy: number) {
  const rules = parseCheckRules(
    [
      { metric: 'accuracy', min: 0.85 },
      { metric: 'loss', max_increase: 0.01, against: 'prod', severity: 'warning' },
    ],
    '.mlops.json',
  );
  assert.ok(rules.ok);
  // The baseline a registry would give: the production model's run.
  const prod = async () => ({ ok: true as const, label: 'clf v1.0.0 (prod)', metrics: { loss: 0.3 } });
  return evaluateChecks(rules.value, { label: 'run a1', metrics: { accuracy, loss: 0.35 } }, prod);
}

test('shows the gate under the header: verdict, rules with values and baselines; a new gate replaces it', async () => {
  const { page, close } = await openPanel(browser, 'run');
  try {
    await send(page, { type: 'load', kind: 'run', runs: [run('a1')], histories: histories(['a1'], 20) });
    await send(page, { type: 'gate', gate: { state: 'checked', report: await report(0.8) } });
    await page.waitForSelector('.gate');
    assert.equal(await page.locator('.gate-verdict').innerText(), '✗ failed');
    assert.deepEqual(
      await page
        .locator('.gate tbody tr')
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent))),
      [
        ['fail', 'accuracy >= 0.85', '0.8', '–'],
        ['warn', 'loss increase <= 0.01 vs prod', '0.35', '0.3'],
      ],
    );
    assert.equal(await page.locator('header + .gate').count(), 1, 'right under the run header');
    await screenshot(page, 'run-panel-gate');
    await send(page, { type: 'gate', gate: { state: 'checked', report: await report(0.9) } });
    await page.waitForFunction(() => document.querySelector('.gate-verdict')?.textContent === '✓ passed');
    assert.equal(await page.locator('.gate').count(), 1);
    await send(page, { type: 'gate', gate: { state: 'none' } });
    await page.waitForFunction(() => document.querySelector('.gate') === null);
    assert.deepEqual(await violations(page), []);
  } finally {
    await close();
  }
});
