// The editor's status after a file event re-verifies only the deps and outs the event touched
// (core/runner/verified-hashes.ts through FolderModels): real files changed on disk, the real runner and status.
// A change with its event is always seen; one without an event is not (that is the contract, and proves reuse),
// except where events cannot be trusted: a folder holding a symbolic link, a path the watcher does not cover, a
// host without a watcher, a burst of events, an entry older than a minute.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PathHash } from '../../src/core/runner/hash';
import { runPipelines } from '../../src/core/runner/run';
import { VerifiedHashes } from '../../src/core/runner/verified-hashes';
import { FolderModels } from '../../src/extension/workspace/folder-models';

const PIPELINE = `stages:
  train:
    cmd: cat input.txt data/a.txt > out.txt
    deps: [data, input.txt]
    outs: [out.txt]
`;

async function project(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'mlops-verified-'));
  for (const [rel, text] of Object.entries({ 'dvc.yaml': PIPELINE, ...files })) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  const outcome = await runPipelines({ root });
  assert.ok(outcome.ok && outcome.report.status === 'FINISHED', 'the stage ran');
  return root;
}

/** A DVC repository (`.dvc/`), so that `.dvcignore` applies as DVC applies it. */
const FILES = { '.dvc/config': '', 'input.txt': 'in\n', 'data/a.txt': 'a\n', 'data/sub/b.txt': 'b\n' };

async function reasons(models: FolderModels, root: string): Promise<string[]> {
  await models.computeStatus(root, () => undefined);
  const status = models.status(root);
  assert.ok(status?.ok, 'a status');
  return status.byId.get('train')?.reasons ?? [];
}

