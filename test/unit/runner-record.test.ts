// What a run's tracking record says about its stages: every stage the run considered is there, including
// the ones that never ran because something upstream failed or the run was cancelled (BLOCKED, with why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipelines } from '../../src/core/runner/run';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';

function workspace(dvcYaml: string): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-record-'));
  writeFileSync(join(root, 'dvc.yaml'), dvcYaml);
  return root;
}

test('stages blocked by a failure are recorded BLOCKED with the reason and no duration', async () => {
  const root = workspace(`stages:
  prepare:
    cmd: echo data > data.txt
    outs: [data.txt]
  bad:
    cmd: exit 3
    deps: [data.txt]
    outs: [model.bin]
  report:
    cmd: cp model.bin report.txt
    deps: [model.bin]
    outs: [report.txt]
  publish:
    cmd: cp report.txt published.txt
    deps: [report.txt]
    outs: [published.txt]
`);
  const store = openLocalStore(workspaceStoreDir(root));
  const outcome = await runPipelines({ root, store });
  assert.ok(outcome.ok);
  assert.equal(outcome.report.status, 'FAILED');
  const run = await store.getRun(outcome.report.runId);
  assert.ok(run);
  const byName = Object.fromEntries(run.stages.map((s) => [s.name, s]));
  assert.deepEqual(Object.keys(byName).sort(), ['bad', 'prepare', 'publish', 'report']);
  assert.equal(byName.prepare?.status, 'FINISHED');
  assert.equal(byName.bad?.status, 'FAILED');
  const report = byName.report;
  assert.ok(report?.status === 'BLOCKED');
  assert.equal(report.durationMs, null);
  assert.equal(report.endTime, null);
  assert.deepEqual(report.reasons, ['upstream did not finish: bad']);
  assert.ok(byName.publish?.status === 'BLOCKED');
  assert.deepEqual(byName.publish.reasons, ['upstream did not finish: report']);
  // The result the caller gets says the same.
  assert.deepEqual(
    Object.fromEntries(outcome.report.stages.map((s) => [s.id, s.outcome])),
    Object.fromEntries(run.stages.map((s) => [s.name, s.status])),
  );
});

test('stages not reached when the run is cancelled are recorded BLOCKED: run cancelled', async () => {
  const root = workspace(`stages:
  first:
    cmd: touch started; sleep 30; echo one > one.txt
    outs: [one.txt]
  second:
    cmd: cp one.txt two.txt
    deps: [one.txt]
    outs: [two.txt]
`);
  const store = openLocalStore(workspaceStoreDir(root));
  const controller = new AbortController();
  const outcome = await runPipelines({
    root,
    store,
    signal: controller.signal,
    events: { stageStart: () => void setTimeout(() => controller.abort(), 100) },
  });
  assert.ok(outcome.ok);
  assert.equal(outcome.report.status, 'KILLED');
  const run = await store.getRun(outcome.report.runId);
  const second = run?.stages.find((s) => s.name === 'second');
  assert.ok(second?.status === 'BLOCKED', JSON.stringify(run?.stages));
  assert.deepEqual(second.reasons, ['run cancelled']);
  assert.equal(run?.stages.find((s) => s.name === 'first')?.status, 'KILLED');
});
