// `mlops alerts check` over a real MLflow server whose runs are logged by MLflow's own Python client, as a
// production batch-scoring job would log them: one run per daily batch with accuracy, latency and the drift
// metrics `mlops drift --metrics-out` writes. One server for the file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertsReport } from '../../src/core/monitoring';
import { runCli } from '../support/cli';
import { type MlflowServer, startMlflowServer } from '../support/mlflow-server';

let server: MlflowServer;
before(async () => {
  server = await startMlflowServer();
});
after(async () => {
  await server?.stop();
});

/** Logs one finished run per batch, oldest first, through MLflow's Python client; returns the run ids. */
function logBatches(experiment: string, batches: Record<string, number>[]): string[] {
  const script = `
import json, time, mlflow
mlflow.set_experiment(${JSON.stringify(experiment)})
ids = []
for i, metrics in enumerate(json.loads(${JSON.stringify(JSON.stringify(batches))})):
    with mlflow.start_run(run_name=f"day-{i}") as run:
        mlflow.log_metrics(metrics)
        ids.append(run.info.run_id)
    time.sleep(0.01)
print(json.dumps(ids))
`;
  return server.pythonJson(script) as string[];
}

function project(alerts: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-alerts-'));
  writeFileSync(join(dir, '.mlops.json'), JSON.stringify({ alerts }));
  return dir;
}

async function alertsCheck(dir: string): Promise<{ code: number; report: AlertsReport; stderr: string }> {
  const r = await runCli(['alerts', 'check', '--json', '--tracking-uri', server.url], dir);
  return { code: r.code, report: JSON.parse(r.stdout) as AlertsReport, stderr: r.stderr };
}

test('a drifted batch fires the drift and accuracy alerts on its newest run; exit 1', async () => {
  const ids = logBatches('prod-scoring', [
    { accuracy: 0.91, latency_ms: 120, drift_share: 0, drift_detected: 0 },
    { accuracy: 0.9, latency_ms: 130, drift_share: 0.1, drift_detected: 0 },
    { accuracy: 0.78, latency_ms: 125, drift_share: 0.6, drift_detected: 1 },
  ]);
  const dir = project([
    { name: 'accuracy drop', experiment: 'prod-scoring', metric: 'accuracy', below: 0.8 },
    { name: 'slow', experiment: 'prod-scoring', metric: 'latency_ms', above: 250 },
    { name: 'data drift', experiment: 'prod-scoring', drift: true },
    { name: 'share', experiment: 'prod-scoring', metric: 'drift_share', above: 0.5 },
  ]);
  const { code, report, stderr } = await alertsCheck(dir);
  assert.equal(code, 1, stderr);
  assert.deepEqual(
    report.alerts.map((a) => [a.name, a.fired, a.value, a.run]),
    [
      ['accuracy drop', true, 0.78, ids[2]],
      ['slow', false, 125, ids[2]],
      ['data drift', true, 1, ids[2]],
      ['share', true, 0.6, ids[2]],
    ],
  );
  assert.equal(report.fired, true);
  assert.match(report.alerts[0]!.message, /accuracy below 0\.8: accuracy 0\.78 < 0\.8/);
});

test('increasing N fires only after N consecutive rises; a quiet experiment exits 0', async () => {
  logBatches('latency-watch', [{ p95: 100 }, { p95: 90 }, { p95: 95 }, { p95: 99 }]);
  const two = project([{ experiment: 'latency-watch', metric: 'p95', increasing: 2 }]);
  const fired = await alertsCheck(two);
  assert.equal(fired.code, 1);
  assert.equal(fired.report.alerts[0]!.name, 'latency-watch: p95 increasing');
  assert.match(fired.report.alerts[0]!.message, /newest first\): 99, 95, 90/);
  const three = project([{ experiment: 'latency-watch', metric: 'p95', increasing: 3 }]);
  const quiet = await alertsCheck(three);
  assert.equal(quiet.code, 0);
  assert.equal(quiet.report.alerts[0]!.fired, false);
});

test('an experiment or metric not logged yet does not fire, and says so', async () => {
  logBatches('other-job', [{ rows: 10 }]);
  const dir = project([
    { experiment: 'not-yet', metric: 'accuracy', below: 0.8 },
    { experiment: 'other-job', metric: 'accuracy', below: 0.8 },
  ]);
  const { code, report } = await alertsCheck(dir);
  assert.equal(code, 0);
  assert.deepEqual(
    report.alerts.map((a) => a.message),
    ["no experiment 'not-yet' yet", "no finished run of 'other-job' has accuracy"],
  );
});

test('bad rules: exit 2 naming the rule and key', async () => {
  const cases: [unknown, RegExp][] = [
    [[{ metric: 'a', below: 1 }], /"alerts\[0\]" needs "experiment"/],
    [[{ experiment: 'e', metric: 'a', below: 1, above: 2 }], /needs exactly one of above, below, increasing, drift/],
    [[{ experiment: 'e', metric: 'a', increasing: 0 }], /"increasing" must be a whole number of runs/],
    [[{ experiment: 'e', metric: 'a', blow: 1 }], /"alerts\[0\]"\."blow" is not an alert key/],
  ];
  for (const [alerts, message] of cases) {
    const r = await runCli(['alerts', 'check', '--tracking-uri', server.url], project(alerts));
    assert.equal(r.code, 2);
    assert.match(r.stderr, message);
  }
});
