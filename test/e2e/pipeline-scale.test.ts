// A real public pipeline at scale in real VS Code (code-server): POPROX's 91 stages in four dvc.yaml files (foreach
// over six recommenders, a 3 × 6 matrix), checked in without its data, so statuses are what a fresh clone shows.
// The Pipeline view groups by file and template with counts and filters; the CodeLens over the matrix is one
// summary line whose Choose… lists the expansions; the graph folds groups, opens and folds one, focuses on a
// stage; the Explorer marks a stage output with its stage's state.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';

const PROJECT = join(__dirname, '../fixtures/poprox-recommender');
const matrixLine = readFileSync(join(PROJECT, 'dvc.yaml'), 'utf8').split('\n').indexOf('  measure-poprox:') + 1;
assert.ok(matrixLine > 0, 'the fixture has its measure-poprox matrix');

let vs: Workbench;
before(async () => {
  vs = await launch({
    name: 'pipeline-scale',
    project: PROJECT,
    // One output on disk, so the Explorer has a stage output to mark (collect-metrics@mind-val writes it).
    files: { 'outputs/mind-val-metrics.csv': 'pipeline,ndcg\nnrms,0.41\n' },
  });
});
after(async () => {
  await vs?.close();
});

test('the Pipeline view: one row per dvc.yaml and per template with counts; the filter narrows it', async () => {
  await vs.waitForActivation();
  await vs.showActivity('MLOps');
  // The five .dvc files' rows come first now: the view gets the side bar's height (the other MLOps views closed)
  // to show the files below them.
  await vs.setViewOpen('Experiments', false);
  await vs.setViewOpen('Models', false);
  await vs.setViewOpen('Alerts', false);
  const rows = await eventually('the four dvc.yaml rows with their counts', async () => {
    const all = await vs.treeRows('Pipeline');
    // A row reads as its tooltip: the file, then its counts on the next line.
    return all.some((r) => /^dvc\.yaml\s+75 stages/.test(r)) && all.some((r) => /^data\/dvc\.yaml\s+10 stages/.test(r))
      ? all
      : undefined;
  });
  const template = rows.find((r) => r.startsWith('recommend-mind-val'));
  assert.match(
    template ?? '',
    /foreach over 6 values\s+6 stages · /,
    `a template row with its counts: ${rows.join(' | ')}`,
  );
  assert.ok(!rows.some((r) => r.startsWith('@')), 'expansions folded under their template');
  await vs.shot('1-pipeline-view-grouped');

  // It asks at once: in VS Code 1.139 its input box takes over the palette's widget, which then never hides.
  await vs.startCommand('MLOps: Filter Stages…');
  await vs.answer('Filter the Pipeline view', 'file:notebooks basic');
  await vs.showActivity('MLOps');
  const filtered = await eventually('only the notebooks stages named basic', async () => {
    const all = await vs.treeRows('Pipeline');
    return all.some((r) => r.startsWith('notebooks/dvc.yaml:basic-results@mind-val')) &&
      !all.some((r) => r.startsWith('dvc.yaml'))
      ? all
      : undefined;
  });
  // Rows read as their tooltips: the full address first.
  assert.deepEqual(
    filtered.filter((r) => r.includes(':basic-results@')).map((r) => r.split(' ')[0]),
    [
      'notebooks/dvc.yaml:basic-results@mind-subset',
      'notebooks/dvc.yaml:basic-results@mind-small',
      'notebooks/dvc.yaml:basic-results@mind-val',
    ],
  );
  await vs.shot('2-pipeline-view-filtered');
  await vs.runCommand('MLOps: Clear Stage Filter');
  await eventually('every file back', async () =>
    (await vs.treeRows('Pipeline')).some((r) => r.startsWith('dvc.yaml')) ? true : undefined,
  );
});

