// Plots of several runs and revisions overlaid, in headless Chromium over a real git + DVC repository: the compare
// panel draws each run's plots at its own revision (an experiment's ref, else its commit) in the run's colour,
// and says which runs have no plots of their own; "Compare with…" in the compare and run panels offers a promoted
// model version (a real GTO registry's tags) and overlays its commit's plots; the plots panel
// (`mlops.plots.showForRevisions`) resolves an experiment's name, a tag and `workspace`, colours each by its name
// and names what did not resolve.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { expRefName } from '../../src/core/experiments/refs';
import { gitChoices, modelChoices, offeredChoice } from '../../src/core/plots/compare-choices';
import { resolveRevisionNames } from '../../src/core/plots/revision-names';
import { GtoRegistry } from '../../src/core/registry/gto';
import type { HostMessage } from '../../src/webview/contract';
import { plotsMessage, runPlotsMessage, runsPlotsMessage } from '../../src/extension/panels/plots-model';
import { comparedRevisionColor, runColor } from '../../src/webview/shared/colors';
import { git } from '../support/runner-workspace';
import { plotsRepo } from '../support/plots-repo';
import { countColor, launch, openPanel, posted, screenshot, send, violations } from './page';
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
    // Nothing offered (no choices in the message): no select.
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

/** The confusion counts a plots message draws, cell by cell (every panel of the heatmap in order). */
function confusionCounts(message: Extract<HostMessage, { type: 'plots' }>): number[] {
  const plot = message.plots.find((p) => p.id === 'plots/confusion.csv');
  if (plot?.kind !== 'drawing') throw new Error('no confusion drawing');
  return plot.drawing.items.flatMap((p) => (p.k === 'rect' && p.cell ? [p.count ?? 0] : []));
}

test('compare with a model version: the registry’s promoted version offered, its commit’s plots overlaid', async () => {
  // A real GTO registry: v0.1.0 registered at the tagged commit v1 and promoted to prod; v0.2.0 at HEAD, not promoted.
  const registry = new GtoRegistry(repo.root);
  await registry.register({ name: 'classifier', version: 'v0.1.0', commit: v1 });
  await registry.promote('classifier', 'v0.1.0', 'prod');
  await registry.register({ name: 'classifier', version: 'v0.2.0', commit: head });
  const choices = [...gitChoices(repo.root), ...modelChoices(await registry.listModels())];
  const label = 'classifier v0.1.0 (prod)';
  assert.deepEqual(
    choices.filter((c) => c.kind === 'model'),
    [{ kind: 'model', label, revision: v1 }],
    'only the promoted version, at its commit',
  );
  const runs = [run('head-run', { name: 'baseline', git: { commit: head, branch: 'main', dirty: false } })];
  const { page, close } = await openPanel(browser, 'compare');
  try {
    await send(page, { type: 'load', kind: 'compare', runs, histories: histories(['head-run'], 20) });
    await send(page, runsPlotsMessage(repo.root, runs, null, choices));
    const select = page.locator('select[aria-label="Compare with revision"]');
    await select.waitFor();
    assert.deepEqual(await select.locator('optgroup[label="Model versions"] option').allTextContents(), [label]);
    assert.ok((await select.locator('optgroup[label="Git"] option').allTextContents()).includes('v1'));
    // The reader picks the version: the panel asks for it by its label; the host reads only a choice it offered.
    await select.selectOption(label);
    const asked = (await posted(page)).filter((m) => m.type === 'comparePlots');
    assert.deepEqual(asked, [{ type: 'comparePlots', revision: label }]);
    const choice = offeredChoice(choices, label);
    assert.equal(offeredChoice(choices, 'refs/heads/../../etc'), undefined, 'a label never offered is refused');
    assert.ok(choice);
    const overlaid = runsPlotsMessage(repo.root, runs, choice, choices);
    assert.deepEqual(overlaid.revisions, ['baseline', label]);
    await send(page, overlaid);
    // The loss curves of the two revisions lie apart (their ROC curves mostly overlap).
    const LOSS = 'figure.plot[data-id="plots/loss.csv"]';
    // Two heatmaps of 3 × 3 cells once the overlay is drawn.
    await page.waitForFunction(
      () => document.querySelectorAll('figure.plot[data-id="plots/confusion.csv"] .heatmap-counts td').length === 18,
    );
    assert.equal(await select.inputValue(), label);
    // Its revision's data: the second heatmap holds v1's 30 predictions (not HEAD's), drawn beside the run's.
    const v1Counts = confusionCounts(plotsMessage({ root: repo.root, revisions: ['v1'], owners: ['v1'] }));
    const headCounts = confusionCounts(plotsMessage({ root: repo.root, revisions: ['HEAD'], owners: ['HEAD'] }));
    assert.notDeepEqual(v1Counts, headCounts, 'the two revisions differ, so the overlay is told apart');
    const shown = (
      await page.locator('figure.plot[data-id="plots/confusion.csv"] .heatmap-counts td').allTextContents()
    ).map(Number);
    assert.deepEqual(shown, [...headCounts, ...v1Counts]);
    assert.ok((await countColor(page, LOSS, runColor('head-run'))) > 80, "the run's loss in its colour");
    assert.ok((await countColor(page, LOSS, comparedRevisionColor(1))) > 80, "the version's loss in its own");
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'compare-panel-model-version');
  } finally {
    await close();
  }
  // The run panel offers the same version over its working copy.
  const single = await openPanel(browser, 'run');
  try {
    await send(single.page, { type: 'load', kind: 'run', runs: [run('r1')], histories: histories(['r1'], 20) });
    await send(single.page, runPlotsMessage(repo.root, 'r1', offeredChoice(choices, label) ?? null, choices));
    await single.page.waitForSelector(`${ROC} canvas`);
    assert.equal(await single.page.locator('select[aria-label="Compare with revision"]').inputValue(), label);
    assert.ok((await countColor(single.page, ROC, comparedRevisionColor(1))) > 80, "the version's ROC drawn");
    await screenshot(single.page, 'run-panel-model-version');
  } finally {
    await single.close();
  }
});
