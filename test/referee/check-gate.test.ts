// `mlops check` on real parts: runs in the local store, versions registered in a real git repository and
// promoted by the real `gto assign`, metrics committed in git. Baselines: the prod stage, a git revision,
// best of an experiment; formats json, github (with GITHUB_STEP_SUMMARY) and the exit codes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../src/core/checks';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { runCli } from '../support/cli';
import { venvEnv } from '../support/python';

let env: NodeJS.ProcessEnv;
before(() => {
  env = venvEnv();
});

const git = (repo: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', env }).trim();

const RULES = {
  checks: [
    { metric: 'accuracy', min: 0.85 },
    { metric: 'loss', max_increase: 0.01, against: 'prod' },
    { metric: 'accuracy', max_decrease: 0, against: 'best', severity: 'warning' },
  ],
};

/** A repository whose committed metrics.json says accuracy 0.9, loss 0.4; rules in .mlops.json. */
function newRepo(rules: unknown = RULES): string {
  const repo = mkdtempSync(join(tmpdir(), 'mlops-check-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  writeFileSync(join(repo, '.gitignore'), '.mlops/\n');
  writeFileSync(
    join(repo, 'dvc.yaml'),
    'stages:\n  evaluate:\n    cmd: python evaluate.py\n    metrics:\n      - metrics.json:\n          cache: false\nartifacts:\n  clf:\n    path: model.pkl\n    type: model\n',
  );
  writeFileSync(join(repo, 'metrics.json'), JSON.stringify({ accuracy: 0.9, loss: 0.4 }));
  writeFileSync(join(repo, '.mlops.json'), JSON.stringify(rules));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'baseline');
  return repo;
}

async function logRun(
  repo: string,
  name: string,
  metrics: Record<string, number>,
  experiment = 'Default',
): Promise<string> {
  const store = openLocalStore(workspaceStoreDir(repo));
  const exp = (await store.getExperimentByName(experiment)) ?? (await store.createExperiment(experiment));
  const at = { commit: git(repo, 'rev-parse', 'HEAD'), branch: 'main', dirty: false };
  const run = await store.createRun({ experimentId: exp.id, name, git: at });
  await store.logMetrics(
    run.id,
    Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: Date.now() })),
  );
  await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
  return run.id;
}

async function promoteToProd(repo: string, runId: string): Promise<void> {
  writeFileSync(join(repo, 'model.pkl'), runId);
  const registered = await runCli(['models', 'register', 'clf', '--version', 'v1.0.0', '--run', runId], repo);
  assert.equal(registered.code, 0, registered.stderr);
  execFileSync('gto', ['assign', 'clf', '--version', 'v1.0.0', '--stage', 'prod'], { cwd: repo, env, stdio: 'pipe' });
}

async function check(repo: string, ...argv: string[]): Promise<{ code: number; report: CheckReport; stderr: string }> {
  const r = await runCli(['check', '--format', 'json', ...argv], repo);
  return { code: r.code, report: JSON.parse(r.stdout) as CheckReport, stderr: r.stderr };
}

test('against prod (promoted by gto): within the allowed increase passes, beyond it fails with exit 1', async () => {
  const repo = newRepo();
  const champion = await logRun(repo, 'champion', { accuracy: 0.88, loss: 0.5 });
  await promoteToProd(repo, champion);
  const good = await logRun(repo, 'good', { accuracy: 0.89, loss: 0.505 });
  const pass = await check(repo, '--run', good);
  assert.equal(pass.code, 0, pass.stderr);
  assert.equal(pass.report.passed, true);
  const vsProd = pass.report.checks[1]!;
  assert.deepEqual([vsProd.value, vsProd.baseline, vsProd.passed, vsProd.against], [0.505, 0.5, true, 'prod']);
  assert.match(vsProd.message, /clf v1\.0\.0 \(prod\)/);

  const worse = await logRun(repo, 'worse', { accuracy: 0.9, loss: 0.53 });
  const fail = await check(repo, '--run', worse);
  assert.equal(fail.code, 1);
  assert.equal(fail.report.passed, false);
  assert.deepEqual(
    fail.report.checks.map((c) => c.passed),
    [true, false, true],
  );
  assert.match(fail.report.checks[1]!.message, /rose more than the allowed 0\.01/);
});

