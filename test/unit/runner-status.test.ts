import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvcCache } from '../../src/core/runner/dvc-cache';
import { executePlan } from '../../src/core/runner/execute';
import { Hasher } from '../../src/core/runner/hash';
import { lockPathFor, readLock, updateLockStage } from '../../src/core/runner/lock';
import { makePlan } from '../../src/core/runner/plan';
import { pipelinesStatus, type StageStatus } from '../../src/core/runner/status';
import { workspaceOf } from '../../src/core/runner/workspace';
import { makePipeline, type StageSpec } from '../support/runner-stage';

/** The statuses, when DVC would load the pipelines (a refusal fails the test with its reason). */
async function statusOf(...args: Parameters<typeof pipelinesStatus>): Promise<StageStatus[]> {
  const outcome = await pipelinesStatus(...args);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome.stages;
}

/** A workspace with the given files and stages, run once by the runner so dvc.lock is recorded. */
async function recorded(files: Record<string, string>, stages: Record<string, StageSpec>, dvcRepo = false) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-status-'));
  if (dvcRepo) mkdirSync(join(root, '.dvc'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  const ws = workspaceOf(root, [makePipeline(root, stages)]);
  const dvc = DvcCache.find(root);
  const results = await executePlan({
    ws,
    runId: 'test-run',
    runName: 'test-run',
    plan: makePlan(ws.graph, { targets: [] }),
    jobs: 1,
    force: false,
    signal: new AbortController().signal,
    env: () => process.env,
    hasher: new Hasher(),
    dvc,
  });
  assert.deepEqual(
    results.map((r) => r.outcome),
    Object.keys(stages).map(() => 'FINISHED'),
    JSON.stringify(results),
  );
  const status = async (): Promise<Record<string, Pick<StageStatus, 'status' | 'reasons'>>> =>
    Object.fromEntries(
      (await statusOf({ hasher: new Hasher(), dvc }, ws.pipelines)).map((s) => [
        s.name,
        { status: s.status, reasons: s.reasons },
      ]),
    );
  return { root, ws, status };
}

const TRAIN: Record<string, StageSpec> = {
  prepare: { cmd: 'mkdir -p data && cp raw.csv data/train.csv', deps: ['raw.csv'], outs: ['data'] },
  train: {
    cmd: 'cat data/train.csv > model.pkl',
    deps: ['data/train.csv'],
    params: ['train.lr', 'train.epochs'],
    outs: ['model.pkl', { path: 'metrics.json', kind: 'metrics', cache: false }],
  },
};
const FILES = { 'raw.csv': 'a,b\n1,2\n', 'params.yaml': 'train:\n  lr: 0.1\n  epochs: 3\n' };

test('never-run before the first run, up-to-date after it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-status-'));
  writeFileSync(join(root, 'raw.csv'), 'x');
  const ws = workspaceOf(root, [
    makePipeline(root, { prepare: { cmd: 'cp raw.csv out.csv', deps: ['raw.csv'], outs: ['out.csv'] } }),
  ]);
  assert.deepEqual(await statusOf({ hasher: new Hasher() }, ws.pipelines), [
    { name: 'prepare', file: join(root, 'dvc.yaml'), status: 'never-run', reasons: ['never run'], outs: [] },
  ]);
  const { status } = await recorded(FILES, {
    ...TRAIN,
    train: { ...TRAIN.train, cmd: 'cat data/train.csv > model.pkl && echo {} > metrics.json' } as StageSpec,
  });
  assert.deepEqual(await status(), {
    prepare: { status: 'up-to-date', reasons: [] },
    train: { status: 'up-to-date', reasons: [] },
  });
});

test('dep changed, dep missing, out missing, out changed', async () => {
  const stages = {
    ...TRAIN,
    train: { ...TRAIN.train, cmd: 'cat data/train.csv > model.pkl && echo {} > metrics.json' } as StageSpec,
  };
  const { root, status } = await recorded(FILES, stages);
  writeFileSync(join(root, 'raw.csv'), 'a,b\n3,4\n');
  writeFileSync(join(root, 'metrics.json'), '{"acc": 1}');
  rmSync(join(root, 'model.pkl'));
  assert.deepEqual(await status(), {
    prepare: { status: 'changed', reasons: ['dep changed: raw.csv'] },
    train: { status: 'changed', reasons: ['out missing: model.pkl', 'out changed: metrics.json'] },
  });
  rmSync(join(root, 'data'), { recursive: true });
  assert.deepEqual((await status()).train, {
    status: 'changed',
    reasons: ['dep missing: data/train.csv', 'out missing: model.pkl', 'out changed: metrics.json'],
  });
});

test('params: changed value, missing key, equal numbers of another type are unchanged (Python ==)', async () => {
  const stages = {
    ...TRAIN,
    train: { ...TRAIN.train, cmd: 'cat data/train.csv > model.pkl && echo {} > metrics.json' } as StageSpec,
  };
  const { root, status } = await recorded(FILES, stages);
  writeFileSync(join(root, 'params.yaml'), 'train:\n  lr: 0.1\n  epochs: 3.0\n');
  assert.deepEqual((await status()).train, { status: 'up-to-date', reasons: [] });
  writeFileSync(join(root, 'params.yaml'), 'train:\n  lr: 0.01\n');
  assert.deepEqual((await status()).train, {
    status: 'changed',
    reasons: ['params changed: train.lr', 'params missing: train.epochs'],
  });
  rmSync(join(root, 'params.yaml'));
  assert.deepEqual((await status()).train, { status: 'changed', reasons: ['params file missing: params.yaml'] });
});

