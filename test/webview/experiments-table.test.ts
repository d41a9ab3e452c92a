// The experiments table panel in headless Chromium: rows under baselines, best values, sort within a
// baseline, pin, column picker, host-side filter results, the Ray job link, virtualisation of 10,000 rows,
// the "Modify params" form's messages, and the quality gate column (badges made by core's tableGates).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ExpHostMessage, ExpPanelMessage, TableRow } from '../../src/webview/experiments-contract';
import { defaultExpSettings, encodeGates, encodeRows } from '../../src/webview/experiments-contract';
import { tableGates } from '../../src/core/checks';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { fileTree } from '../support/file-tree';
import { launch, openPanel, screenshot, violations } from './page';
import { experimentRows } from './experiment-rows';
import { combineFolders, idsByFolder } from '../../src/core/experiments/table-folders';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

const send = (page: Page, m: ExpHostMessage) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: ExpPanelMessage[] }).__posted);
const names = (page: Page) => page.locator('.exp-grid tbody tr[data-id] th.name span').allInnerTexts();

function load(
  rows: TableRow[] = experimentRows(4, { running: 1, queued: 1 }),
  settings = defaultExpSettings,
): ExpHostMessage {
  return { type: 'load', rows: encodeRows(rows), visible: null, settings, trusted: true };
}

test('baselines with their experiments under them; best metric marked; Ray job links to its log and its dashboard page', async () => {
  const { page, close } = await openPanel(browser, 'experiments');
  try {
    await send(page, load());
    await page.waitForSelector('.exp-grid tbody tr[data-id]');
    const shown = await names(page);
    assert.equal(shown[0], 'workspace');
    assert.match(shown[1] as string, /^1111111 \(HEAD\) train on blobs$/);
    assert.deepEqual(shown.slice(2, 8), ['pending-1', 'pending-0', 'exp-00003', 'exp-00002', 'exp-00001', 'exp-00000']);
    assert.match(shown[8] as string, /^2222222 first pipeline$/);
    // accuracy = 0.5 + (i*37 % 400)/1000 and loss = 1.5 - accuracy: exp-00003 is best at both.
    const best = await page.locator('td.best').allInnerTexts();
    assert.deepEqual(best.sort(), ['0.611', '0.889']);
    assert.equal(await page.locator(`tr[data-id$="/exp-00003"] td.best`).count(), 2);
    // The running row shows its live loss in the loss column; the queued one has none yet.
    const lossColumn = await page
      .locator('.exp-grid thead th')
      .evaluateAll((ths) => ths.findIndex((th) => th.getAttribute('data-column') === 'metric:loss'));
    const cell = (name: string) => page.locator(`tr[data-id$="/${name}"]`).locator('th, td').nth(lossColumn);
    assert.equal(await cell('pending-0').innerText(), '0.9');
    assert.equal((await cell('pending-1').innerText()).trim(), '');
    await page.locator('a.ray-job').click();
    assert.deepEqual((await posted(page)).at(-1), {
      type: 'action',
      action: 'logs',
      ids: [`exp:${'1'.repeat(40)}/pending-0`],
    });
    await page.locator('a.ray-dashboard').click();
    assert.deepEqual((await posted(page)).at(-1), {
      type: 'action',
      action: 'dashboard',
      ids: [`exp:${'1'.repeat(40)}/pending-0`],
    });
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'experiments-table');
  } finally {
    await close();
  }
});

test('sorting orders experiments within their baseline; pins stay on top; hidden columns go and are saved', async () => {
  const { page, close } = await openPanel(browser, 'experiments');
  try {
    await send(page, load(experimentRows(5)));
    await page.waitForSelector('.exp-grid tbody tr[data-id]');
    await page.locator('th[data-column="metric:accuracy"] button').click();
    const sorted = await names(page);
    assert.deepEqual(sorted.slice(2, 7), ['exp-00004', 'exp-00003', 'exp-00002', 'exp-00001', 'exp-00000']);
    await page.locator('tr[data-id$="/exp-00000"] button.pin').click();
    assert.equal((await names(page))[0], 'exp-00000');
    await page.click('#columns');
    await page.uncheck('input[id="col-param:seed"]');
    assert.equal(await page.locator('th[data-column="param:seed"]').count(), 0);
    const last = (await posted(page)).filter((m) => m.type === 'settings').at(-1);
    assert.ok(last?.type === 'settings');
    assert.deepEqual(last.settings.hidden, ['param:seed']);
    assert.deepEqual(last.settings.pinned, [`exp:${'1'.repeat(40)}/exp-00000`]);
    assert.deepEqual(last.settings.sort, { column: 'metric:accuracy', descending: true });
  } finally {
    await close();
  }
});

