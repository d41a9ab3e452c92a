// atomic-file.ts: a whole-file replacement leaves the new text and no temp file; files under a folder marked
// ephemeral (an isolated experiment's workspace) are written without fsync, and only those: not a sibling whose
// name starts the same, not after the mark is lifted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markEphemeral, needsSync, writeFileAtomic } from '../../src/core/atomic-file';

test('writeFileAtomic replaces the file whole, durable or not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-atomic-'));
  try {
    const file = join(dir, 'state.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two', false);
    const unmark = markEphemeral(dir);
    writeFileAtomic(file, 'three');
    unmark();
    assert.equal(readFileSync(file, 'utf8'), 'three');
    assert.deepEqual(readdirSync(dir), ['state.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only files under a folder marked ephemeral, while marked, skip the fsync', () => {
  const ws = join(tmpdir(), 'mlops-exps', 'mlops-abc');
  assert.equal(needsSync(join(ws, 'dvc.lock')), true);
  const unmark = markEphemeral(ws);
  assert.equal(needsSync(join(ws, 'dvc.lock')), false);
  assert.equal(needsSync(join(ws, '.mlops', 'run.lock')), false);
  assert.equal(needsSync(`${ws}d/dvc.lock`), true, 'a sibling whose name starts the same');
  assert.equal(needsSync(join(tmpdir(), 'mlops-exps', 'queue.json')), true);
  unmark();
  assert.equal(needsSync(join(ws, 'dvc.lock')), true);
});
