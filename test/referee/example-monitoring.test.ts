// The blob-classifier example's production simulation (examples/blob-classifier/src/simulate.py) run day by day
// on a copy of the example, with real Python and the built CLI: each day is one run of the "monitoring"
// experiment (`mlops runs log`) with the batch's accuracy, latency and `mlops drift --metrics-out` metrics, and
// the example's own .mlops.json alerts are checked after every day. They must stay quiet while production
// looks like the training data and fire once the drift starts. The labelled batches are a dependency of `train`
// (dvc.yaml): real DVC and we both call it stale once they arrive, and retraining learns from them — a
// different model, after which DVC finds the pipeline up to date.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AlertsReport } from '../../src/core/monitoring';
import { dvc, dvcStatus } from '../support/runner-workspace';

const REPO = resolve(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');
const DRIFT_FROM = 3;

let project: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore', timeout: 120_000 });
  project = join(mkdtempSync(join(tmpdir(), 'mlops-example-monitoring-')), 'blob-classifier');
  cpSync(join(REPO, 'examples/blob-classifier'), project, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: project });
  dvc(project, 'init', '-q');
  execFileSync(process.execPath, [CLI, 'run'], { cwd: project, stdio: 'pipe', timeout: 120_000 });
  assert.deepEqual(dvcStatus(project), {}, 'trained before production starts: DVC finds nothing to do');
});

function simulateDay(day: number): void {
  const r = spawnSync(
    'python3',
    ['src/simulate.py', '--first', String(day), '--last', String(day), '--drift-from', String(DRIFT_FROM)],
    { cwd: project, env: { ...process.env, MLOPS: `${process.execPath} ${CLI}` }, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(r.status, 0, `simulate day ${day}:\n${r.stdout}\n${r.stderr}`);
}

function alertsCheck(): { code: number | null; report: AlertsReport } {
  const r = spawnSync(process.execPath, [CLI, 'alerts', 'check', '--json'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, report: JSON.parse(r.stdout) as AlertsReport };
}

test('the alerts stay quiet before the drift day and fire from it on, each day a monitoring run', () => {
  const firing: Record<number, string[]> = {};
  for (let day = 1; day <= DRIFT_FROM + 1; day++) {
    simulateDay(day);
    const { code, report } = alertsCheck();
    firing[day] = report.alerts.filter((a) => a.fired).map((a) => a.name);
    assert.equal(code, report.fired ? 1 : 0);
    // Every rule read this day's run: the newest of the experiment.
    const runs = JSON.parse(
      execFileSync(process.execPath, [CLI, 'runs', 'list', '--experiment', 'monitoring', '--json'], {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
      }),
    ).runs as { id: string; name: string; metrics: Record<string, number> }[];
    assert.equal(runs.length, day);
    assert.equal(runs[0]!.name, `day-0${day}`);
    for (const a of report.alerts) assert.equal(a.run, runs[0]!.id, a.name);
    // The run holds what the batch's files say.
    const score = JSON.parse(readFileSync(join(project, `production/scores/day-0${day}.json`), 'utf8'));
    const drift = JSON.parse(readFileSync(join(project, `production/scores/day-0${day}.drift.json`), 'utf8'));
    assert.equal(runs[0]!.metrics.accuracy, score.accuracy);
    assert.equal(runs[0]!.metrics.drift_share, drift.drift_share);
    assert.equal(runs[0]!.metrics['columns.x1'], drift.columns.x1);
  }
  assert.deepEqual(firing, {
    1: [],
    2: [],
    3: ['data drift', 'accuracy drop'],
    4: ['data drift', 'accuracy drop'],
  });
});

test('mlops runs log refuses a missing file, a file without numbers and a missing --experiment, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--experiment', 'monitoring', 'nope.json'], /metrics file nope\.json: cannot read .*nope\.json: ENOENT/],
    [['--experiment', 'monitoring', 'params.yaml', 'README.md'], /README\.md holds no numbers to log/],
    [['production/scores/day-01.json'], /--experiment NAME is required/],
  ];
  for (const [args, message] of cases) {
    const r = spawnSync(process.execPath, [CLI, 'runs', 'log', ...args], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('the batches make train stale for DVC and for us; retraining on them makes a different model', () => {
  // After the first test: days 1 to DRIFT_FROM + 1 are in production/batches.
  assert.deepEqual(Object.keys(dvcStatus(project)), ['train'], 'DVC: train changed (its deps), nothing else yet');
  const ours = JSON.parse(
    execFileSync(process.execPath, [CLI, 'status', '--json', '--no-daemon'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
    }),
  ) as { stages: { name: string; status: string; reasons: string[] }[] };
  assert.deepEqual(
    ours.stages.filter((s) => s.status !== 'up-to-date').map((s) => [s.name, s.reasons]),
    [['train', ['dep changed: production/batches']]],
  );
  const before = { model: readFileSync(join(project, 'model.json'), 'utf8'), metrics: metrics() };
  const retrain = spawnSync(process.execPath, [CLI, 'run'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  assert.equal(retrain.status, 0, retrain.stderr);
  const batches = DRIFT_FROM + 1;
  assert.match(retrain.stdout + retrain.stderr, new RegExp(`train: \\d+ rows \\(${batches} production batches\\)`));
  assert.notEqual(readFileSync(join(project, 'model.json'), 'utf8'), before.model, 'a different model');
  assert.notDeepEqual(metrics(), before.metrics, 'scored differently on the test split');
  assert.deepEqual(dvcStatus(project), {}, 'DVC: our retraining left the pipeline up to date');
});

function metrics(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(project, 'metrics.json'), 'utf8')) as Record<string, unknown>;
}