test('the host filter keeps matching rows with their baseline; 10,000 rows keep the DOM small', async () => {
  const { page, close } = await openPanel(browser, 'experiments');
  try {
    const rows = experimentRows(10_000);
    await send(page, load(rows));
    await page.waitForSelector('.exp-grid tbody tr[data-id]');
    assert.ok((await page.locator('.exp-grid tbody tr[data-id]').count()) < 120, 'only the rows in view are drawn');
    await page.locator('.exp-grid').evaluate((e) => (e.scrollTop = e.scrollHeight));
    await page.waitForSelector('tr[data-id$="/exp-00000"]');
    const keep = rows.filter((r) => r.name === 'exp-00042').map((r) => r.id);
    await send(page, { type: 'rows', rows: encodeRows(rows), visible: keep });
    await page.waitForFunction(() => document.querySelectorAll('.exp-grid tbody tr[data-id]').length === 3);
    assert.deepEqual((await names(page)).slice(1), [`${'1'.repeat(7)} (HEAD) train on blobs`, 'exp-00042']);
  } finally {
    await close();
  }
});

test('the params form sends each edit for checking, shows the count or the error, and submits', async () => {
  const { page, close } = await openPanel(browser, 'experiments');
  try {
    await send(page, load());
    await page.click('#modify-params');
    assert.deepEqual((await posted(page)).at(-1), { type: 'openForm' });
    await send(page, {
      type: 'form',
      folder: '/w/project',
      folders: [{ folder: '/w/project', name: 'project' }],
      params: [
        { file: 'params.yaml', key: 'train.lr', value: '0.1' },
        { file: 'conf.yaml', key: 'depth', value: '3' },
      ],
      executor: 'local',
      rayAddress: 'http://127.0.0.1:8265',
    });
    await page.fill('input[data-key="params.yaml:train.lr"]', '0.1,0.2,0.3');
    const check = (await posted(page)).at(-1);
    assert.ok(check?.type === 'checkSweep');
    assert.deepEqual(check.sets, ['train.lr=0.1,0.2,0.3']);
    await send(page, { type: 'sweepChecked', seq: check.seq, count: 3 });
    await page.waitForSelector('.sweep-summary:text("Makes 3 experiments.")');
    await page.fill('input[data-key="conf.yaml:depth"]', 'range(1,)');
    const bad = (await posted(page)).at(-1);
    assert.ok(bad?.type === 'checkSweep');
    assert.deepEqual(bad.sets, ['train.lr=0.1,0.2,0.3', 'conf.yaml:depth=range(1,)']);
    await send(page, {
      type: 'sweepChecked',
      seq: bad.seq,
      count: 0,
      error: "-S 'conf.yaml:depth=range(1,)': column 21",
    });
    await page.waitForSelector('.sweep-summary.error');
    assert.equal(await page.locator('#form-queue').isDisabled(), true);
    await page.fill('input[data-key="conf.yaml:depth"]', '');
    const ok = (await posted(page)).at(-1);
    assert.ok(ok?.type === 'checkSweep');
    await send(page, { type: 'sweepChecked', seq: ok.seq, count: 3 });
    await page.check('#run-on-ray');
    await page.fill('#jobs', '2');
    await screenshot(page, 'experiments-form');
    // One folder: no choice of folder is shown.
    assert.equal(await page.locator('#form-folder').count(), 0);
    await page.click('#form-run');
    assert.deepEqual((await posted(page)).at(-1), {
      type: 'submit',
      mode: 'run',
      sets: ['train.lr=0.1,0.2,0.3'],
      executor: 'ray',
      jobs: 2,
      folder: '/w/project',
    });
  } finally {
    await close();
  }
});

test('the gate column: a failing experiment shows ✗ with its rule and every rule in its title, a passing one ✓', async () => {
  // Made by core, as the host makes them: accuracy = 0.5 + (i*37 % 400)/1000, so exp-00000 (0.5) and exp-00001
  // (0.537) fail accuracy >= 0.55, exp-00002 and exp-00003 pass; loss <= 0.9 warns for exp-00002 (0.926).
  const dir = fileTree('mlops-table-gate-', {
    '.mlops.json': JSON.stringify({
      checks: [
        { metric: 'accuracy', min: 0.55 },
        { metric: 'loss', max: 0.9, severity: 'warning' },
      ],
    }),
  });
  const rows = experimentRows(4, { running: 1, queued: 1 });
  const gates = await tableGates(rows, {
    store: openLocalStore(workspaceStoreDir(dir)),
    openRegistry: () => Promise.reject(new Error('no registry here')),
    cwd: dir,
    experiment: 'Default',
  });
  const { page, close } = await openPanel(browser, 'experiments');
  try {
    await send(page, load(rows));
    await page.waitForSelector('.exp-grid tbody tr[data-id]');
    // No gates yet (the host sends them after the rows): no gate column.
    assert.equal(await page.locator('th[data-column="gate"]').count(), 0);
    await send(page, { type: 'gates', gates: encodeGates(gates) });
    await page.waitForSelector('th[data-column="gate"]');
    const badge = (name: string) => page.locator(`tr[data-id$="/${name}"] td.gate .gate-badge`);
    assert.equal(await badge('exp-00000').innerText(), '✗ accuracy >= 0.55');
    assert.match((await badge('exp-00000').getAttribute('class')) ?? '', /\bfail\b/);
    assert.equal(
      await badge('exp-00000').getAttribute('title'),
      '❌ fail  accuracy >= 0.55: accuracy 0.5 is below the minimum 0.55\n⚠️ warn  loss <= 0.9: loss 1 is above the maximum 0.9',
    );
    assert.equal(await badge('exp-00003').innerText(), '✓');
    assert.match((await badge('exp-00003').getAttribute('class')) ?? '', /\bpass\b/);
    assert.equal(await badge('exp-00002').innerText(), '⚠ 1 warning');
    // Running and queued experiments, baselines and the working copy have no gate.
    assert.equal(await badge('pending-0').count(), 0);
    assert.equal(await page.locator('tr.baseline td.gate .gate-badge, tr.workspace td.gate .gate-badge').count(), 0);
    // Sorting by the gate: failing first ascending.
    await page.locator('th[data-column="gate"] button').click();
    const firstTwo = (await names(page)).slice(2, 4);
    assert.deepEqual(firstTwo.sort(), ['exp-00000', 'exp-00001']);
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'experiments-gates');

    // The guard: an entry that is not a badge is dropped, the others drawn; a gates text that is not JSON, none.
    const forged = JSON.stringify({
      [rows.find((r) => r.name === 'exp-00003')!.id]: { verdict: 'pass', label: '✓', tooltip: 'ok' },
      [rows.find((r) => r.name === 'exp-00000')!.id]: { verdict: '<img>', label: 1, tooltip: null },
    });
    await send(page, { type: 'gates', gates: forged });
    await page.waitForFunction(() => document.querySelectorAll('td.gate .gate-badge').length === 1);
    assert.equal(await badge('exp-00003').getAttribute('title'), 'ok');
    await send(page, { type: 'gates', gates: 'not json' });
    await page.waitForSelector('th[data-column="gate"]', { state: 'detached' });
  } finally {
    await close();
  }
});

