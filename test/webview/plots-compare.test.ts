// Plots of several runs and revisions overlaid, in headless Chromium over a real git + DVC repository: the compare
// panel draws each run's plots at its own revision (an experiment's ref, else its commit) in the run's colour,
// and says which runs have no plots of their own; the plots panel (`mlops.plots.showForRevisions`) resolves an
// experiment's name, a tag and `workspace`, colours each by its name and names what did not resolve.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { expRefName } from '../../src/core/experiments/refs';
import { resolveRevisionNames } from '../../src/core/plots/revision-names';
import { plotsMessage, runsPlotsMessage } from '../../src/extension/panels/plots-model';
import { runColor } from '../../src/webview/shared/colors';
import { git } from '../support/runner-workspace';
import { plotsRepo } from '../support/plots-repo';
import { countColor, launch, openPanel, screenshot, send, violations } from './page';
import { histories, run } from './fixtures';

let browser: Browser;
const repo = plotsRepo();
const head = git(repo.root, 'rev-parse', 'HEAD').trim();
const v1 = git(repo.root, 'rev-parse', 'v1^{commit}').trim();
// An experiment of HEAD whose commit is v1's tree: made as `dvc exp` makes one, a ref under refs/exps.
const experiment = { baseline: head, name: 'tuned-lr' };
git(repo.root, 'update-ref', expRefName(experiment), v1);
// Another, at HEAD's tree: its data differ from v1's and from the working copy's.
git(repo.root, 'update-ref', expRefName({ baseline: head, name: 'wider' }), head);

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

const ROC = 'figure.plot[data-id="plots/roc.json"]';

test('compare panel: each run at its experiment or commit, in its colour; runs without plots are named', async () => {
  const runs = [
    run('exp-run', { name: 'tuned-lr', tags: { 'mlops.exp.ref': expRefName(experiment) } }),
    run('head-run', { name: 'baseline', git: { commit: head, branch: 'main', dirty: false } }),
    run('twin-run', { name: 'rerun', git: { commit: head, branch: 'main', dirty: false } }),
    run('no-git', { name: 'scratch', git: null }),
  ];
  const message = runsPlotsMessage(repo.root, runs);
  assert.deepEqual(message.revisions, ['tuned-lr', 'baseline']);
  assert.deepEqual(message.owners, ['exp-run', 'head-run']);
  assert.deepEqual(message.notes, [
    'rerun: same revision as baseline, whose plots are shown',
    'scratch: no git commit recorded, so its plots cannot be read',
  ]);
  const { page, close } = await openPanel(browser, 'compare');
  try {
    await send(page, { type: 'load', kind: 'compare', runs, histories: histories(['exp-run', 'head-run'], 20) });
    await send(page, message);
    await page.waitForSelector(`.plots-section ${ROC} canvas`);
    assert.ok((await countColor(page, ROC, runColor('exp-run'))) > 80, "the experiment's ROC in its run's colour");
    assert.ok((await countColor(page, ROC, runColor('head-run'))) > 80, "the commit's ROC in its run's colour");
    // Two confusion matrices, one per run, each of the 30 predictions at that revision.
    const counts = (
      await page.locator('figure.plot[data-id="plots/confusion.csv"] .heatmap-counts td').allTextContents()
    ).map(Number);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      60,
    );
    assert.deepEqual(await page.locator('.plot-note').allTextContents(), message.notes);
    assert.equal(await page.locator('select[aria-label="Compare with revision"]').count(), 0);
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'compare-panel-plots');
  } finally {
    await close();
  }
});

test('plots panel: an experiment by name, a tag and the working copy, each in the colour of its name', async () => {
  const named = await resolveRevisionNames(repo.root, ['workspace', 'wider', 'v1', 'no-such-thing']);
  assert.deepEqual(named.names, ['workspace', 'wider', 'v1']);
  assert.equal(named.problems.length, 1);
  assert.match(named.problems[0] ?? '', /^'no-such-thing' is neither a git revision nor an experiment/);
  const message = plotsMessage({
    root: repo.root,
    revisions: named.names,
    treeOf: named.treeOf,
    owners: named.names,
    notes: named.problems,
  });
  const { page, close } = await openPanel(browser, 'plots');
  try {
    await send(page, message);
    await page.waitForSelector(`${ROC} canvas`);
    assert.equal(await page.locator('h1').innerText(), 'Plots: workspace · wider · v1');
    for (const name of named.names)
      assert.ok((await countColor(page, ROC, runColor(name))) > 80, `${name}'s ROC in the colour of its name`);
    assert.match(await page.locator('.plot-note').innerText(), /no-such-thing/);
    // What the host's serializer gets back after a window reload: the revisions shown, to reopen the same set.
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') || 'null') as unknown);
    assert.deepEqual(saved, { kind: 'plots', revisions: named.names });
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'plots-panel-revisions');
  } finally {
    await close();
  }
});