test('the newest finished run is checked by default; best leaves the candidate out; a warning does not fail', async () => {
  const repo = newRepo();
  await logRun(repo, 'old-best', { accuracy: 0.95, loss: 0.3 });
  const newest = await logRun(repo, 'newest', { accuracy: 0.9, loss: 0.31 });
  const r = await check(repo);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.report.candidate, new RegExp(newest.slice(0, 8)));
  const best = r.report.checks[2]!;
  assert.deepEqual([best.baseline, best.passed, best.severity], [0.95, false, 'warning']);
  assert.equal(r.report.passed, true);
  // Nothing in prod yet: the first release is not blocked by a missing champion.
  assert.equal(r.report.checks[1]!.skipped, true);
});

test('against a git revision: the committed metrics files when no run was recorded at that commit', async () => {
  const repo = newRepo();
  const run = await logRun(repo, 'candidate', { accuracy: 0.9, loss: 0.405 });
  const pass = await check(repo, '--run', run, '--against', 'main');
  assert.equal(pass.report.checks[1]!.baseline, 0.4);
  assert.match(pass.report.checks[1]!.message, /committed metrics/);
  assert.equal(pass.code, 0);
  writeFileSync(join(repo, 'metrics.json'), JSON.stringify({ accuracy: 0.9, loss: 0.2 }));
  git(repo, 'commit', '-qam', 'better');
  const fail = await check(repo, '--run', run, '--against', 'HEAD');
  assert.equal(fail.code, 1);
  assert.equal(fail.report.checks[1]!.baseline, 0.2);
});

test('--workspace checks the metrics files as they are now', async () => {
  const repo = newRepo({ checks: [{ metric: 'accuracy', min: 0.85 }] });
  writeFileSync(join(repo, 'metrics.json'), JSON.stringify({ accuracy: 0.7 }));
  const r = await check(repo, '--workspace');
  assert.equal(r.code, 1);
  assert.deepEqual([r.report.candidate, r.report.checks[0]!.value], ['workspace', 0.7]);
  assert.match(r.report.checks[0]!.message, /accuracy 0\.7 is below the minimum 0\.85/);
});

test('github: annotations on stdout and the table appended to GITHUB_STEP_SUMMARY', async () => {
  const repo = newRepo({
    checks: [
      { metric: 'accuracy', min: 0.85 },
      { metric: 'f1', min: 0.5, severity: 'warning' },
    ],
  });
  await logRun(repo, 'low', { accuracy: 0.8 });
  const summary = join(repo, 'summary.md');
  writeFileSync(summary, '# Earlier step\n');
  const r = await runCli(['check', '--format', 'github'], repo, { GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^::error title=mlops check%3A accuracy >= 0\.85::accuracy 0\.8 is below the minimum 0\.85$/);
  assert.match(lines[1]!, /^::warning title=mlops check%3A f1 >= 0\.5::f1 was not logged by run /);
  const written = readFileSync(summary, 'utf8');
  assert.ok(written.startsWith('# Earlier step\n### Quality gate: ❌ failed'));
  assert.match(written, /\| ❌ fail \| accuracy >= 0\.85 \| 0\.8 \| – \|/);
});

test('bad rules and references: exit 2 for the configuration, exit 1 with the reason for a reference', async () => {
  const repo = newRepo({ checks: [{ metric: 'accuracy', minimum: 0.8 }] });
  const bad = await runCli(['check'], repo);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"checks\[0\]"\."minimum" is not a rule key/);
  const repo2 = newRepo({ checks: [{ metric: 'loss', max_increase: 0.01, against: 'prdo' }] });
  const champion = await logRun(repo2, 'champion', { loss: 0.5 });
  await promoteToProd(repo2, champion);
  const r = await check(repo2, '--run', champion);
  assert.equal(r.code, 1);
  assert.match(
    r.report.checks[0]!.message,
    /'prdo' is neither a stage or alias in the registry \(in use: prod\) nor a git revision/,
  );
});
