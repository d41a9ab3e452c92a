import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { layoutDag } from '../../src/core/pipeline/dag-layout';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { dagDrawing, dagStages, dagStatuses } from '../../src/extension/panels/dag-model';
import {
  dagNodeMetrics,
  dagNodeWidth,
  type DagHostMessage,
  type DagNodeInfo,
  type DagPanelMessage,
  type DagStatus,
  type DagStatuses,
} from '../../src/webview/contract';
import { dark, light } from './dag-themes';
import { imageSettled, launch, openPanel, screenshot, setTheme, violations } from './page';

/** What `load` draws: nodes and their layout. */
interface Graph {
  nodes: DagNodeInfo[];
  layout: ReturnType<typeof layoutDag>;
}

const example = dagDrawing(dagStages(loadWorkspace(join(__dirname, '../../examples/blob-classifier'))), {
  window: { width: 1200, height: 800 },
});

/** Plain stage nodes named by their ids. */
const stageNodes = (ids: string[], file = 'dvc.yaml'): DagNodeInfo[] =>
  ids.map((id) => ({ kind: 'stage', id, label: id, file }));
/** Each stage's status as the run service would give it. */
type Given = Record<string, { status: DagStatus; reasons: string[] }>;

/** What the host sends for a drawing with these statuses (its labels, group counts and legend). */
const statusesOf = (nodes: readonly DagNodeInfo[], given: Given): DagStatuses =>
  dagStatuses({ viewOf: (id) => given[id]?.status, reasonsOf: (id) => given[id]?.reasons ?? [] }, nodes);

const exampleStatuses: Given = {
  prepare: { status: 'up-to-date', reasons: [] },
  train: { status: 'changed', reasons: ['param changed: train.lr', 'dep changed: src/train.py'] },
  evaluate: { status: 'never-run', reasons: ['never run'] },
};

/** A made-up 50-stage pipeline (deterministic): sources, per-region fan-out, merges, training variants, reports. */
function generated(): Graph & { statuses: Given } {
  const ids: string[] = [];
  const edges: { from: number; to: number }[] = [];
  const add = (id: string, ups: number[]) => {
    ids.push(id);
    for (const u of ups) edges.push({ from: u, to: ids.length - 1 });
    return ids.length - 1;
  };
  const raw = [add('download', []), add('download_labels', [])];
  const clean = ['eu', 'us', 'asia', 'africa', 'oceania', 'latam'].map((r) => add(`clean@${r}`, [raw[0]!]));
  const feats = clean.flatMap((c, k) => [add(`featurize@${k}`, [c, raw[1]!]), add(`embed@${k}`, [c])]);
  const merged = add('merge_features', feats);
  const split = add('split', [merged]);
  const models = ['logreg', 'tree', 'forest', 'boosting', 'mlp', 'svm'].flatMap((m) => {
    const tuned = add(`tune_${m}`, [split]);
    const trained = add(`train_${m}`, [split, tuned]);
    return [trained, add(`evaluate_${m}`, [trained, split])];
  });
  const compare = add(
    'compare_models',
    models.filter((_, i) => i % 2 === 1),
  );
  add('publish_very_long_stage_name_for_the_model_registry_export', [
    compare,
    ...models.filter((_, i) => i % 2 === 0).slice(0, 2),
  ]);
  add('report', [compare, merged]);
  while (ids.length < 50) add(`audit_${ids.length}`, [feats[ids.length % feats.length]!]);
  const cycle: DagStatus[] = ['up-to-date', 'changed', 'never-run', 'frozen', 'running', 'failed'];
  const statuses = Object.fromEntries(
    ids.map((id, i) => [
      id,
      { status: cycle[(i * 7) % cycle.length]!, reasons: i % 3 === 0 ? ['dep changed: data/raw.csv'] : [] },
    ]),
  );
  const layout = layoutDag({
    nodes: ids.map((id) => ({ width: dagNodeWidth(id), height: dagNodeMetrics.height })),
    edges,
  });
  return { nodes: stageNodes(ids), layout, statuses };
}

