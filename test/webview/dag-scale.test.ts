// The pipeline graph at scale (issue 18), in headless Chromium: a real public pipeline (POPROX, 91 stages in four
// dvc.yaml files and 5 `.dvc` data files, each a node as in `dvc dag`) drawn with its foreach/matrix groups folded as the host's first view chooses for the panel's
// size, groups opened and folded, focus on one stage, search, the overview map, and a generated 2,000-stage
// pipeline whose first view stays legible.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadWorkspace } from '../../src/core/runner/workspace';
import {
  dagDrawing,
  dagStages,
  dagStatuses,
  type DagStages,
  type DagViewState,
} from '../../src/extension/panels/dag-model';
import {
  MIN_LEGIBLE_SCALE,
  type DagHostMessage,
  type DagPanelMessage,
  type DagStatus,
  type DagWindow,
} from '../../src/webview/contract';
import { dark } from './dag-themes';
import { launch, openPanel, screenshot, setTheme, violations } from './page';

const poprox = dagStages(loadWorkspace(join(__dirname, '../fixtures/poprox-recommender')));
const cycle: DagStatus[] = ['changed', 'up-to-date', 'never-run', 'changed', 'up-to-date', 'up-to-date', 'failed'];
const source = (stages: DagStages) => ({
  viewOf: (id: string) => cycle[(stages.index.get(id) ?? 0) % cycle.length],
  reasonsOf: () => ['dep changed: x'],
});

async function posted(page: Page): Promise<DagPanelMessage[]> {
  return page.evaluate(() => (window as unknown as { __posted: DagPanelMessage[] }).__posted);
}

/** What the host does: waits for `ready`, draws for the page's own size, answers with `load`. */
async function draw(
  page: Page,
  stages: DagStages,
  view: Omit<DagViewState, 'window'> = {},
  reveal?: string[],
): Promise<ReturnType<typeof dagDrawing>> {
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  const ready = (await posted(page))[0] as { type: 'ready'; window: DagWindow };
  const drawing = dagDrawing(stages, { ...view, window: ready.window });
  const message: DagHostMessage = {
    type: 'load',
    nodes: drawing.nodes,
    layout: drawing.layout,
    ...dagStatuses(source(stages), drawing.nodes),
    ...(drawing.focus ? { focus: drawing.focus } : {}),
    ...(reveal ? { reveal } : {}),
  };
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n, drawing.nodes.length);
  return drawing;
}

const scale = (page: Page) =>
  page.evaluate(() => {
    const t = document.querySelector('g.viewport')?.getAttribute('transform') ?? '';
    return Number(/scale\(([\d.e-]+)\)/.exec(t)?.[1]);
  });

/** Whether a node lies entirely inside the visible surface. */
async function visible(page: Page, id: string): Promise<boolean> {
  const node = await page.locator(`g.node[data-stage-id="${id}"] rect.box`).boundingBox();
  const area = (await page.locator('.surface').boundingBox())!;
  return (
    !!node &&
    node.x >= area.x &&
    node.x + node.width <= area.x + area.width &&
    node.y >= area.y &&
    node.y + node.height <= area.y + area.height
  );
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

test('a real pipeline of 91 stages and 5 .dvc files opens legible: groups folded into one node with count and worst status', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await setTheme(page, dark, 'vscode-dark');
    const drawing = await draw(page, poprox);
    assert.ok((await scale(page)) >= MIN_LEGIBLE_SCALE, 'names at least 10 px');
    const nameHeight = await page
      .locator('g.node text.name')
      .first()
      .evaluate((t) => t.getBoundingClientRect().height);
    assert.ok(nameHeight >= 10, `a name is ${nameHeight.toFixed(1)} px tall on screen`);
    const matrix = page.locator('g.node[data-kind="group"][data-stage-id="measure-poprox"]');
    assert.equal(await matrix.count(), 1, 'the 3 × 6 matrix is one node');
    assert.match((await matrix.locator('text.state').textContent()) ?? '', /^18 expansions · \d+ failed/);
    assert.match((await matrix.getAttribute('class')) ?? '', /status-failed/, 'drawn in its worst member’s status');
    assert.match(
      (await matrix.locator('title').first().textContent()) ?? '',
      /measure-poprox \(matrix\) — 18 expansions/,
    );
    assert.match(await page.locator('.summary').innerText(), /96 stages/);
    assert.equal(drawing.nodes.length < 96, true);
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'dag-scale-poprox-first-view');
    await matrix.focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'openGroups', groupId: 'measure-poprox', open: true });
    await page.locator('g.node[data-kind="group"]').first().focus();
    await page.keyboard.press('r');
    const run = (await posted(page)).at(-1);
    assert.ok(run?.type === 'run' && run.mode === 'single', 'R on a group runs it');
  } finally {
    await close();
  }
});

