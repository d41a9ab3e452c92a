// An experiment's isolated workspace on a repository with data tracked by real `dvc add`: the data is linked
// from DVC's cache (the same inode, no copy), the workspace's hash cache (in memory) already knows each file's
// md5, so the run there reads none of it, and the folder's hash it takes without a walk is the one DVC
// recorded; linking over files already in place replaces them; disposing of it takes it away at once and a
// detached process deletes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { prepareIsolated } from '../../src/core/executors/isolated-workspace';
import { checkoutOutputs } from '../../src/core/runner/checkout';
import { DvcCache } from '../../src/core/runner/dvc-cache';
import { Hasher } from '../../src/core/runner/hash';
import { HashCache } from '../../src/core/runner/hash-cache';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

test('data is linked from the cache and its hashes are known in the new workspace', async () => {
  const root = dvcRepo({});
  mkdirSync(join(root, 'data', 'sub'), { recursive: true });
  const files = ['data/a.txt', 'data/sub/b.txt', 'data/sub/c.txt'];
  files.forEach((f, i) => writeFileSync(join(root, f), `file ${i}\n`.repeat(100)));
  dvc(root, 'add', 'data');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'data');
  const head = git(root, 'rev-parse', 'HEAD').trim();
  const iso = await prepareIsolated({ gitRoot: root, dvcRoot: root, snapshot: head, id: 'hashes' });
  try {
    const ws = loadWorkspace(iso.root);
    const placed = iso.linkOutputs(ws);
    assert.ok(placed);
    const cache = DvcCache.find(root) as DvcCache;
    for (const f of files) {
      const abs = join(iso.root, f);
      const md5 = createHash('md5').update(readFileSync(abs)).digest('hex');
      assert.equal(statSync(abs).ino, statSync(cache.objectPath(md5)).ino, `${f} is a link to its cache object`);
      assert.equal(iso.hashes.get(abs, statSync(abs)), md5, `${f}'s md5 is known without reading it`);
    }
    // What the run takes as placed without a walk is what hashing the folder gives, and what DVC recorded.
    const data = join(iso.root, 'data');
    const hashed = await new Hasher(HashCache.inMemory()).hashPath(data);
    assert.deepEqual(placed.hashes.get(data), hashed);
    assert.equal(hashed?.md5, /md5: (\S+)/.exec(readFileSync(join(root, 'data.dvc'), 'utf8'))?.[1]);
    // The hash the workspace's cache was taught (its folder under its signature, each file under its stat) is
    // taken with nothing read; a file replaced after the checkout is seen, and only it is read.
    const taught = new Hasher(iso.hashes);
    assert.deepEqual(await taught.hashPath(data), hashed);
    assert.equal(taught.stats.filesRead, 0);
    rmSync(join(data, 'sub/c.txt'));
    writeFileSync(join(data, 'sub/c.txt'), 'changed\n');
    const afterChange = new Hasher(iso.hashes);
    assert.deepEqual(await afterChange.hashPath(data), await new Hasher(HashCache.inMemory()).hashPath(data));
    assert.notEqual((await afterChange.hashPath(data))?.md5, hashed?.md5);
    assert.equal(afterChange.stats.filesRead, 1);
    // Nothing of it is written into the workspace: it is gone when the experiment ends.
    assert.ok(!existsSync(join(iso.root, '.mlops', 'cache')));
    // Again over the same files (a link exists at each place): replaced, still links. A file the listing does not
    // hold stays in the folder: its hash is not taught as the recorded one.
    writeFileSync(join(data, 'extra.txt'), 'not in the listing\n');
    const relearned = HashCache.inMemory();
    assert.equal(checkoutOutputs(ws, cache, 'link', relearned).hashes.size, 1);
    assert.equal(readFileSync(join(iso.root, 'data/sub/b.txt'), 'utf8'), 'file 1\n'.repeat(100));
    assert.deepEqual(
      await new Hasher(relearned).hashPath(data),
      await new Hasher(HashCache.inMemory()).hashPath(data),
      'with the extra file',
    );
    assert.notEqual((await new Hasher(relearned).hashPath(data))?.md5, hashed?.md5);
  } finally {
    iso.dispose();
  }
  assert.ok(!existsSync(iso.dir), 'the workspace is gone at once (renamed aside)');
  // …and deleted by a detached process soon after.
  const parent = dirname(iso.dir);
  const deadline = Date.now() + 30_000;
  while (readdirSync(parent).some((n) => n.startsWith('trash-'))) {
    assert.ok(Date.now() < deadline, 'the renamed workspace was not deleted within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
});