test('whole-file params: a new top-level key is a change', async () => {
  const { root, status } = await recorded(
    { 'cfg.json': '{"a": 1}' },
    { s: { cmd: 'echo done > out.txt', params: ['cfg.json:'], outs: ['out.txt'] } },
  );
  assert.equal((await status()).s?.status, 'up-to-date');
  writeFileSync(join(root, 'cfg.json'), '{"a": 1, "b": [1, 2]}');
  assert.deepEqual((await status()).s, { status: 'changed', reasons: ['params changed: b'] });
});

test('cmd changed, always_changed and callback stages', async () => {
  const { ws, status } = await recorded(
    {},
    {
      gen: { cmd: 'echo 1 > a.txt', outs: ['a.txt'] },
      ping: { cmd: 'true' },
      always: { cmd: 'echo x > b.txt', outs: ['b.txt'], alwaysChanged: true },
    },
  );
  const before = await status();
  assert.deepEqual(before.ping, { status: 'changed', reasons: ['always_changed'] });
  assert.deepEqual(before.always, { status: 'changed', reasons: ['always_changed'] });
  assert.deepEqual(before.gen, { status: 'up-to-date', reasons: [] });
  const lockFile = lockPathFor(ws.pipelines[0]!.file);
  const lock = readLock(lockFile);
  assert.ok(lock.ok);
  updateLockStage(lockFile, 'gen', { ...lock.lock.stages.gen!, cmd: 'echo 2 > a.txt' });
  assert.deepEqual((await status()).gen, { status: 'changed', reasons: ['cmd changed'] });
});

test('frozen: deps are not checked, outs and cmd are', async () => {
  const { root, status } = await recorded(
    { 'in.txt': 'x' },
    { f: { cmd: 'cp in.txt out.txt', deps: ['in.txt'], outs: ['out.txt'] } },
  );
  const frozen = workspaceOf(root, [
    makePipeline(root, { f: { cmd: 'cp in.txt out.txt', deps: ['in.txt'], outs: ['out.txt'], frozen: true } }),
  ]);
  writeFileSync(join(root, 'in.txt'), 'changed');
  assert.deepEqual((await status()).f, { status: 'changed', reasons: ['dep changed: in.txt'] });
  const frozenStatus = async () => (await statusOf({ hasher: new Hasher() }, frozen.pipelines))[0];
  assert.deepEqual((await frozenStatus())?.reasons, []);
  assert.equal((await frozenStatus())?.status, 'frozen');
  rmSync(join(root, 'out.txt'));
  assert.deepEqual((await frozenStatus())?.reasons, ['out missing: out.txt']);
  const edited = workspaceOf(root, [
    makePipeline(root, { f: { cmd: 'cp in.txt out2.txt', deps: ['in.txt'], outs: ['out.txt'], frozen: true } }),
  ]);
  assert.deepEqual((await statusOf({ hasher: new Hasher() }, edited.pipelines))[0]?.reasons, [
    'out missing: out.txt',
    'cmd changed',
  ]);
});

test('in a DVC repository a cached out missing from .dvc/cache is "not in cache"; uncached outs are not checked', async () => {
  const { root, status } = await recorded(
    { 'in.txt': 'x' },
    {
      s: {
        cmd: 'cp in.txt model.pkl && echo 1 > m.json',
        deps: ['in.txt'],
        outs: ['model.pkl', { path: 'm.json', kind: 'metrics', cache: false }],
      },
    },
    true,
  );
  assert.equal((await status()).s?.status, 'up-to-date');
  const cache = DvcCache.find(root)!;
  assert.equal(cache.repoRoot, root);
  rmSync(join(root, '.dvc', 'cache'), { recursive: true });
  assert.deepEqual((await status()).s, { status: 'changed', reasons: ['out not in cache: model.pkl'] });
});

test('a stage that fails while the stages after it are still being started fails the status, and no failure goes unhandled', async () => {
  // The second stage's folder takes some ms to list: the status then lets the event loop turn before the third.
  const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`d2/${i}.txt`, `${i}`]));
  const { root, status } = await recorded(
    { 'd1/a.txt': 'a', ...many, 'd3/c.txt': 'c' },
    {
      one: { cmd: 'echo 1 > o1', deps: ['d1'], outs: ['o1'] },
      two: { cmd: 'echo 2 > o2', deps: ['d2'], outs: ['o2'] },
      three: { cmd: 'echo 3 > o3', deps: ['d3'], outs: ['o3'] },
    },
  );
  // The first stage's folder cannot be hashed (DVC stops on a dangling link too); the others start after it.
  symlinkSync(join(root, 'nowhere'), join(root, 'd1/dangling'));
  const unhandled: unknown[] = [];
  const note = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', note);
  try {
    await assert.rejects(status(), /dangling: a symbolic link whose target does not exist/);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', note);
  }
  assert.deepEqual(unhandled, []);
});
