// The example GitHub Actions workflow (examples/github-actions/model-ci.yml), its `run:` steps executed
// locally with bash, in order, as the runner would: on a copy of the blob-classifier example whose `main`
// holds the baseline's committed metrics, on a branch that changes a param. The PR comment step is not
// run (it needs GitHub); the report it would post is checked instead.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const REPO = resolve(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  'working-directory'?: string;
}

let repo: string;
let steps: Step[];

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  const workflow = parse(readFileSync(join(REPO, 'examples/github-actions/model-ci.yml'), 'utf8'));
  steps = workflow.jobs.model.steps as Step[];
  repo = mkdtempSync(join(tmpdir(), 'mlops-example-ci-'));
  const project = join(repo, 'examples/blob-classifier');
  cpSync(join(REPO, 'examples/blob-classifier'), project, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  writeFileSync(join(repo, '.gitignore'), '.mlops/\nreport/\n');
  // The base branch: the pipeline run once, its metrics committed (cache: false outputs, as DVC projects do).
  execFileSync(process.execPath, [CLI, 'run'], { cwd: project, stdio: 'pipe' });
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  // The pull request: fewer epochs.
  git('checkout', '-q', '-b', 'fewer-epochs');
  writeFileSync(
    join(project, 'params.yaml'),
    readFileSync(join(project, 'params.yaml'), 'utf8').replace('epochs: 60', 'epochs: 45'),
  );
  git('commit', '-qam', 'fewer epochs');
});

test('validate → run → check → report run as the workflow says, and the report is ready to post', () => {
  const summary = join(repo, 'summary.md');
  writeFileSync(summary, '');
  const env = { ...process.env, MLOPS: `node ${CLI}`, BASE: 'main', GITHUB_STEP_SUMMARY: summary };
  const ran: string[] = [];
  for (const step of steps) {
    if (step.uses || step.id === 'comment' || step.name === 'Build the CLI') continue;
    const cwd = join(repo, step['working-directory'] ?? 'examples/blob-classifier');
    const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `step '${step.name}' failed:\n${r.stdout}\n${r.stderr}`);
    ran.push(step.name!);
  }
  assert.deepEqual(ran, ['Validate', 'Run the pipeline', 'Quality gate', 'Report']);
  // The gate compared with main's committed metrics and wrote its table to the job summary.
  assert.match(readFileSync(summary, 'utf8'), /### Quality gate: ✅ passed/);
  const report = readFileSync(join(repo, 'examples/blob-classifier/report/report.md'), 'utf8');
  assert.match(report, /Baseline: \*\*main \([0-9a-f]{7}, committed metrics\)\*\*/);
  assert.match(report, /\| \*\*loss\*\* \| [\d.]+ \| [\d.]+ \| \+[\d.]+ \|/);
  assert.match(report, /!\[plots\/train_loss\.csv\]\(report_plots\/\d-plots_train_loss\.csv\.svg\)/);
  // The baseline's params are main's committed params.yaml: the changed one is shown beside its old value.
  assert.match(report, /\| \*\*train\.epochs\*\* \| 60 \| 45 \|/);
});