test('the CodeLens over an 18-expansion matrix is one short line; Choose… lists the expansions with their status', async () => {
  await vs.openFile('dvc.yaml');
  await vs.goToLine(matrixLine);
  const lenses = await eventually('the matrix summary lens', async () => {
    const found = await vs.codeLenses(matrixLine);
    return found.some((t) => /18 expansions: /.test(t)) ? found : undefined;
  });
  assert.equal(lenses.length <= 4 && lenses.at(-1), 'Choose…', lenses.join(' | '));
  assert.ok(lenses.includes('Run all'), lenses.join(' | '));
  assert.ok(lenses.join(' | ').length < 120, `one short line: ${lenses.join(' | ')}`);
  await vs.shot('3-codelens-summary');
  await vs.clickCodeLens(matrixLine, 'Choose…');
  const pick = await eventually('the expansions to choose from', async () => {
    const input = await vs.quickInput();
    return input?.title === 'Run which expansions? (with what they need)' ? input : undefined;
  });
  assert.ok(pick.rows.length >= 8, `the list shows the expansions: ${pick.rows.length}`);
  assert.ok(
    pick.rows.every((r) => /^@poprox(-recent|-latest)?-/.test(r)),
    `rows labelled by the key: ${pick.rows[0]}`,
  );
  assert.ok(
    pick.rows.some((r) => /changed|never run/.test(r)),
    `each row says its status: ${pick.rows[0]}`,
  );
  await vs.shot('4-codelens-choose');
  await vs.page.locator('.quick-input-widget .quick-input-box input').fill('latest');
  const latest = await eventually('the six poprox-latest expansions', async () => {
    const rows = (await vs.quickInput())?.rows ?? [];
    return rows.length === 6 ? rows : undefined;
  });
  assert.ok(
    latest.every((r) => r.startsWith('@poprox-latest-')),
    latest.join(' | '),
  );
  await vs.page.keyboard.press('Escape');
});

test('the graph folds the groups, opens one on Enter, folds it with C, focuses a stage with F', async () => {
  await vs.runCommand('MLOps: Show Pipeline Graph');
  const frame = await vs.webviewFrame('g.node[data-kind="group"]');
  const matrix = frame.locator('g.node[data-kind="group"][data-stage-id="measure-poprox"]');
  await matrix.waitFor();
  assert.match((await matrix.locator('text.state').textContent()) ?? '', /^18 expansions · /);
  await vs.shot('5-graph-first-view');
  await matrix.press('Enter');
  const members = frame.locator('g.node[data-kind="stage"][data-stage-id^="measure-poprox@"]');
  await eventually('the matrix opened', async () => ((await members.count()) === 18 ? true : undefined));
  await vs.shot('6-graph-matrix-open');
  await members.first().press('c');
  await eventually('the matrix folded again', async () => ((await members.count()) === 0 ? true : undefined));
  const stage = frame.locator('g.node[data-stage-id="notebooks/dvc.yaml:mind-quick-summary"]');
  await stage.waitFor();
  await stage.press('f');
  await frame.locator('.focus-bar').waitFor();
  assert.match(await frame.locator('.focus-bar').innerText(), /Focused on notebooks\/dvc\.yaml:mind-quick-summary/);
  await vs.shot('7-graph-focus');
  await frame.locator('.surface').press('Escape');
  await frame.locator('.focus-bar').waitFor({ state: 'detached' });
});

test('the Explorer marks a stage output with its stage’s state', async () => {
  // The side bar first: the keyboard focus leaves the graph's webview, which would take the palette's F1.
  await vs.showActivity('Explorer');
  await vs.waitForActivation();
  const folder = vs.page.locator('.explorer-folders-view .monaco-list-row[aria-label^="outputs"]').first();
  await folder.click();
  const row = vs.page.locator('.explorer-folders-view .monaco-list-row[aria-label^="mind-val-metrics.csv"]').first();
  await row.waitFor();
  // VS Code draws a decoration's badge as ::after content on the label (its tooltip is in the unit tests).
  const badge = await eventually('the status badge', async () => {
    const found = await row.evaluate((r) =>
      [...r.querySelectorAll('*')].map((e) => getComputedStyle(e, '::after').content).find((c) => /[●○]/.test(c)),
    );
    return found;
  });
  assert.match(badge, /[●○]/);
  await vs.shot('8-explorer-decoration');
});