test('an opened group shows its expansions in view; C on one folds it again; Fold groups folds them all', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await setTheme(page, dark, 'vscode-dark');
    const first = await draw(page, poprox);
    await draw(page, poprox, { expanded: new Set([...first.expanded, 'measure-poprox']) }, ['measure-poprox']);
    const members = page.locator('g.node[data-kind="stage"][data-stage-id^="measure-poprox@"]');
    assert.equal(await members.count(), 18);
    assert.ok(await visible(page, 'measure-poprox@poprox-nrms'), 'the opened group is brought into view');
    await screenshot(page, 'dag-scale-poprox-matrix-open');
    await members.first().focus();
    await page.keyboard.press('c');
    assert.deepEqual((await posted(page)).at(-1), { type: 'openGroups', groupId: 'measure-poprox', open: false });
    await page.getByRole('button', { name: 'Open every foreach/matrix group' }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'openGroups', open: true });
  } finally {
    await close();
  }
});

test('focus: F asks for a stage’s neighbourhood; the focused drawing says so and Escape shows all', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await setTheme(page, dark, 'vscode-dark');
    await draw(page, poprox);
    await page.locator('g.node[data-stage-id="notebooks/dvc.yaml:mind-quick-summary"]').focus();
    await page.keyboard.press('f');
    assert.deepEqual((await posted(page)).at(-1), {
      type: 'focusStage',
      stageId: 'notebooks/dvc.yaml:mind-quick-summary',
    });
    const id = 'measure-mind-small@nrms';
    const focused = await draw(page, poprox, { focus: id }, [id]);
    // Its 11 upstream and downstream stages, and the 3 .dvc files of data upstream of them.
    assert.equal(focused.nodes.length, 14);
    assert.ok(focused.nodes.some((n) => n.id.endsWith('.dvc')));
    assert.match(await page.locator('.focus-bar').innerText(), /Focused on measure-mind-small@nrms: 14 stages/);
    assert.ok(await visible(page, id), 'the focused stage is in view');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-stage-id')), id);
    await screenshot(page, 'dag-scale-poprox-focus');
    await page.keyboard.press('Escape');
    assert.deepEqual((await posted(page)).at(-1), { type: 'focusStage' });
  } finally {
    await close();
  }
});

test('search highlights matching nodes (a folded group when one of its stages matches) and steps through them', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await setTheme(page, dark, 'vscode-dark');
    const drawing = await draw(page, poprox);
    await page.locator('.surface').focus();
    await page.keyboard.press('/');
    await page.keyboard.type('topic_scores');
    const expected = drawing.nodes
      .filter(
        (n) =>
          n.id.includes('topic_scores') || (n.kind === 'group' && n.members.some((m) => m.includes('topic_scores'))),
      )
      .map((n) => n.id);
    assert.ok(expected.length > 2, 'several groups hold an nrms_topic_scores expansion');
    await page.waitForFunction((n) => document.querySelectorAll('g.node.match').length === n, expected.length);
    assert.deepEqual(
      await page.locator('g.node.match').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage-id')).sort()),
      [...expected].sort(),
    );
    assert.equal(await page.locator('.search-count').textContent(), `${expected.length} matches`);
    const dimmed = await page
      .locator('g.node:not(.match)')
      .first()
      .evaluate((e) => getComputedStyle(e).opacity);
    assert.equal(dimmed, '0.3', 'the rest is dimmed');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.search-count').textContent(), `1 of ${expected.length}`);
    const current = await page.locator('g.node.current').getAttribute('data-stage-id');
    assert.ok(current && (await visible(page, current)), 'the current match is brought into view');
    await page.keyboard.press('Enter');
    assert.equal(
      await page.locator('.search-count').textContent(),
      `2 of ${expected.length}`,
      'the keyboard stays in the box',
    );
    await screenshot(page, 'dag-scale-poprox-search');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('g.node.match').count(), 0, 'Escape clears the search');
  } finally {
    await close();
  }
});

test('the overview appears when zoomed in, and pressing in it moves the view there', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await setTheme(page, dark, 'vscode-dark');
    await draw(page, poprox);
    await page.locator('.surface').focus();
    await page.keyboard.press('0');
    assert.equal(await page.locator('svg.minimap').isVisible(), false, 'hidden while everything is in view');
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    const map = page.locator('svg.minimap');
    assert.equal(await map.isVisible(), true);
    assert.equal(await map.locator('rect.mini-node').count(), await page.locator('g.node').count());
    assert.ok((await map.locator('rect.mini-node.status-failed').count()) > 0, 'nodes in their status colour');
    const before = await page.locator('g.viewport').getAttribute('transform');
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width - 6, box.y + box.height - 6);
    assert.notEqual(await page.locator('g.viewport').getAttribute('transform'), before);
    assert.equal((await posted(page)).filter((m) => m.type === 'reveal').length, 0, 'a press in the map opens nothing');
    await screenshot(page, 'dag-scale-poprox-minimap');
  } finally {
    await close();
  }
});