async function sendDag(page: Page, message: DagHostMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

async function postedDag(page: Page): Promise<DagPanelMessage[]> {
  return page.evaluate(() => (window as unknown as { __posted: DagPanelMessage[] }).__posted);
}

async function load(page: Page, graph: Graph, statuses: Given): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await sendDag(page, { type: 'load', nodes: graph.nodes, layout: graph.layout, ...statusesOf(graph.nodes, statuses) });
  await page.waitForSelector('g.node');
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

test('says ready, then draws a node per stage with its status class and an edge per dependency', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await setTheme(page, dark, 'vscode-dark');
    await load(page, example, exampleStatuses);
    const ready = (await postedDag(page))[0];
    assert.ok(ready?.type === 'ready' && ready.window.width > 300 && ready.window.height > 200, 'ready says the size');
    const nodes = await page
      .locator('g.node')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-stage-id'), e.getAttribute('class')]));
    assert.deepEqual(nodes, [
      ['prepare', 'node status-up-to-date'],
      ['train', 'node status-changed'],
      ['evaluate', 'node status-never-run'],
    ]);
    const edges = await page
      .locator('path.edge')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`).sort());
    assert.deepEqual(edges, ['prepare>evaluate', 'prepare>train', 'train>evaluate']);
    const state = (await page.locator('g.node[data-stage-id="train"] text.state').textContent()) ?? '';
    assert.ok(
      'changed · param changed: train.lr (+1)'.startsWith(state.replace(/…$/, '')) && state.startsWith('changed · '),
      `first reason on the second line: ${state}`,
    );
    assert.match(
      (await page.locator('g.node[data-stage-id="train"] > title').textContent()) ?? '',
      /dep changed: src\/train\.py/,
    );
    assert.equal(
      await page.locator('g.node[data-stage-id="train"]').getAttribute('aria-label'),
      'train, changed: param changed: train.lr; dep changed: src/train.py',
    );
    // Every drawn node lies inside the visible area after the initial fit.
    const surface = (await page.locator('.surface').boundingBox())!;
    for (const box of await page
      .locator('g.node rect.box')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      assert.ok(
        box.left >= surface.x &&
          box.right <= surface.x + surface.width &&
          box.top >= surface.y &&
          box.bottom <= surface.y + surface.height,
        'node visible',
      );
    }
    assert.match(await page.locator('.summary').innerText(), /3 stages/);
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'dag-panel-example-dark');
    await setTheme(page, light, 'vscode-light');
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)');
    const stroke = await page
      .locator('g.node[data-stage-id="prepare"] rect.box')
      .evaluate((e) => getComputedStyle(e).stroke);
    assert.equal(stroke, 'rgb(56, 138, 52)', 'up to date drawn in the light theme’s testing.iconPassed');
    await screenshot(page, 'dag-panel-example-light');
  } finally {
    await close();
  }
});

test('a stage named like markup is drawn as text, with no CSP violation', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  const payload = '<img src=x onerror=alert(1)>';
  const script = '<script>window.__pwned=1</script>';
  try {
    await page.evaluate(() => (window.alert = () => ((window as unknown as { __pwned: number }).__pwned = 2)));
    const ids = [payload, script, 'ok'];
    const graph: Graph = {
      nodes: stageNodes(ids, `${payload}/dvc.yaml`),
      layout: layoutDag({
        nodes: ids.map((id) => ({ width: dagNodeWidth(id), height: dagNodeMetrics.height })),
        edges: [
          { from: 0, to: 2 },
          { from: 1, to: 2 },
        ],
      }),
    };
    await load(page, graph, { [payload]: { status: 'changed', reasons: [payload] } });
    await imageSettled(page, 'x');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('main img, main script, svg img').count(), 0, 'no element made from a name');
    // Each name is one text node (shortened with … when wider than its box, depending on the font).
    const names = await page
      .locator('g.node text.name')
      .evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent ?? '', kinds: [...e.childNodes].map((c) => c.nodeType) })),
      );
    assert.ok(
      names.some((n) => n.text === payload),
      'the img payload fits and is shown whole',
    );
    for (const [i, id] of ids.entries()) {
      const shown = names.find(
        (n) => n.text === id || (n.text.endsWith('…') && n.text.length > 8 && id.startsWith(n.text.slice(0, -1))),
      );
      assert.ok(shown, `${id} shown literally: ${JSON.stringify(names)}`);
      assert.deepEqual(shown.kinds, [3], `name ${i} is a single text node (nodeType 3)`);
    }
    assert.equal(await page.locator('g.node').first().getAttribute('aria-label'), `${payload}, changed: ${payload}`);
    assert.match(
      (await page.locator(`g.node[data-stage-id="${payload}"] > title`).textContent()) ?? '',
      /<img src=x onerror=alert\(1\)>\/dvc\.yaml/,
    );
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'dag-panel-payloads');
  } finally {
    await close();
  }
});

test('statusUpdated changes a node’s class and text in place, without re-layout', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await load(page, example, exampleStatuses);
    const before = await page.evaluate(() => {
      const node = document.querySelector('g.node[data-stage-id="train"]') as SVGGElement & { marker?: number };
      node.marker = 7;
      return {
        transform: node.getAttribute('transform'),
        edges: [...document.querySelectorAll('path.edge')].map((p) => p.getAttribute('d')),
      };
    });
    await sendDag(page, {
      type: 'statusUpdated',
      ...statusesOf(example.nodes, { ...exampleStatuses, train: { status: 'running', reasons: [] } }),
    });
    await page.waitForFunction(() =>
      document.querySelector('g.node[data-stage-id="train"]')?.classList.contains('status-running'),
    );
    const afterwards = await page.evaluate(() => {
      const node = document.querySelector('g.node[data-stage-id="train"]') as SVGGElement & { marker?: number };
      return {
        marker: node.marker,
        transform: node.getAttribute('transform'),
        edges: [...document.querySelectorAll('path.edge')].map((p) => p.getAttribute('d')),
        state: node.querySelector('text.state')?.textContent,
      };
    });
    assert.equal(afterwards.marker, 7, 'same element');
    assert.equal(afterwards.transform, before.transform);
    assert.deepEqual(afterwards.edges, before.edges);
    assert.equal(afterwards.state, 'running');
    await sendDag(page, {
      type: 'statusUpdated',
      ...statusesOf(example.nodes, { ...exampleStatuses, train: { status: 'failed', reasons: [] } }),
    });
    await page.waitForFunction(
      () => document.querySelector('g.node[data-stage-id="train"]')?.getAttribute('class') === 'node status-failed',
    );
    assert.match(await page.locator('.summary').innerText(), /1 failed/);
    const long = 'dep changed: data/features/very/deeply/nested/folder/with/a/long/name.parquet';
    await sendDag(page, {
      type: 'statusUpdated',
      ...statusesOf(example.nodes, { ...exampleStatuses, prepare: { status: 'changed', reasons: [long] } }),
    });
    await page.waitForFunction(() =>
      document.querySelector('g.node[data-stage-id="prepare"]')?.classList.contains('status-changed'),
    );
    const fit = await page.locator('g.node[data-stage-id="prepare"]').evaluate((g) => {
      const text = g.querySelector('text.state') as SVGTextElement;
      const box = (g.querySelector('rect.box') as SVGRectElement).getBBox();
      return { text: text.textContent, inside: text.getBBox().x + text.getBBox().width <= box.x + box.width - 24 };
    });
    assert.ok(
      fit.text?.startsWith('changed · ') && fit.text.endsWith('…') && fit.text.length < long.length,
      `a long reason is shortened on update: ${fit.text}`,
    );
    assert.ok(fit.inside, 'and stays inside its box');
  } finally {
    await close();
  }
});

test('keyboard: Tab reaches the stages in order, Enter posts reveal, R/U/D post run; clicks do the same', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await load(page, example, exampleStatuses);
    await page.locator('.surface').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-stage-id')), 'prepare');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-stage-id')), 'train');
    await page.keyboard.press('Enter');
    await page.keyboard.press('u');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('d');
    await page.keyboard.press('r');
    await page.locator('g.node[data-stage-id="evaluate"] g.run').click();
    await page.locator('g.node[data-stage-id="evaluate"] text.name').click();
    assert.deepEqual((await postedDag(page)).slice(1), [
      { type: 'reveal', stageId: 'train' },
      { type: 'run', stageId: 'train', mode: 'upstream' },
      { type: 'run', stageId: 'prepare', mode: 'downstream' },
      { type: 'run', stageId: 'prepare', mode: 'single' },
      { type: 'run', stageId: 'evaluate', mode: 'single' },
      { type: 'reveal', stageId: 'evaluate' },
    ]);
    const context = JSON.parse(
      (await page.locator('g.node[data-stage-id="train"]').getAttribute('data-vscode-context')) ?? '{}',
    );
    assert.deepEqual(context, {
      webviewSection: 'stage',
      stage: { id: 'train' },
      preventDefaultContextMenuItems: true,
    });
  } finally {
    await close();
  }
});

test('wheel zooms, dragging pans without opening a stage, 0 fits again, and the view survives a reload', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    await load(page, example, exampleStatuses);
    const transform = () => page.locator('g.viewport').getAttribute('transform');
    const view = async () => {
      const m = /^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/.exec((await transform()) ?? '');
      assert.ok(m, `a translate-and-scale transform: ${await transform()}`);
      return { x: Number(m[1]), y: Number(m[2]), scale: Number(m[3]) };
    };
    const fitted = await transform();
    const before = await view();
    const box = (await page.locator('.surface').boundingBox())!;
    const pointer = { x: box.width / 3, y: box.height / 3 };
    await page.mouse.move(box.x + pointer.x, box.y + pointer.y);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((t) => document.querySelector('g.viewport')?.getAttribute('transform') !== t, fitted);
    const zoomed = await transform();
    // Wheel up zooms in, around the pointer: the drawing's point under it stays under it.
    const after = await view();
    assert.ok(after.scale > before.scale, `scale ${before.scale} → ${after.scale}`);
    const under = (v: typeof before) => [(pointer.x - v.x) / v.scale, (pointer.y - v.y) / v.scale];
    const [bx, by] = under(before);
    const [ax, ay] = under(after);
    assert.ok(
      Math.abs(ax! - bx!) < 0.5 && Math.abs(ay! - by!) < 0.5,
      `point under the pointer ${bx},${by} → ${ax},${ay}`,
    );
    const node = (await page.locator('g.node[data-stage-id="train"] rect.box').boundingBox())!;
    await page.mouse.move(node.x + 20, node.y + 10);
    await page.mouse.down();
    await page.mouse.move(node.x + 140, node.y + 70, { steps: 6 });
    await page.mouse.up();
    assert.notEqual(await transform(), zoomed, 'panned');
    assert.equal((await postedDag(page)).filter((m) => m.type === 'reveal').length, 0, 'a drag is not a click');
    await page.locator('.surface').focus();
    await page.keyboard.press('0');
    assert.equal(await transform(), fitted);
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    const moved = await transform();
    assert.notEqual(moved, fitted);
    // The view is saved with setState (debounced): wait until the saved one is the one shown, then reload.
    await page.waitForFunction((t) => {
      const v = (
        JSON.parse(sessionStorage.getItem('state') || 'null') as {
          viewport?: { x: number; y: number; scale: number };
        } | null
      )?.viewport;
      return v !== undefined && `translate(${v.x},${v.y}) scale(${v.scale})` === t;
    }, moved);
    await page.reload();
    await load(page, example, exampleStatuses);
    assert.equal(await transform(), moved, 'viewport restored from the saved state');
  } finally {
    await close();
  }
});

test('a 50-stage pipeline: every node drawn apart, labels inside their boxes (screenshots in both themes)', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  const graph = generated();
  try {
    await setTheme(page, dark, 'vscode-dark');
    await load(page, graph, graph.statuses);
    assert.equal(await page.locator('g.node').count(), 50);
    assert.equal(await page.locator('path.edge').count(), graph.layout.edges.length);
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('g.node')]
        .filter((g) => {
          const box = (g.querySelector('rect.box') as SVGRectElement).getBBox();
          return [...g.querySelectorAll('text')].some(
            (t) => t.getBBox().x + t.getBBox().width > box.x + box.width - 24,
          );
        })
        .map((g) => g.getAttribute('data-stage-id')),
    );
    assert.deepEqual(overflow, [], 'names and status lines end before the run button');
    const shortenedNames = await page
      .locator('g.node text.name')
      .evaluateAll((els) => els.filter((e) => e.textContent?.endsWith('…')).map((e) => e.textContent));
    assert.equal(
      shortenedNames.length,
      1,
      `only the one name longer than the widest box is shortened: ${shortenedNames.join(', ')}`,
    );
    const shortened = await page.locator('g.node[data-stage-id^="publish_very_long"] text.name').textContent();
    assert.ok(shortened?.endsWith('…'), `a long name is shortened: ${shortened}`);
    assert.deepEqual(await violations(page), []);
    await screenshot(page, 'dag-panel-50-dark');
    await setTheme(page, light, 'vscode-light');
    await screenshot(page, 'dag-panel-50-light');
    await page.locator('.surface').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    await screenshot(page, 'dag-panel-50-light-zoomed');
    // "Show in Graph" from the Pipeline view: the stage is brought into view and focused.
    const visible = async (id: string) => {
      const node = (await page.locator(`g.node[data-stage-id="${id}"] rect.box`).boundingBox())!;
      const area = (await page.locator('.surface').boundingBox())!;
      return (
        node.x >= area.x &&
        node.x + node.width <= area.x + area.width &&
        node.y >= area.y &&
        node.y + node.height <= area.y + area.height
      );
    };
    assert.equal(await visible('report'), false, 'report is off screen once zoomed in');
    await sendDag(page, { type: 'focus', stageId: 'report' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-stage-id') === 'report');
    assert.equal(await visible('report'), true, 'and in view after focus');
  } finally {
    await close();
  }
});

test('a dependency cycle is drawn in its own column, between what it reads and what reads it, with marked edges', async () => {
  const { page, close } = await openPanel(browser, 'dag', dark);
  try {
    const ids = ['prepare', 'a', 'b', 'c', 'report'];
    const edges = [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
      { from: 3, to: 1 },
      { from: 3, to: 4 },
    ];
    const graph: Graph = {
      nodes: stageNodes(ids),
      layout: layoutDag({
        nodes: ids.map((id) => ({ width: dagNodeWidth(id), height: dagNodeMetrics.height })),
        edges,
      }),
    };
    await load(page, graph, {});
    assert.equal(await page.locator('path.edge.cycle').count(), 3);
    assert.equal(await page.locator('g.node.on-cycle').count(), 3);
    assert.equal(await page.locator('g.node.status-unknown').count(), 5, 'no status yet: checking');
    assert.deepEqual(await page.locator('g.node.on-cycle text.state').allTextContents(), [
      'on a cycle',
      'on a cycle',
      'on a cycle',
    ]);
    const x = async (id: string) => (await page.locator(`g.node[data-stage-id="${id}"] rect.box`).boundingBox())!;
    const [prepare, a, report] = [await x('prepare'), await x('a'), await x('report')];
    assert.ok(
      prepare.x + prepare.width < a.x && a.x + a.width < report.x,
      'prepare, then the cycle, then report, left to right',
    );
    await screenshot(page, 'dag-panel-cycle-dark');
  } finally {
    await close();
  }
});
