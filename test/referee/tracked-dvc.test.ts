// Data tracked with `dvc add`: the state the editor shows on each tracked path (the outputs of each `.dvc` file's
// stage, core/runner/tracked-data.ts, through the one workspace status) against what real DVC 3's `dvc status --json` says of the same `.dvc` files — a file
// edited, a file deleted, a folder with a file added, an object removed from the cache, and paths left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { workspaceStatus } from '../../src/core/runner/workspace-status';
import { venvBin, venvEnv } from '../support/python';
import { dvcRepo } from '../support/runner-workspace';

const dvc = (cwd: string, ...args: string[]): string =>
  execFileSync(join(venvBin(), 'dvc'), args, { cwd, env: venvEnv(), encoding: 'utf8', timeout: 120_000 });

test('each tracked path is in the state dvc status gives it (modified, deleted, not in cache, or nothing)', async () => {
  const root = dvcRepo({}, 'mlops-tracked-');
  // Written after the repository's first commit: DVC refuses to add what git already tracks.
  const files: Record<string, string> = {
    'data/train.csv': 'a,b\n1,2\n',
    'data/test.csv': 'a,b\n3,4\n',
    'images/one.txt': 'one\n',
    'images/two.txt': 'two\n',
    'gone.txt': 'soon deleted\n',
    'uncached.txt': 'its object will be removed\n',
    'kept/model.bin': 'weights\n',
    'kept/album/cover.txt': 'cover\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  try {
    for (const p of ['data/train.csv', 'data/test.csv', 'images', 'gone.txt', 'uncached.txt', 'kept/model.bin'])
      dvc(root, 'add', '-q', p);
    dvc(root, 'add', '-q', 'kept/album');
    appendFileSync(join(root, 'data/train.csv'), '5,6\n');
    writeFileSync(join(root, 'images/three.txt'), 'three\n');
    rmSync(join(root, 'gone.txt'));
    const md5 = /md5: ([0-9a-f]{32})/.exec(readFileSync(join(root, 'uncached.txt.dvc'), 'utf8'))?.[1] as string;
    rmSync(join(root, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2)));
    mkdirSync(join(root, 'untracked'));

    const theirs: Record<string, string> = {};
    const report = JSON.parse(dvc(root, 'status', '--json')) as Record<
      string,
      { 'changed outs'?: Record<string, string> }[]
    >;
    for (const [file, changes] of Object.entries(report))
      for (const c of changes)
        for (const [p, state] of Object.entries(c['changed outs'] ?? {})) theirs[`${file}:${p}`] = state;

    const status = await workspaceStatus(loadWorkspace(root));
    assert.ok(status.ok, status.ok ? '' : status.reason);
    const ours: Record<string, string> = {};
    for (const t of status.tracked)
      if (t.state !== 'up-to-date')
        ours[`${t.dvcFile.slice(root.length + 1)}:${t.abs.slice(root.length + 1)}`] = t.state;
    assert.deepEqual(ours, theirs);
    assert.deepEqual(Object.keys(theirs).sort(), [
      'data/train.csv.dvc:data/train.csv',
      'gone.txt.dvc:gone.txt',
      'images.dvc:images',
      'uncached.txt.dvc:uncached.txt',
    ]);
    // Every output of every .dvc file is listed, the settled ones too (the Explorer marks those as up to date).
    assert.equal(status.tracked.length, 7);
    assert.deepEqual(
      status.tracked
        .filter((t) => t.state === 'up-to-date')
        .map((t) => t.path)
        .sort(),
      ['album', 'model.bin', 'test.csv'],
    );
    // One decision: each `.dvc` file's stage is changed exactly when one of its tracked outputs is marked, and its
    // reasons name those outputs in `dvc status`'s words, from the root as DVC names them.
    const { stages, tracked } = status;
    for (const s of stages.filter((x) => x.file.endsWith('.dvc'))) {
      const marked = tracked.filter((t) => t.dvcFile === s.file && t.state !== 'up-to-date');
      assert.equal(s.status, marked.length > 0 ? 'changed' : 'up-to-date', s.file);
      const word = { modified: 'changed', deleted: 'missing', 'not in cache': 'not in cache' } as const;
      assert.deepEqual(
        s.reasons,
        marked.map((t) => `out ${word[t.state as keyof typeof word]}: ${relative(root, t.abs).split(sep).join('/')}`),
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
