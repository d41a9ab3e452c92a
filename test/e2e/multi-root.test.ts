// A multi-root window (a .code-workspace of two folders), as issue 13 asks of every view: the second folder's stage
// gets its CodeLens, appears under its own folder row in the Pipeline view, runs from its CodeLens in that folder
// (its output and dvc.lock are written there, nothing in the first), and the graph opened from its dvc.yaml draws
// that folder's pipeline; the experiments table lists both folders' rows, each under its folder's row, and its form
// queues in the folder chosen (the experiment lands under the second folder's baseline, in its repository); the
// sidebar's Experiments and Models views have a row per folder, the second's over its experiment, its baseline and
// its own store's runs, a branch made from its experiment's context menu lands in its repository only, and a model
// registered from its run is a tag of its repository, shown under its row in the Models view; the Alerts view has a
// row per folder, each over its own .mlops.json rules on its own runs, and an alert's notification names its folder. The
// second folder's pipeline is one shell stage, so the run needs no Python.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../../scripts/code-server';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';

const SECOND = 'second-project';
const PIPELINE = [
  'stages:',
  '  greet:',
  '    cmd: echo hello from the second folder > greeting.txt',
  '    outs:',
  '      - greeting.txt',
  '',
];
const GREET_LINE = PIPELINE.indexOf('  greet:') + 1;

let vs: Workbench;

before(async () => {
  vs = await launch({ name: 'multi-root', alsoFolder: { name: SECOND, files: { 'dvc.yaml': PIPELINE.join('\n') } } });
});
after(async () => {
  await vs?.close();
});

test('the second folder of a multi-root window: its CodeLens, its row in the Pipeline view, its run, its graph', async () => {
  const second = vs.secondFolder;
  assert.ok(second, 'the window has a second folder');
  await vs.waitForActivation();

  // The Pipeline view: one row per folder, each over its own stages (the example's three, greet).
  await vs.showActivity('MLOps');
  await vs.waitForTreeRow('Pipeline', 'blob-classifier');
  await vs.waitForTreeRow('Pipeline', SECOND);
  const greetRow = await vs.waitForTreeRow('Pipeline', 'greet', (l) => /never run/.test(l), 60_000);
  const rows = await vs.treeRows('Pipeline');
  assert.ok(
    rows.indexOf(greetRow) > rows.findIndex((r) => r.startsWith(SECOND)),
    `greet is listed under its folder:\n${rows.join('\n')}`,
  );
  assert.ok(
    rows.some((r) => r.startsWith('evaluate')),
    `the first folder's stages are there too:\n${rows.join('\n')}`,
  );
  await vs.shot('1-pipeline-view-two-folders');

  // The CodeLens over greet: its status in its own folder, and Run.
  await vs.openFile('dvc.yaml', SECOND);
  const lenses = await eventually('the CodeLens over greet with its status', async () => {
    const row = await vs.codeLenses(GREET_LINE);
    return row.includes('never run') && row.includes('Run') ? row : undefined;
  });
  assert.ok(lenses.includes('Run with upstream'), `greet's lenses: ${lenses.join(' | ')}`);
  await vs.shot('2-codelens-second-folder');

  // Run it from the CodeLens: it runs in the second folder.
  await vs.clickCodeLens(GREET_LINE, 'Run');
  const log = await eventually(
    'the run to end in the terminal',
    async () => {
      const text = await vs.terminalText().catch(() => '');
      return /^Run \w+ (FINISHED|FAILED|KILLED)/m.test(text) ? text : undefined;
    },
    120_000,
  );
  assert.match(log, /^Run \w+ FINISHED/m, `the run finished:\n${log}`);
  assert.equal(readFileSync(join(second, 'greeting.txt'), 'utf8').trim(), 'hello from the second folder');
  assert.ok(existsSync(join(second, 'dvc.lock')), 'dvc.lock written in the second folder');
  assert.ok(!existsSync(join(vs.folder, 'greeting.txt')), 'nothing written in the first folder');
  await eventually('the CodeLens over greet to turn "up to date"', async () =>
    (await vs.codeLenses(GREET_LINE)).includes('up to date') ? true : undefined,
  );
  await vs.waitForTreeRow('Pipeline', 'greet', (l) => /up to date/.test(l));
  // The first folder's stages kept their own status (the run touched only the second folder).
  await vs.waitForTreeRow('Pipeline', 'evaluate', (l) => /never run/.test(l));
  await vs.runCommand('Notifications: Clear All Notifications');
  await vs.shot('3-after-run');

  // The graph, opened with the second folder's dvc.yaml active, draws that folder's pipeline.
  await vs.runCommand('MLOps: Show Pipeline Graph');
  await vs.page.locator(`.tabs-container .tab.active[aria-label^="Pipeline Graph — ${SECOND}"]`).waitFor();
  const frame = await vs.webviewFrame('g.node[data-stage-id="greet"]');
  await eventually('greet drawn up to date, alone', async () => {
    const classes = await frame
      .locator('g.node')
      .evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-stage-id')}:${n.getAttribute('class')}`));
    return classes.length === 1 && classes[0] === 'greet:node status-up-to-date' ? classes : undefined;
  });
  await vs.shot('4-graph-second-folder');
});

