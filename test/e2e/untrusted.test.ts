// Issue 8, step 5: in an untrusted workspace (Restricted Mode) the extension still validates dvc.yaml, and every
// way to run the pipeline is refused with a message saying why; nothing executes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { untrustedMessage } from '../../src/extension/runner/messages';
import { EXAMPLE, launch } from './harness';
import { eventually, type Workbench } from './workbench';

// A stage that depends on itself through another: a cycle, found without running anything.
const original = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8');
const broken = original.replace('      - src/prepare.py\n', '      - src/prepare.py\n      - model.json\n');
const cycleLine = broken.split('\n').indexOf('      - model.json') + 1;
const prepareLine = broken.split('\n').indexOf('  prepare:') + 1;

let vs: Workbench;
before(async () => {
  vs = await launch({ name: 'untrusted', trusted: false, files: { 'dvc.yaml': broken } });
});
after(async () => {
  await vs?.close();
});

test('the workspace opens in Restricted Mode and dvc.yaml diagnostics still work', async () => {
  // The trust state resolves after the workbench appears: on a slow machine the status item comes seconds later.
  await eventually('Restricted Mode in the status bar', async () =>
    (await vs.statusBarText()).find((item) => item.startsWith('Restricted Mode')),
  );
  await vs.openFile('dvc.yaml');
  const problems = await vs.waitForProblems('dependency-cycle in dvc.yaml', (list) =>
    list.some((p) => p.file === 'dvc.yaml' && p.source === 'mlops' && p.code === 'dependency-cycle'),
  );
  await vs.shot('1-diagnostics-in-restricted-mode');
  const cycle = problems.filter((p) => p.code === 'dependency-cycle');
  assert.ok(cycle.every((p) => p.severity === 'error'));
  // Each stage on the cycle is marked, pointing at the other one (prepare and train, where the example has them).
  const prepare = prepareLine;
  const train = broken.split('\n').indexOf('  train:') + 1;
  assert.ok(prepare > 0 && train > 0, 'the example has prepare and train stages');
  assert.deepEqual(
    cycle.map((p) => [p.line, p.related.map((r) => r.line)]),
    [
      [prepare, [train]],
      [train, [prepare]],
    ],
  );
});

test('Run from a CodeLens is refused with the reason, and nothing runs', async () => {
  // Fix the cycle first, so that trust is the only thing standing between the pipeline and a run.
  await vs.openFile('dvc.yaml');
  await vs.deleteLine(cycleLine);
  await vs.save();
  await vs.waitForProblems(
    'the cycle fixed',
    (list) => !list.some((p) => p.file === 'dvc.yaml' && p.source === 'mlops'),
  );

  const refusal = (): Promise<string> =>
    eventually('the untrusted-workspace refusal', async () =>
      (await vs.notifications()).find((m) => m === untrustedMessage()),
    );
  await vs.clickCodeLens(prepareLine, 'Run');
  await refusal();
  assert.ok(
    await vs.page
      .locator('.notifications-toasts .monaco-button', { hasText: 'Manage Workspace Trust' })
      .first()
      .isVisible(),
    'the refusal offers to manage workspace trust',
  );
  await vs.shot('2-codelens-run-refused');
  // The palette's run commands are disabled in Restricted Mode (`enablement: isWorkspaceTrusted`, held by
  // test/unit/workspace-trust-manifest.test.ts); a CodeLens bypasses enablement, hence the refusal in code above.

  // Nothing executed: no lock file, no stage outputs, no recorded run.
  assert.equal(existsSync(join(vs.folder, 'dvc.lock')), false, 'no dvc.lock');
  assert.equal(existsSync(join(vs.folder, 'data')), false, 'prepare did not write data/');
  const runs = join(vs.folder, '.mlops/runs');
  assert.deepEqual(existsSync(runs) ? readdirSync(runs) : [], [], 'no run recorded');
});
