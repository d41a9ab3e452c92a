// DirWatcher alone, on real folders: settle() makes every change made before it visible, its own marker folder
// never counts, and a watched folder deleted, moved or replaced is noticed and watched again as the new one.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirWatcher } from '../../src/core/dir-watcher';

/** A temp folder with `data/sub` and a watcher whose markers live in `.markers`, watching `dirs`, settled clean. */
async function watching(
  t: TestContext,
  dirs: (root: string) => string[],
): Promise<{ root: string; w: DirWatcher; settled: () => Promise<boolean> }> {
  const root = mkdtempSync(join(tmpdir(), 'mlops-dirwatch-'));
  mkdirSync(join(root, 'data', 'sub'), { recursive: true });
  const w = new DirWatcher(join(root, '.markers'));
  t.after(() => {
    w.close();
    rmSync(root, { recursive: true, force: true });
  });
  w.watch(dirs(root));
  assert.equal(w.dirty, true, 'folders watched for the first time count as changed');
  const settled = async (): Promise<boolean> => {
    await w.settle();
    return w.dirty;
  };
  await w.settle();
  w.reset();
  assert.equal(await settled(), false, 'nothing changed since reset');
  return { root, w, settled };
}

test('settle sees a change made just before it; the marker folder never counts', async (t) => {
  const { root, w, settled } = await watching(t, (r) => [join(r, 'data'), join(r, 'data', 'sub')]);
  writeFileSync(join(root, 'data', 'sub', 'x.txt'), 'x');
  assert.equal(await settled(), true);
  w.reset();
  writeFileSync(join(root, '.markers', 'daemon.log'), 'a line');
  writeFileSync(join(root, 'outside.txt'), 'not watched');
  assert.equal(await settled(), false);
  // A change after reset and before the next question (during a computation) counts.
  w.reset();
  rmSync(join(root, 'data', 'sub', 'x.txt'));
  assert.equal(await settled(), true);
});

test('a watched folder deleted and made again: dirty until watched again, then the new folder is watched', async (t) => {
  const { root, w, settled } = await watching(t, (r) => [join(r, 'data'), join(r, 'data', 'sub')]);
  const dirs = [join(root, 'data'), join(root, 'data', 'sub')];
  rmSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'data', 'sub'), { recursive: true });
  assert.equal(await settled(), true);
  w.reset();
  assert.equal(await settled(), true, 'a wanted folder without a watch keeps every answer dirty');
  w.watch(dirs);
  await w.settle();
  w.reset();
  assert.equal(await settled(), false);
  writeFileSync(join(root, 'data', 'sub', 'y.txt'), 'y');
  assert.equal(await settled(), true, 'a change in the new folder is seen');
});

test('a folder replaced after its unwatched parent moved away is watched anew by watch()', async (t) => {
  const { root, w, settled } = await watching(t, (r) => [join(r, 'data', 'sub')]);
  renameSync(join(root, 'data'), join(root, 'moved'));
  mkdirSync(join(root, 'data', 'sub'), { recursive: true });
  // No watched folder changed (only its parent moved): why the watch set names parents too, and why watch()
  // checks that each folder is still the one watched.
  await w.settle();
  w.watch([join(root, 'data', 'sub')]);
  assert.equal(w.dirty, true, 'another folder at the same path counts as changed');
  await w.settle();
  w.reset();
  writeFileSync(join(root, 'moved', 'sub', 'old.txt'), 'the old folder');
  assert.equal(await settled(), false, 'the folder that moved away is no longer watched');
  writeFileSync(join(root, 'data', 'sub', 'new.txt'), 'the new folder');
  assert.equal(await settled(), true);
});

test('a folder moved away is noticed through its own event', async (t) => {
  const { root, settled } = await watching(t, (r) => [join(r, 'data', 'sub')]);
  renameSync(join(root, 'data', 'sub'), join(root, 'data', 'gone'));
  assert.equal(await settled(), true);
});

test('a folder that cannot be watched keeps every answer dirty', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-dirwatch-'));
  const w = new DirWatcher(join(root, '.markers'));
  t.after(() => {
    w.close();
    rmSync(root, { recursive: true, force: true });
  });
  w.watch([join(root, 'missing')]);
  await w.settle();
  w.reset();
  await w.settle();
  assert.equal(w.dirty, true);
});