test('the experiments table: both folders, each under its own row; the form queues in the folder chosen', async () => {
  const second = vs.secondFolder;
  assert.ok(second, 'the window has a second folder');
  await vs.runCommand('MLOps: Show Experiments Table');
  const frame = await vs.webviewFrame('.exp-grid tr.folder');
  const names = async () => frame.locator('.exp-grid tbody tr[data-id] th.name span').allInnerTexts();
  const rows = await eventually('a folder row, a working copy and a HEAD baseline for each folder', async () => {
    const shown = await names();
    return shown.filter((n) => n === 'workspace').length === 2 && shown.filter((n) => / \(HEAD\) /.test(n)).length === 2
      ? shown
      : undefined;
  });
  const first = rows.indexOf('blob-classifier');
  const other = rows.indexOf(SECOND);
  assert.ok(first === 0 && other > first, `folder rows in the window's order:\n${rows.join('\n')}`);
  assert.equal(rows[first + 1], 'workspace');
  assert.equal(rows[other + 1], 'workspace');
  assert.match(rows[other + 2] as string, /\(HEAD\)/);

  // Select the second folder's working copy: the form opens on that folder and queues there.
  await frame.locator(`tr[data-id="${second}#workspace"]`).click();
  await frame.locator('#modify-params').click();
  await frame.locator('#form-folder').waitFor();
  assert.equal(await frame.locator('#form-folder').inputValue(), second);
  await vs.shot('5-experiments-two-folders-form');
  await frame.locator('#form-run').click();
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: second, encoding: 'utf8' }).trim();
  const done = await eventually(
    'an experiment of the second folder to finish under its baseline',
    async () => {
      const statuses = await frame
        .locator(`.exp-grid tbody tr.experiment[data-id^="${second}#exp:${head}/"] .exp-status`)
        .allInnerTexts();
      return statuses.length === 1 && statuses[0] === 'success' ? statuses : undefined;
    },
    120_000,
  );
  assert.deepEqual(done, ['success']);
  const refs = (cwd: string) => execFileSync('git', ['for-each-ref', 'refs/exps'], { cwd, encoding: 'utf8' }).trim();
  assert.notEqual(refs(second), '', "the experiment is in the second folder's repository");
  assert.equal(refs(vs.folder), '', 'and none in the first');
  await vs.runCommand('Notifications: Clear All Notifications');
  await vs.shot('6-experiments-two-folders');
});

