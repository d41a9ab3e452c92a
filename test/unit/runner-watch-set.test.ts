// The folders the status daemon watches: everything a status reads lives in one of them, with the folders
// above it, and a file read through a symbolic link makes the set incomplete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DvcCache } from '../../src/core/runner/dvc-cache';
import { watchSet } from '../../src/core/runner/watch-set';
import { loadWorkspace } from '../../src/core/runner/workspace';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-watchset-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

function setOf(root: string): { dirs: string[]; complete: boolean } {
  const visited: string[] = [];
  const ws = loadWorkspace(root, visited);
  const set = watchSet(ws, visited, DvcCache.find(root));
  return { dirs: set.dirs.map((d) => (d === root ? '.' : d.slice(root.length + 1))), complete: set.complete };
}

const PIPELINE = `stages:
  s:
    cmd: cat .cache/raw/in/a.txt conf/p.yaml > out/o.txt
    deps: [.cache/raw, missing/deeper/file.txt]
    params: [{conf/p.yaml: [x]}]
    outs: [out/o.txt]
`;

test('tracked folders in skipped places come with their subfolders and parents; missing paths with their nearest folder', (t) => {
  const root = workspace({ 'dvc.yaml': PIPELINE, '.cache/raw/in/a.txt': 'a', 'conf/p.yaml': 'x: 1\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { dirs, complete } = setOf(root);
  assert.equal(complete, true);
  // Discovery skips .cache: the tracked tree and its parent are added; `missing/…` is watched from the root.
  for (const d of ['.', '.cache', '.cache/raw', '.cache/raw/in', 'conf'])
    assert.ok(dirs.includes(d), `${d} in ${dirs.join(', ')}`);
  assert.ok(!dirs.some((d) => d.startsWith('missing')));
});

test("DVC's .dvc folder and its cache (its nearest existing folder while the cache does not exist)", (t) => {
  const root = workspace({
    'dvc.yaml': PIPELINE,
    '.dvc/config': '',
    '.cache/raw/in/a.txt': 'a',
    'conf/p.yaml': 'x: 1\n',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.ok(setOf(root).dirs.includes('.dvc'));
  mkdirSync(join(root, '.dvc/cache/files'), { recursive: true });
  assert.ok(setOf(root).dirs.includes('.dvc/cache/files'), 'where files/md5 will appear');
  mkdirSync(join(root, '.dvc/cache/files/md5/ab'), { recursive: true });
  for (const d of ['.dvc', '.dvc/cache', '.dvc/cache/files', '.dvc/cache/files/md5', '.dvc/cache/files/md5/ab'])
    assert.ok(setOf(root).dirs.includes(d), d);
});

test('a params file or a dep file that is a symbolic link makes the set incomplete', (t) => {
  const root = workspace({ 'dvc.yaml': PIPELINE, '.cache/raw/in/a.txt': 'a', 'real.yaml': 'x: 1\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'conf'));
  symlinkSync(join(root, 'real.yaml'), join(root, 'conf/p.yaml'));
  assert.equal(setOf(root).complete, false);
  rmSync(join(root, 'conf/p.yaml'));
  writeFileSync(join(root, 'conf/p.yaml'), 'x: 1\n');
  assert.equal(setOf(root).complete, true);
  symlinkSync(join(root, 'real.yaml'), join(root, '.cache/raw/in/link.yaml'));
  assert.equal(setOf(root).complete, false);
});
