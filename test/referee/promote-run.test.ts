// Retrain → Promote's last step on real parts: a run's model output registered as the next version of the model
// dvc.yaml declares, and the prod stage moved to it, in a real git repository; the real `gto show` agrees.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../src/core/fs';
import { GtoRegistry } from '../../src/core/registry/gto';
import { registerAndPromote } from '../../src/core/registry/promote-run';
import { RegistryError } from '../../src/core/registry/types';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import type { Run } from '../../src/core/tracking/types';
import { venvEnv } from '../support/python';

let env: NodeJS.ProcessEnv;
before(() => {
  env = venvEnv();
});

const git = (repo: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', env, timeout: 30_000 }).trim();

function newRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'mlops-promote-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  writeFileSync(join(repo, '.gitignore'), '.mlops/\n');
  writeFileSync(
    join(repo, 'dvc.yaml'),
    'stages:\n  train:\n    cmd: python train.py\n    outs:\n      - model.json\nartifacts:\n  clf:\n    path: model.json\n    type: model\n',
  );
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'pipeline');
  return repo;
}

async function finishedRun(repo: string, outputs: { path: string; md5: string }[]): Promise<Run> {
  const store = openLocalStore(workspaceStoreDir(repo));
  const exp = (await store.getExperimentByName('Default')) ?? (await store.createExperiment('Default'));
  const run = await store.createRun({
    experimentId: exp.id,
    name: `retrain-${outputs.length}`,
    git: { commit: git(repo, 'rev-parse', 'HEAD'), branch: 'main', dirty: false },
  });
  await store.recordOutputs(run.id, outputs);
  await store.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
  return (await store.getRun(run.id))!;
}

/** Each version's stages as the real `gto show --json` reads the tags. */
function gtoStages(repo: string): [string, string[]][] {
  const shown = JSON.parse(
    execFileSync('gto', ['show', 'clf', '--json'], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 }),
  ) as { version: string; stages?: { stage: string }[] }[];
  return shown.map((v) => [v.version, (v.stages ?? []).map((s) => s.stage)]);
}

test('registers the next version from the run and moves prod to it; gto agrees', async () => {
  const repo = newRepo();
  const registry = new GtoRegistry(repo);
  const first = await registerAndPromote(
    registry,
    await finishedRun(repo, [{ path: 'model.json', md5: 'a'.repeat(32) }]),
    repo,
    nodeFileSystem,
    'prod',
  );
  assert.deepEqual(first, { model: 'clf', version: 'v1.0.0', stage: 'prod' });
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'retrained');
  const second = await registerAndPromote(
    registry,
    await finishedRun(repo, [{ path: 'model.json', md5: 'b'.repeat(32) }]),
    repo,
    nodeFileSystem,
    'prod',
  );
  assert.equal(second.version, 'v1.0.1');
  const expected = [
    ['v1.0.1', ['prod']],
    ['v1.0.0', []],
  ];
  assert.deepEqual(gtoStages(repo), expected);
  assert.deepEqual(
    (await registry.getModel('clf'))?.versions.map((v) => [v.version, v.stages]),
    expected,
  );
});

test('a run without the declared model output is refused with what dvc.yaml declares', async () => {
  const repo = newRepo();
  await assert.rejects(
    registerAndPromote(
      new GtoRegistry(repo),
      await finishedRun(repo, [{ path: 'other.bin', md5: 'c'.repeat(32) }]),
      repo,
      nodeFileSystem,
      'prod',
    ),
    (err: unknown) => err instanceof RegistryError && /clf \(model\.json\)/.test(err.message),
  );
});
