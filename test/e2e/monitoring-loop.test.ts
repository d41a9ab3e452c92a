// Issue 16's loop in one window, as an ML engineer on call lives it: the example's model is in production (v1.0.0
// holds `prod`), production batches arrive (examples/blob-classifier/src/simulate.py logs each day as a run of
// the "monitoring" experiment), a drifted one fires the alert — the notification, the Alerts view, the bell in
// the status bar — and its Retrain runs the pipeline, gates the new run against prod, and Promote moves prod to
// v1.0.1, which the Models view shows. The training run and v1.0.0 are made with the CLI before, as a team's
// earlier work would be; everything after the batch arrives goes through the UI. Retrain learns from production's
// labelled batches too (a dependency of `train`): the promoted model is a new one, not v1.0.0 again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../../scripts/code-server';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';

const CLI = join(ROOT, 'dist/cli.js');
const MODEL = 'blob-classifier';
const DRIFT_FROM = 3;

let vs: Workbench;

before(async () => {
  vs = await launch({ name: 'monitoring-loop' });
});
after(async () => {
  await vs?.close();
});

function mlops(...args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], {
    cwd: vs.folder,
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 120_000,
  });
}

function simulate(day: number): void {
  execFileSync(
    'python3',
    ['src/simulate.py', '--first', String(day), '--last', String(day), '--drift-from', String(DRIFT_FROM)],
    { cwd: vs.folder, env: { ...process.env, MLOPS: `${process.execPath} ${CLI}` }, stdio: 'pipe', timeout: 120_000 },
  );
}

/** The accuracy in the workspace's metrics.json, as the gate's messages print numbers. */
function accuracy(): string {
  const value = (JSON.parse(readFileSync(join(vs.folder, 'metrics.json'), 'utf8')) as { accuracy: number }).accuracy;
  return String(Number(value.toPrecision(6)));
}

const modelText = (): string => readFileSync(join(vs.folder, 'model.json'), 'utf8');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: vs.folder, encoding: 'utf8', timeout: 30_000 });
}

test('a drifted batch fires the alert; Retrain passes the gate against prod; Promote puts v1.0.1 in prod', {
  timeout: 600_000,
}, async () => {
  await vs.waitForActivation();
  // The model in production: trained, registered and promoted from the command line.
  const trained = JSON.parse(mlops('run', '--json')) as { runId: string; status: string };
  assert.equal(trained.status, 'FINISHED');
  mlops('models', 'register', MODEL, '--version', 'v1.0.0', '--run', trained.runId);
  mlops('models', 'promote', MODEL, 'v1.0.0', '--stage', 'prod');
  // The team commits what training wrote (dvc.lock, metrics): Retrain's experiment will be a child of it.
  git('add', '-A');
  git('-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '-qm', 'v1.0.0 trained');
  await vs.showActivity('MLOps');
  await vs.waitForTreeRow('Models', 'v1.0.0', (label) => label.includes('[prod]'));
  const prod = { accuracy: accuracy(), model: modelText() };

  // Quiet days: production looks like the training data.
  for (let day = 1; day < DRIFT_FROM; day++) simulate(day);
  await vs.setViewOpen('Alerts', true);
  await vs.waitForTreeRow('Alerts', 'data drift', (label) => /, ok · monitoring: no drift in run day-02$/.test(label));
  assert.ok(!(await vs.statusBarText()).some((s) => /alert/.test(s)), 'no bell while nothing fires');
  await vs.shot('1-quiet-days');

  // The drifted batch arrives.
  simulate(DRIFT_FROM);
  const toast = vs.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'Alert "data drift"' });
  await toast.waitFor({ timeout: 60_000 });
  const fired = await vs.waitForTreeRow('Alerts', 'data drift', (label) => /FIRING/.test(label));
  assert.match(fired, /FIRING · monitoring: data drift detected: drift detected in run day-03$/);
  const bell = await eventually('the alerts bell in the status bar', async () =>
    (await vs.statusBarText()).find((s) => /\d alerts?/.test(s)),
  );
  assert.match(bell, /2 alerts/, 'data drift and accuracy drop fire on the drifted day');
  await vs.shot('2-alert-fired');

  // Retrain from the notification: the pipeline runs, its run is gated against prod.
  await toast.getByRole('button', { name: 'Retrain', exact: true }).click();
  const passed = vs.page
    .locator('.notifications-toasts .notification-toast')
    .filter({ hasText: 'Retrained model passed the gate against prod' });
  await passed.waitFor({ timeout: 180_000 });
  const message = (await passed.locator('.notification-list-item-message').textContent()) ?? '';
  // The retrained model learned from the batches: another model, scored anew on the test split.
  const retrained = accuracy();
  assert.notEqual(modelText(), prod.model, 'Retrain made a different model');
  assert.ok(message.includes(`accuracy ${retrained} ≥ 0.85`), `the absolute rule, with the value: ${message}`);
  assert.ok(
    message.includes(`accuracy ${retrained} vs ${prod.accuracy} in blob-classifier v1.0.0 (prod)`),
    `the rule against prod: ${message}`,
  );
  await vs.shot('3-gate-passed');

  await passed.getByRole('button', { name: 'Promote', exact: true }).click();
  await vs.page
    .locator('.notifications-toasts .notification-toast')
    .filter({ hasText: `Promoted ${MODEL} v1.0.1 to prod.` })
    .waitFor({ timeout: 60_000 });
  await vs.waitForTreeRow('Models', 'v1.0.1', (label) => label.includes('[prod]'));
  await vs.page.mouse.move(1100, 52);
  await vs.shot('4-promoted');

  // GTO's view of it: the new version at the experiment Retrain committed — a child of HEAD whose dvc.lock
  // names the retrained model, HEAD itself unmoved — and prod's second assignment pointing at it.
  const experiments = git('for-each-ref', 'refs/exps', '--format=%(objectname)').trim().split('\n');
  assert.equal(experiments.length, 1, 'Retrain made one experiment');
  const experiment = `${experiments[0]}\n`;
  assert.equal(git('rev-parse', `${MODEL}@v1.0.1^{commit}`), experiment, 'v1.0.1 is at the experiment commit');
  assert.equal(git('rev-parse', `${experiment.trim()}^`), git('rev-parse', 'HEAD'), 'an experiment of HEAD');
  const modelMd5 = createHash('md5').update(modelText()).digest('hex');
  assert.match(
    git('show', `${experiment.trim()}:dvc.lock`),
    new RegExp(`md5: ${modelMd5}`),
    'its lock names the model',
  );
  const tags = git('for-each-ref', 'refs/tags', '--format=%(refname:strip=2)').trim().split('\n').sort();
  assert.deepEqual(tags, [`${MODEL}#prod#1`, `${MODEL}#prod#2`, `${MODEL}@v1.0.0`, `${MODEL}@v1.0.1`]);
  assert.equal(git('rev-parse', `${MODEL}#prod#2^{commit}`), git('rev-parse', `${MODEL}@v1.0.1^{commit}`));
});
