// Issue 8, step 5: in an untrusted workspace (Restricted Mode) the extension still validates dvc.yaml.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXAMPLE, launch } from './harness';
import type { Workbench } from './workbench';

// A stage that depends on itself through another: a cycle, found without running anything.
const broken = readFileSync(join(EXAMPLE, 'dvc.yaml'), 'utf8').replace('      - src/prepare.py\n', '      - src/prepare.py\n      - model.json\n');

let vs: Workbench;
before(async () => {
  vs = await launch({ name: 'untrusted', trusted: false, files: { 'dvc.yaml': broken } });
});
after(async () => {
  await vs?.close();
});

test('the workspace opens in Restricted Mode and dvc.yaml diagnostics still work', async () => {
  assert.ok((await vs.statusBarText()).some((item) => item.startsWith('Restricted Mode')), 'the status bar shows Restricted Mode');
  await vs.openFile('dvc.yaml');
  const problems = await vs.waitForProblems('dependency-cycle in dvc.yaml', (list) =>
    list.some((p) => p.file === 'dvc.yaml' && p.source === 'mlops' && p.code === 'dependency-cycle'),
  );
  await vs.shot('1-diagnostics-in-restricted-mode');
  const cycle = problems.filter((p) => p.code === 'dependency-cycle');
  assert.ok(cycle.every((p) => p.severity === 'error'));
  // Each stage on the cycle is marked, pointing at the other one (prepare at line 2, train at line 12).
  assert.deepEqual(
    cycle.map((p) => [p.line, p.related.map((r) => r.line)]),
    [[2, [12]], [12, [2]]],
  );
});
