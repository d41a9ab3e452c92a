import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem, overlayFileSystem } from '../../src/core/fs';

test('overlay answers unsaved text first and falls back to disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-fs-'));
  const onDisk = join(dir, 'params.yaml');
  writeFileSync(onDisk, 'lr: 0.1\n');
  const unsaved = join(dir, 'dvc.yaml');
  const fs = overlayFileSystem(nodeFileSystem, new Map([[unsaved, 'stages: {}\n']]));
  assert.equal(fs.readText(onDisk), 'lr: 0.1\n');
  assert.equal(fs.readText(unsaved), 'stages: {}\n');
  assert.equal(fs.stat(unsaved)?.size, 11);
  assert.equal(fs.readText(join(dir, 'missing')), undefined);
  assert.deepEqual(fs.list(dir), ['params.yaml']);
});