test('after an event, the touched dep is verified again; without one, the last verification stands', async () => {
  const root = await project(FILES);
  try {
    const models = new FolderModels(
      () => [root],
      undefined,
      () => true,
    );
    assert.deepEqual(await reasons(models, root), []);

    writeFileSync(join(root, 'data/sub/b.txt'), 'b changed\n');
    assert.deepEqual(await reasons(models, root), [], 'no event yet: the folder is not listed again');
    models.fileEvent(join(root, 'data/sub/b.txt'));
    assert.deepEqual(await reasons(models, root), ['dep changed: data']);

    writeFileSync(join(root, 'data/sub/b.txt'), 'b\n');
    models.fileEvent(join(root, 'data/sub/b.txt'));
    assert.deepEqual(await reasons(models, root), [], 'back as recorded');

    writeFileSync(join(root, 'input.txt'), 'other\n');
    models.fileEvent(join(root, 'input.txt'));
    rmSync(join(root, 'out.txt'));
    models.fileEvent(join(root, 'out.txt'));
    assert.deepEqual(await reasons(models, root), ['dep changed: input.txt', 'out missing: out.txt']);

    // An event on a folder above (moved away, replaced) covers everything under it.
    writeFileSync(join(root, 'input.txt'), 'in\n');
    writeFileSync(join(root, 'out.txt'), 'in\na\n');
    writeFileSync(join(root, 'data/a.txt'), 'A\n');
    models.fileEvent(join(root, 'input.txt'));
    models.fileEvent(join(root, 'out.txt'));
    assert.deepEqual(await reasons(models, root), [], 'data/a.txt changed without its event');
    models.fileEvent(join(root, 'data'));
    assert.deepEqual(await reasons(models, root), ['dep changed: data']);

    // A .dvcignore can change what any folder holds: every hash is verified again.
    writeFileSync(join(root, 'data/a.txt'), 'a\n');
    models.fileEvent(join(root, 'data/a.txt'));
    assert.deepEqual(await reasons(models, root), []);
    writeFileSync(join(root, '.dvcignore'), 'sub\n');
    models.fileEvent(join(root, '.dvcignore'));
    assert.deepEqual(await reasons(models, root), ['dep changed: data'], 'data/sub is ignored now');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('where events cannot be trusted, every pass verifies the files', async () => {
  // A folder holding a symbolic link: its target changes without an event under the folder.
  const linked = await project({ ...FILES, 'elsewhere/b.txt': 'b\n' });
  // A host without a watcher, and one whose watcher does not cover the data folder.
  const plain = await project(FILES);
  const excluded = await project(FILES);
  try {
    rmSync(join(linked, 'data/sub/b.txt'));
    symlinkSync(join(linked, 'elsewhere/b.txt'), join(linked, 'data/sub/b.txt'));
    const withLink = new FolderModels(
      () => [linked],
      undefined,
      () => true,
    );
    assert.deepEqual(await reasons(withLink, linked), [], 'a link to the same bytes hashes the same');
    writeFileSync(join(linked, 'elsewhere/b.txt'), 'b changed\n');
    assert.deepEqual(await reasons(withLink, linked), ['dep changed: data']);

    const noWatcher = new FolderModels(() => [plain]);
    const notCovered = new FolderModels(
      () => [excluded],
      undefined,
      (abs) => !abs.startsWith(join(excluded, 'data')),
    );
    for (const [models, root] of [
      [noWatcher, plain],
      [notCovered, excluded],
    ] as const) {
      assert.deepEqual(await reasons(models, root), []);
      writeFileSync(join(root, 'data/a.txt'), 'A\n');
      assert.deepEqual(await reasons(models, root), ['dep changed: data'], root);
    }
  } finally {
    for (const root of [linked, plain, excluded]) rmSync(root, { recursive: true, force: true });
  }
});

const HASH: PathHash = { kind: 'file', md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 0, isexec: false };

test('VerifiedHashes: what drops an entry', () => {
  let now = 0;
  const memo = new VerifiedHashes(
    () => true,
    () => now,
  );
  const store = (abs: string): void => {
    const pass = memo.beginPass();
    pass.remember(abs, abs, HASH);
    pass.end();
  };
  const has = (abs: string): boolean => {
    const pass = memo.beginPass();
    const found = pass.get(abs) !== undefined;
    pass.end();
    return found;
  };
  store('/w/data');
  store('/w/in.txt');
  memo.changed('/w/data/x/y.bin');
  assert.equal(has('/w/data'), false, 'a file inside');
  assert.equal(has('/w/in.txt'), true, 'another path keeps its entry');
  memo.changed('/w/in.txt.bak');
  assert.equal(has('/w/in.txt'), true, 'a name that only starts the same is another path');
  memo.changed('/w');
  assert.equal(has('/w/in.txt'), false, 'a folder above');

  // An event during a pass: that pass stores nothing it touches.
  const pass = memo.beginPass();
  memo.changed('/w/in.txt');
  pass.remember('/w/in.txt', '/w/in.txt', HASH);
  pass.remember('/w/other.txt', '/w/other.txt', HASH);
  pass.end();
  assert.equal(has('/w/in.txt'), false);
  assert.equal(has('/w/other.txt'), true);

  // A burst of events between two passes (some may have been lost): everything goes.
  for (let i = 0; i < 1001; i++) memo.changed(`/elsewhere/${i}`);
  assert.equal(has('/w/other.txt'), false);

  // Trusted for a minute at most.
  store('/w/in.txt');
  now += 59_000;
  assert.equal(has('/w/in.txt'), true);
  now += 2_000;
  assert.equal(has('/w/in.txt'), false);
});

test('a data change reads the pipelines again; only a folder appearing or going walks the workspace again', async () => {
  const root = await project({ ...FILES, 'vars.yaml': 'greeting: hello\n', 'outside/extra/dvc.yaml': '' });
  try {
    writeFileSync(join(root, 'outside/extra/dvc.yaml'), 'stages:\n  extra:\n    cmd: echo extra\n');
    writeFileSync(join(root, 'dvc.yaml'), `vars: [vars.yaml]\n${PIPELINE}  greet:\n    cmd: echo \${greeting}\n`);
    const models = new FolderModels(
      () => [root],
      undefined,
      () => true,
    );
    const cmdOf = (): string | undefined => models.pipelines(root).nodes.get('greet')?.stage.cmd[0]?.value;
    assert.equal(cmdOf(), 'echo hello');

    // A vars file is not a pipeline file by its name: read again with the data.
    writeFileSync(join(root, 'vars.yaml'), 'greeting: bonjour\n');
    models.dataChanged(root, join(root, 'vars.yaml'));
    assert.equal(cmdOf(), 'echo bonjour');

    // A folder moved in with its dvc.yaml: one event, for the folder.
    renameSync(join(root, 'outside/extra'), join(root, 'extra'));
    models.dataChanged(root, join(root, 'extra'));
    assert.ok(models.pipelines(root).nodes.has('extra/dvc.yaml:extra'), 'found by walking again');

    // Moved away again: the event is for a path that is gone and held a known pipeline file.
    renameSync(join(root, 'extra'), join(root, 'outside/extra'));
    models.dataChanged(root, join(root, 'extra'));
    assert.equal(models.pipelines(root).nodes.has('extra/dvc.yaml:extra'), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