test('the sidebar: each folder a row over its own experiments, runs and models; an action on the second folder', async () => {
  const second = vs.secondFolder;
  assert.ok(second, 'the window has a second folder');
  await vs.showActivity('MLOps');
  await vs.setViewOpen('Pipeline', false);
  await vs.setViewOpen('Experiments', true);
  await vs.setViewOpen('Models', true);
  // The second folder's experiment (queued from the table above) under its baseline, and the store of the second
  // folder (the greet run and the experiment's run were recorded there) under the second folder's row.
  let last: string[] = [];
  const rows = await eventually('both folders, the second with its experiment and its runs', async () => {
    const shown = (await vs.treeRows('Experiments')).map((r) => r.trim());
    last = shown;
    const at = shown.findIndex((r) => r.startsWith(SECOND));
    return at > 0 && shown.slice(at).some((r) => r.startsWith('Experiment ')) && shown.slice(at).includes('Default')
      ? shown
      : undefined;
  }).catch(async (err: Error) => {
    await vs.shot('7-sidebar-two-folders-failed');
    throw new Error(`${err.message}; the view showed:\n${last.join('\n')}`);
  });
  const first = rows.indexOf('blob-classifier');
  const other = rows.findIndex((r) => r.startsWith(SECOND));
  assert.equal(first, 0, `the first folder's row comes first:\n${rows.join('\n')}`);
  assert.deepEqual(
    rows.slice(first + 1, other),
    ['No experiments yet'],
    `nothing was run in the first folder:\n${rows.join('\n')}`,
  );
  const experiment = rows.find((r) => r.startsWith('Experiment ')) as string;
  const name = /^Experiment (\S+),/.exec(experiment)?.[1];
  assert.ok(name, `an experiment row: ${experiment}`);
  await vs.shot('7-sidebar-two-folders');

  // Create a branch from the second folder's experiment (its context menu): the branch is in that repository only.
  await vs.treeRow('Experiments', experiment).click({ button: 'right' });
  // The menu runs an item on its own mouse-up: hover to focus it, then Enter.
  await vs.page
    .locator('.context-view .monaco-menu .action-label', { hasText: 'Create Branch from Experiment' })
    .hover();
  await vs.page.keyboard.press('Enter');
  await vs.answer(`Branch from experiment ${name}`, 'from-second');
  const branch = (cwd: string) =>
    execFileSync('git', ['branch', '--list', 'from-second'], { cwd, encoding: 'utf8' }).trim();
  await eventually('the branch in the second folder', async () => (branch(second) !== '' ? true : undefined));
  assert.equal(branch(vs.folder), '', 'no branch in the first folder');
  const experimentCommit = execFileSync('git', ['for-each-ref', '--format=%(objectname)', 'refs/exps'], {
    cwd: second,
    encoding: 'utf8',
  }).trim();
  assert.equal(
    execFileSync('git', ['rev-parse', 'from-second'], { cwd: second, encoding: 'utf8' }).trim(),
    experimentCommit,
    "the branch points at the experiment's commit",
  );
  await vs.shot('8-branch-from-second-folder');

  // Register the greet run's output (the second folder's store) as a model: the version is a GTO tag of the second
  // folder's repository, and the Models view shows it under the second folder's row.
  const greetRun = rows.find((r) => r.startsWith('Run run-')) as string;
  assert.ok(greetRun, `the greet run in the second folder's store:\n${rows.join('\n')}`);
  await vs.treeRow('Experiments', greetRun).click({ button: 'right' });
  await vs.page.locator('.context-view .monaco-menu .action-label', { hasText: 'Register Model Version' }).hover();
  await vs.page.keyboard.press('Enter');
  await vs.choose('Which output is the model?', 'greeting.txt', (l) => l.startsWith('greeting.txt'));
  await vs.choose('Model name', 'greeting', (l) => l.startsWith('greeting'));
  await vs.answer('Version of greeting', 'v1.0.0');
  const tags = (cwd: string) => execFileSync('git', ['tag', '--list', 'greeting@*'], { cwd, encoding: 'utf8' }).trim();
  await eventually('the version tagged in the second folder', async () => (tags(second) !== '' ? true : undefined));
  assert.equal(tags(vs.folder), '', 'no tag in the first folder');
  const models = await eventually('the model under the second folder in the Models view', async () => {
    const shown = (await vs.treeRows('Models')).map((r) => r.trim());
    const at = shown.findIndex((r) => r.startsWith(SECOND));
    return at > 0 && shown.slice(at).some((r) => r.startsWith('greeting')) ? shown : undefined;
  });
  assert.equal(models[0], 'blob-classifier', `a row per folder:\n${models.join('\n')}`);
  assert.equal(models[1], 'No models yet', `none in the first folder:\n${models.join('\n')}`);
  await vs.runCommand('Notifications: Clear All Notifications');
  await vs.shot('8b-model-in-second-folder');
});

