// Reusing DVC's state database against real DVC: after `dvc repro`, hashing the pipeline's files reads no file
// content (DVC already hashed them, and their inode, mtime and size still match what it recorded); a file changed
// after DVC hashed it is read again and gets its new hash; and reading the database while `dvc status` writes to
// it never yields a wrong hash. A first status boots its hash workers ahead only when no one knows a file's hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DvcState, hasDvcState, stateDbPath } from '../../src/core/runner/dvc-state';
import { expectsToHashAll, Hasher } from '../../src/core/runner/hash';
import { HashCache } from '../../src/core/runner/hash-cache';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo } from '../support/runner-workspace';

const FILES = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [`data/part-${i}.csv`, `row,${i}\n`.repeat(50 + i)]),
);

function repo(): string {
  return dvcRepo(
    {
      ...FILES,
      'raw.bin': 'x'.repeat(100_000),
      'dvc.yaml':
        'stages:\n  use:\n    cmd: cat raw.bin data/part-0.csv > out.txt\n    deps: [raw.bin, data]\n    outs: [out.txt]\n',
    },
    'mlops-dvc-state-',
  );
}

const md5 = (p: string) => createHash('md5').update(readFileSync(p)).digest('hex');

test('after dvc repro, the hashes come from DVC without reading a file, unless a file changed since', async () => {
  const root = repo();
  dvc(root, 'repro', '-q');
  const lock = readFileSync(join(root, 'dvc.lock'), 'utf8');
  const hasher = new Hasher(undefined, root);
  const data = await hasher.hashPath(join(root, 'data'));
  const raw = await hasher.hashPath(join(root, 'raw.bin'));
  assert.equal(hasher.stats.filesRead, 0, 'every file was known to DVC');
  assert.ok(data && lock.includes(data.md5) && raw && lock.includes(raw.md5), 'the hashes are the lock’s');

  // Same size, new content, new mtime: DVC's record no longer vouches for it.
  writeFileSync(join(root, 'data/part-3.csv'), 'ROW,3\n'.repeat(53));
  writeFileSync(join(root, 'raw.bin'), 'y'.repeat(100_000));
  const again = new Hasher(undefined, root);
  const changed = await again.hashPath(join(root, 'raw.bin'));
  const dir = await again.hashPath(join(root, 'data'));
  assert.equal(again.stats.filesRead, 2, 'exactly the two changed files were read');
  assert.equal(changed?.md5, md5(join(root, 'raw.bin')));
  assert.notEqual(dir?.md5, data?.md5);
  assert.equal(DvcState.load(root).md5(join(root, 'raw.bin'), 'md5'), undefined);
  assert.equal(DvcState.load(root).md5(join(root, 'data/part-4.csv'), 'md5'), md5(join(root, 'data/part-4.csv')));
});

test('reading the state while dvc writes it never gives a wrong hash', async () => {
  const root = repo();
  dvc(root, 'repro', '-q');
  for (let i = 0; i < 40; i++) writeFileSync(join(root, `data/part-${i}.csv`), `new,${i}\n`.repeat(60 + i));
  const writer = spawn(join(venvBin(), 'dvc'), ['status'], { cwd: root, env: venvEnv(), stdio: 'ignore' });
  const exited = new Promise((resolve) => writer.on('exit', resolve));
  let reads = 0;
  let known = 0;
  while (writer.exitCode === null && reads < 2000) {
    const state = DvcState.load(root);
    for (const rel of Object.keys(FILES)) {
      const got = state.md5(join(root, rel), 'md5');
      if (got !== undefined) {
        known++;
        assert.equal(got, md5(join(root, rel)), `${rel} while dvc status ran`);
      }
    }
    reads++;
    await new Promise((r) => setImmediate(r));
  }
  await exited;
  const after = DvcState.load(root);
  for (const rel of Object.keys(FILES)) assert.equal(after.md5(join(root, rel), 'md5'), md5(join(root, rel)));
  assert.ok(reads > 0, `read ${reads} times during dvc status (${known} hashes taken)`);
});

test('a first status expects to read every byte only when neither our hash cache nor DVC knows a file', () => {
  const root = repo();
  dvc(root, 'repro', '-q');
  const noCache = () => HashCache.load(join(root, '.no-cache'));
  const db = stateDbPath(root);
  assert.ok(db && hasDvcState(root), 'dvc repro left a state database');
  assert.equal(expectsToHashAll(noCache(), root), false, 'DVC knows the files: no workers booted ahead');
  rmSync(db);
  assert.equal(expectsToHashAll(noCache(), root), true, 'nothing knows the files');
  // `dvc status` hashes every dep and out again, and records them.
  dvc(root, 'status', '-q');
  assert.equal(expectsToHashAll(noCache(), root), false, 'dvc status wrote its state again');
  rmSync(db);
  const ours = HashCache.load(join(root, '.our-cache'));
  ours.setPath(join(root, 'raw.bin'), ['signature', md5(join(root, 'raw.bin'))]);
  ours.save();
  assert.equal(expectsToHashAll(HashCache.load(join(root, '.our-cache')), root), false, 'our cache knows a path');
});
