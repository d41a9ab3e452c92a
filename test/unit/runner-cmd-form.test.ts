// dvc.lock records a stage's cmd in the form dvc.yaml wrote it, as DVC 3 does: a string stays a string,
// a list stays a list even with one command. DVC compares the two with Python's `==`, so a one-command
// list against a string (or the other way round) is a changed command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Hasher } from '../../src/core/runner/hash';
import { runPipelines } from '../../src/core/runner/run';
import { pipelinesStatus, type StageStatus } from '../../src/core/runner/status';
import { loadWorkspace } from '../../src/core/runner/workspace';

/** The statuses, when DVC would load the pipelines (a refusal fails the test with its reason). */
async function statusOf(...args: Parameters<typeof pipelinesStatus>): Promise<StageStatus[]> {
  const outcome = await pipelinesStatus(...args);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome.stages;
}

const PIPELINE = `stages:
  listed:
    cmd: [echo a > a.txt]
    outs: [a.txt]
  block:
    cmd:
      - echo b > b.txt
    outs: [b.txt]
  plain:
    cmd: echo c > c.txt
    outs: [c.txt]
  several:
    cmd:
      - echo d > d.txt
      - echo e >> d.txt
    outs: [d.txt]
`;

async function reasonsOf(root: string): Promise<Record<string, string[]>> {
  const all = await statusOf({ hasher: new Hasher() }, loadWorkspace(root).pipelines);
  return Object.fromEntries(all.map((s) => [s.name, s.reasons]));
}

test('a one-command list is written to dvc.lock as a list, a string as a string', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-cmd-'));
  writeFileSync(join(root, 'dvc.yaml'), PIPELINE);
  const outcome = await runPipelines({ root });
  assert.ok(outcome.ok && outcome.report.status === 'FINISHED');
  const text = readFileSync(join(root, 'dvc.lock'), 'utf8');
  const lock = parse(text) as { stages: Record<string, { cmd: unknown }> };
  assert.deepEqual(Object.fromEntries(Object.entries(lock.stages).map(([k, v]) => [k, v.cmd])), {
    listed: ['echo a > a.txt'],
    block: ['echo b > b.txt'],
    plain: 'echo c > c.txt',
    several: ['echo d > d.txt', 'echo e >> d.txt'],
  });
  assert.ok(text.includes('  listed:\n    cmd:\n    - echo a > a.txt\n'), `written as DVC writes it:\n${text}`);
  assert.deepEqual(await reasonsOf(root), { listed: [], block: [], plain: [], several: [] });
});

test('the other form in dvc.lock is a changed command, both ways', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-cmd-'));
  writeFileSync(join(root, 'dvc.yaml'), PIPELINE);
  const outcome = await runPipelines({ root });
  assert.ok(outcome.ok && outcome.report.status === 'FINISHED');
  const lockFile = join(root, 'dvc.lock');
  const text = readFileSync(lockFile, 'utf8');
  const swapped = text
    .replace('    cmd:\n    - echo a > a.txt\n', '    cmd: echo a > a.txt\n')
    .replace('    cmd: echo c > c.txt\n', '    cmd:\n    - echo c > c.txt\n');
  assert.notEqual(swapped, text);
  writeFileSync(lockFile, swapped);
  assert.deepEqual(await reasonsOf(root), { listed: ['cmd changed'], block: [], plain: ['cmd changed'], several: [] });
  // A run brings each back to its own form.
  const again = await runPipelines({ root });
  assert.ok(again.ok);
  assert.deepEqual(
    again.report.stages.map((s) => [s.id, s.outcome]),
    [
      ['listed', 'FINISHED'],
      ['block', 'SKIPPED'],
      ['plain', 'FINISHED'],
      ['several', 'SKIPPED'],
    ],
  );
  assert.equal(readFileSync(lockFile, 'utf8'), text);
});
