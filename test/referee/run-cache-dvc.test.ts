// DVC's run cache, shared both ways with DVC 3 (pinned): our runs write the very entries `dvc repro` writes
// (same key folders, same value files), a stage whose inputs match an earlier run of either tool gets its outputs
// from the cache instead of running, outputs deleted since dvc.lock are checked out as `dvc repro` does,
// `--no-run-cache` and `--force` run the command, and stages DVC leaves out of the run cache (a persistent
// output, an uncached plain output) are left out by us too. After each, `dvc status` is clean.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, dvcStatus, exampleRepo } from '../support/runner-workspace';
import { venvEnv } from '../support/python';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const root = exampleRepo();
  dirs.push(root);
  return root;
}

/** Every file under the run cache, relative to it (`<k[:2]>/<key>/<value>`). */
function runCacheFiles(root: string): string[] {
  const base = join(root, '.dvc/cache/runs');
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(base, p));
    }
  };
  walk(base);
  return out.sort();
}

async function mlopsRun(root: string, ...args: string[]) {
  const r = await runCli(['run', ...args], root, venvEnv() as Record<string, string>);
  assert.equal(r.code, 0, r.stderr);
  return r.stderr;
}

const md5 = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');
const setLr = (root: string, lr: string) =>
  writeFileSync(
    join(root, 'params.yaml'),
    readFileSync(join(root, 'params.yaml'), 'utf8').replace(/lr: [0-9.e-]+/, `lr: ${lr}`),
  );

test('our runs keep the same run-cache entries as dvc repro: same keys, same values', async () => {
  const root = repo();
  await mlopsRun(root);
  const ours = runCacheFiles(root);
  assert.equal(ours.length, 3, 'one entry per stage of the example');
  const theirs = repo();
  dvc(theirs, 'repro', '-q');
  assert.deepEqual(runCacheFiles(theirs), ours, 'DVC keys and values the same stages of the same inputs alike');
  dvc(root, 'repro', '-f', '-q');
  assert.deepEqual(runCacheFiles(root), ours, 'dvc repro -f finds our entries as its own and adds none');
});

test('params changed and changed back: the stages come from the run cache, not run, and equal the first run', async () => {
  const root = repo();
  await mlopsRun(root);
  const first = md5(join(root, 'model.json'));
  setLr(root, '0.2');
  await mlopsRun(root);
  assert.notEqual(md5(join(root, 'model.json')), first);
  setLr(root, '0.1');
  const log = await mlopsRun(root);
  assert.match(log, /Stage 'train' is cached - skipping run, checking out outputs \(from the run cache\)/);
  assert.doesNotMatch(log, /> python3 src\/train\.py/, 'the command did not run');
  assert.equal(md5(join(root, 'model.json')), first);
  assert.deepEqual(dvcStatus(root), {});
});

test("DVC's entries serve our run, ours serve dvc repro", async () => {
  const root = repo();
  dvc(root, 'repro', '-q');
  setLr(root, '0.3');
  dvc(root, 'repro', '-q'); // DVC writes the entries for lr 0.3
  setLr(root, '0.1');
  dvc(root, 'repro', '-q');
  setLr(root, '0.3');
  const log = await mlopsRun(root);
  assert.match(log, /Stage 'train' is cached/, "DVC's entry restored by us");
  assert.deepEqual(dvcStatus(root), {});

  setLr(root, '0.05');
  await mlopsRun(root); // ours for lr 0.05
  setLr(root, '0.1');
  await mlopsRun(root);
  setLr(root, '0.05');
  const theirs = dvc(root, 'repro');
  assert.match(theirs, /Stage 'train' is cached - skipping run/, 'our entry restored by DVC');
  assert.deepEqual(dvcStatus(root), {});
});

test('an output deleted since dvc.lock is checked out from the cache, as dvc repro does, even with --no-run-cache', async () => {
  const root = repo();
  await mlopsRun(root);
  const model = md5(join(root, 'model.json'));
  rmSync(join(root, 'model.json'));
  const log = await mlopsRun(root, '--no-run-cache');
  assert.match(log, /Stage 'train' is cached - skipping run, checking out outputs \(from the dvc\.lock\)/);
  assert.equal(md5(join(root, 'model.json')), model);
  assert.deepEqual(dvcStatus(root), {});
  rmSync(join(root, 'model.json'));
  assert.match(dvc(root, 'repro'), /Stage 'train' is cached - skipping run/, 'DVC decides the same');
});

test('--no-run-cache and --force run the command', async () => {
  const root = repo();
  await mlopsRun(root);
  setLr(root, '0.2');
  await mlopsRun(root);
  setLr(root, '0.1');
  assert.match(await mlopsRun(root, '--no-run-cache'), /> python3 src\/train\.py/);
  assert.match(await mlopsRun(root, '--force'), /> python3 src\/train\.py/);
  assert.deepEqual(dvcStatus(root), {});
});

test('stages DVC keeps out of the run cache are kept out by us: persistent and uncached plain outputs', async () => {
  const files = {
    'in.txt': '{"a": 1}\n',
    'dvc.yaml': [
      'stages:',
      '  persistent:',
      '    cmd: cp in.txt p.txt',
      '    deps: [in.txt]',
      '    outs:',
      '      - p.txt:',
      '          persist: true',
      '  uncached:',
      '    cmd: cp in.txt u.txt',
      '    deps: [in.txt]',
      '    outs:',
      '      - u.txt:',
      '          cache: false',
      '  metric:',
      '    cmd: cp in.txt m.json && cp in.txt c.txt',
      '    deps: [in.txt]',
      '    outs: [c.txt]',
      '    metrics:',
      '      - m.json:',
      '          cache: false',
      '',
    ].join('\n'),
  };
  const ours = dvcRepo(files);
  const theirs = dvcRepo(files);
  dirs.push(ours, theirs);
  await mlopsRun(ours);
  dvc(theirs, 'repro', '-q');
  assert.equal(runCacheFiles(ours).length, 1, 'only the stage with a cached output and an uncached metric');
  assert.deepEqual(runCacheFiles(ours), runCacheFiles(theirs));
  // The uncached metric went into the cache too, so the entry can restore it.
  rmSync(join(ours, 'm.json'));
  rmSync(join(ours, 'c.txt'));
  assert.match(await mlopsRun(ours), /Stage 'metric' is cached/);
  assert.equal(readFileSync(join(ours, 'm.json'), 'utf8'), '{"a": 1}\n');
  assert.deepEqual(dvcStatus(ours), {});
});