test("the palette's Modify Params asks which folder, the active editor's first, and opens the form there", async () => {
  const second = vs.secondFolder;
  assert.ok(second, 'the window has a second folder');
  // params.yaml is the first folder's only (the second has none): its folder is the active editor's.
  await vs.openFile('params.yaml', 'blob-classifier');
  const asked = await vs.startCommand('MLOps: Modify Params and Run or Queue Experiments…');
  assert.equal(asked.title, 'Queue experiments in which folder?');
  assert.ok(
    asked.rows[0]?.startsWith('blob-classifier') && asked.rows[0].includes('active editor'),
    `the active editor's folder first: ${asked.rows.join(' | ')}`,
  );
  assert.ok(
    asked.rows.some((r) => r.startsWith(SECOND)),
    `both folders offered: ${asked.rows.join(' | ')}`,
  );
  await vs.shot('9-palette-folder-choice');
  await vs.choose(asked.title, SECOND, (label) => label.startsWith(SECOND));
  const frame = await vs.webviewFrame('#form-folder');
  await eventually('the form open on the second folder', async () =>
    (await frame.locator('#form-folder').inputValue()) === second ? true : undefined,
  );
  await vs.shot('10-form-on-chosen-folder');
});

test("the Alerts view: each folder's own rules on its own runs, under its row; the notification names the folder", async () => {
  const second = vs.secondFolder;
  assert.ok(second, 'the window has a second folder');
  // The second folder's rule, on a run its production job logs into its own store (the CLI, as a cron job would).
  writeFileSync(
    join(second, '.mlops.json'),
    JSON.stringify({ alerts: [{ name: 'greeting too long', experiment: 'monitoring', metric: 'length', above: 5 }] }),
  );
  writeFileSync(join(second, 'batch.json'), JSON.stringify({ length: 12 }));
  execFileSync(
    process.execPath,
    [join(ROOT, 'dist/cli.js'), 'runs', 'log', '--experiment', 'monitoring', 'batch.json'],
    {
      cwd: second,
      timeout: 60_000,
    },
  );
  await vs.setViewOpen('Alerts', true);
  const toast = vs.page
    .locator('.notifications-toasts .notification-toast')
    .filter({ hasText: `Alert "greeting too long" (monitoring) in ${SECOND}` });
  await toast.waitFor({ timeout: 60_000 });
  const fired = await vs.waitForTreeRow('Alerts', 'greeting too long', (l) => /FIRING · monitoring/.test(l), 60_000);
  const rows = (await vs.treeRows('Alerts')).map((r) => r.trim());
  const at = rows.findIndex((r) => r.startsWith(SECOND));
  assert.ok(at > 0 && rows.indexOf(fired) > at, `the alert under its folder's row:\n${rows.join('\n')}`);
  // The first folder's rules (the example's) are evaluated on its own store: nothing of the second's fires there.
  assert.equal(rows[0], 'blob-classifier', `a row per folder:\n${rows.join('\n')}`);
  assert.ok(
    rows.slice(1, at).some((r) => r.startsWith('data drift')) && rows.slice(1, at).every((r) => !/FIRING/.test(r)),
    `the first folder's own alerts, none firing:\n${rows.join('\n')}`,
  );
  await vs.shot('11-alerts-per-folder');
});
