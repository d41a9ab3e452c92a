// The packed .vsix installs into real VS Code (code-server) and activates on a workspace with a dvc.yaml.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch } from './harness';
import type { Workbench } from './workbench';

let vs: Workbench;
before(async () => {
  vs = await launch({ name: 'activation' });
});
after(async () => {
  await vs?.close();
});

test('the extension activates and logs it to its output channel', async () => {
  const log = await vs.waitForActivation();
  await vs.shot('output-channel');
  assert.match(log, /\[info\] MLOps Workbench activated/);
  assert.doesNotMatch(log, /\[error\]/, 'nothing failed while activating');
});
