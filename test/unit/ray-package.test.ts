// The package and spec of a Ray job (core/executors/ray/ray-job.ts packJob): the experiments of a sweep differ
// only in their params files, which travel in the spec, so their packages are byte for byte one package (one
// upload, one unpack per node); params files too big for an environment variable go in the package instead.
// A job's id reads as its run's name, made unique by the run id.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { packageName } from '../../src/core/executors/ray/jobs-client';
import { packJob, submissionId, type RayExperimentJob } from '../../src/core/executors/ray/ray-job';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function experiment(name: string, params: string): RayExperimentJob {
  const ws = mkdtempSync(join(tmpdir(), 'ray-pkg-'));
  dirs.push(ws);
  mkdirSync(join(ws, 'src'));
  writeFileSync(join(ws, 'src/train.py'), 'print("train")\n');
  writeFileSync(join(ws, 'params.yaml'), params);
  return {
    name,
    workspace: ws,
    files: ['params.yaml', 'src/train.py'],
    perJob: ['params.yaml'],
    stages: [{ id: 'train', cmd: 'python src/train.py', wdir: '', outs: ['model.json'] }],
    data: {},
    runId: `run-${name}`,
    trackingUri: 'http://127.0.0.1:5000',
  };
}

test('two experiments of a sweep share one package; each spec carries its own params and run', () => {
  const a = packJob(experiment('a', 'train:\n  lr: 0.1\n'));
  const b = packJob(experiment('b', 'train:\n  lr: 0.2\n'));
  assert.equal(packageName(a.zip), packageName(b.zip));
  const specA = JSON.parse(a.spec) as { files: Record<string, string>; mlflow: { run_id: string } };
  const specB = JSON.parse(b.spec) as { files: Record<string, string>; mlflow: { run_id: string } };
  assert.equal(Buffer.from(specA.files['params.yaml'] as string, 'base64').toString(), 'train:\n  lr: 0.1\n');
  assert.equal(Buffer.from(specB.files['params.yaml'] as string, 'base64').toString(), 'train:\n  lr: 0.2\n');
  assert.deepEqual([specA.mlflow.run_id, specB.mlflow.run_id], ['run-a', 'run-b']);
  assert.ok(!a.zip.includes(Buffer.from('params.yaml')), 'the params file is not in the package');
});

test('params files past 48 KB go in the package, and the packages differ', () => {
  const big = (lr: string) => `train:\n  lr: ${lr}\n# ${'x'.repeat(50 * 1024)}\n`;
  const a = packJob(experiment('a', big('0.1')));
  const b = packJob(experiment('b', big('0.2')));
  assert.notEqual(packageName(a.zip), packageName(b.zip));
  assert.deepEqual((JSON.parse(a.spec) as { files: object }).files, {});
  assert.ok(a.zip.includes(Buffer.from('params.yaml')), 'the params file is in the package');
});

test("a job's id is its run's name and the run id's first 8 digits, kept to URL- and shell-safe characters", () => {
  const run = '3f2a9c1d7b604e0f9a1b2c3d4e5f6071';
  assert.equal(submissionId('ready-owl', run), 'mlops-ready-owl-3f2a9c1d');
  assert.equal(submissionId('run-20261205-070000', run), 'mlops-run-20261205-070000-3f2a9c1d');
  assert.notEqual(submissionId('ready-owl', run), submissionId('ready-owl', `9${run.slice(1)}`));
  assert.equal(submissionId('lr 0.1/a?b', run), 'mlops-lr-0.1-a-b-3f2a9c1d');
  assert.equal(submissionId('///', run), 'mlops-3f2a9c1d');
  assert.equal(submissionId('x'.repeat(200), run), `mlops-${'x'.repeat(64)}-3f2a9c1d`);
});