test('a window of two folders: each folder row heads its own baselines and experiments; actions and the form name the folder', async () => {
  const { page, close } = await openPanel(browser, 'experiments');
  try {
    const table = combineFolders([
      { folder: '/w/alpha', name: 'alpha', rows: experimentRows(2) },
      { folder: '/w/beta', name: 'beta', rows: experimentRows(4), problem: 'no commit yet' },
    ]);
    await send(page, load(table.rows));
    await page.waitForSelector('.exp-grid tbody tr.folder');
    const shown = await names(page);
    const head = `${'1'.repeat(7)} (HEAD) train on blobs`;
    const old = `${'2'.repeat(7)} first pipeline`;
    assert.deepEqual(shown, [
      'alpha',
      'workspace',
      head,
      'exp-00001',
      'exp-00000',
      old,
      'beta',
      'workspace',
      head,
      'exp-00003',
      'exp-00002',
      'exp-00001',
      'exp-00000',
      old,
    ]);
    assert.match(await page.locator('tr[data-id="folder:/w/beta"]').innerText(), /beta — no commit yet/);
    // The best values are each folder's own: beta's exp-00003 (0.611) beats every row of alpha, whose own best
    // (0.6 and 0.95, its working copy's and baselines') is still marked.
    assert.equal(await page.locator(`tr[data-id="/w/beta#exp:${'1'.repeat(40)}/exp-00003"] td.best`).count(), 2);
    assert.equal(await page.locator('tr[data-id^="/w/beta#"] td.best').count(), 2);
    assert.deepEqual((await page.locator('tr[data-id^="/w/alpha#"] td.best').allInnerTexts()).sort(), [
      '0.6',
      '0.6',
      '0.6',
      '0.95',
      '0.95',
      '0.95',
    ]);
    // An action names the rows by their table ids; the host maps them back to each folder's own (table-folders.ts).
    await page.locator(`tr[data-id="/w/beta#exp:${'1'.repeat(40)}/exp-00003"]`).click();
    await page.click('#action-apply');
    const action = (await posted(page)).at(-1);
    assert.ok(action?.type === 'action');
    assert.deepEqual([...idsByFolder(table, action.ids)], [['/w/beta', [`exp:${'1'.repeat(40)}/exp-00003`]]]);
    // The form opens on the selected row's folder and offers the other.
    await page.click('#modify-params');
    assert.deepEqual((await posted(page)).at(-1), { type: 'openForm', folder: '/w/beta' });
    await send(page, {
      type: 'form',
      folder: '/w/beta',
      folders: [
        { folder: '/w/alpha', name: 'alpha' },
        { folder: '/w/beta', name: 'beta' },
      ],
      params: [{ file: 'params.yaml', key: 'train.lr', value: '0.1' }],
      executor: 'local',
      rayAddress: '',
    });
    assert.equal(await page.locator('#form-folder').inputValue(), '/w/beta');
    await page.fill('input[data-key="params.yaml:train.lr"]', '0.3');
    const check = (await posted(page)).at(-1);
    assert.ok(check?.type === 'checkSweep');
    assert.equal(check.folder, '/w/beta');
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'experiments-two-folders');
    await page.selectOption('#form-folder', '/w/alpha');
    assert.deepEqual((await posted(page)).at(-1), { type: 'openForm', folder: '/w/alpha' });
  } finally {
    await close();
  }
});
