// Real DVC is the referee of our experiments, both ways: an experiment `mlops exp run` makes is listed by
// `dvc exp show --json` with the same params and metrics and restored by `dvc exp apply` (then `dvc status`
// is clean); one `dvc exp run` makes is listed by `mlops exp list --json` with the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcStatus, exampleRepo, git } from '../support/runner-workspace';

interface Listed {
  name: string;
  ref: string;
  baseline: string;
  status: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  run: string | null;
  source: string;
}

async function ourList(root: string): Promise<Listed[]> {
  const r = await runCli(['exp', 'list', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { experiments: Listed[] }).experiments;
}

interface DvcRev {
  name: string | null;
  rev: string;
  data: {
    params: Record<string, { data: Record<string, unknown> }>;
    metrics: Record<string, { data: Record<string, unknown> }>;
  };
}

/** `dvc exp show --json` flattened to its experiments, by name. */
function dvcExperiments(root: string): Map<string, DvcRev> {
  const shown = JSON.parse(dvc(root, 'exp', 'show', '--json')) as { experiments: { revs: DvcRev[] }[] | null }[];
  const out = new Map<string, DvcRev>();
  for (const baseline of shown)
    for (const e of baseline.experiments ?? []) for (const r of e.revs) out.set(r.name ?? r.rev, r);
  return out;
}

function flatten(v: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = v;
  return out;
}

test('ours in dvc exp show with equal params and metrics; dvc exp apply restores it and dvc status is clean', async () => {
  const root = exampleRepo();
  const head = git(root, 'rev-parse', 'HEAD').trim();
  const r = await runCli(['exp', 'run', '-S', 'train.lr=0.05', '-S', 'train.epochs=40', '-n', 'ours', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const made = JSON.parse(r.stdout) as { name: string; ref: string; baseline: string; commit: string; run: string };
  assert.equal(made.name, 'ours');
  assert.equal(made.ref, `refs/exps/${head.slice(0, 2)}/${head.slice(2)}/ours`);
  assert.equal(git(root, 'rev-parse', `${made.commit}^`).trim(), head, 'the baseline is the parent');
  assert.equal(git(root, 'rev-parse', 'HEAD').trim(), head, 'HEAD does not move');
  assert.equal(git(root, 'diff', '--cached', '--name-only'), '', 'the index is untouched');

  const theirs = dvcExperiments(root).get('ours');
  assert.ok(theirs, 'dvc exp show lists it');
  const listed = (await ourList(root)).find((e) => e.name === 'ours');
  assert.ok(listed);
  assert.equal(listed.source, 'mlops');
  assert.equal(listed.run, made.run);
  assert.equal(listed.params['train.lr'], '0.05');
  assert.equal(listed.params['train.epochs'], '40');
  const dvcParams = flatten(theirs.data.params['params.yaml']?.data);
  assert.deepEqual(Object.fromEntries(Object.entries(dvcParams).map(([k, v]) => [k, String(v)])), listed.params);
  assert.deepEqual(flatten(theirs.data.metrics['metrics.json']?.data), listed.metrics);

  // Back to the baseline with no outputs, then DVC applies ours.
  git(root, 'checkout', '--', 'params.yaml');
  for (const p of ['data', 'model.json', 'metrics.json', 'plots', 'dvc.lock'])
    rmSync(join(root, p), { recursive: true, force: true });
  dvc(root, 'exp', 'apply', 'ours');
  assert.match(readFileSync(join(root, 'params.yaml'), 'utf8'), /lr: 0\.05/);
  assert.deepEqual(dvcStatus(root), {});
});

test('theirs in mlops exp list with the values dvc exp show gives', async () => {
  const root = exampleRepo();
  dvc(root, 'exp', 'run', '-S', 'train.lr=0.2', '-n', 'theirs');
  const listed = (await ourList(root)).find((e) => e.name === 'theirs');
  assert.ok(listed, 'mlops exp list lists it');
  assert.equal(listed.source, 'dvc');
  assert.equal(listed.run, null);
  const shown = dvcExperiments(root).get('theirs') as DvcRev;
  assert.deepEqual(flatten(shown.data.metrics['metrics.json']?.data), listed.metrics);
  assert.equal(listed.params['train.lr'], '0.2');
  assert.equal(listed.ref, git(root, 'for-each-ref', '--format=%(refname)', 'refs/exps/*/*/theirs').trim());
});

test('bad -S values and names are refused before anything runs, naming the token', async () => {
  const root = exampleRepo();
  const range = await runCli(['exp', 'run', '-S', 'train.lr=range(1,)'], root);
  assert.equal(range.code, 2);
  assert.match(range.stderr, /train\.lr=range\(1,\)/);
  assert.match(range.stderr, /expected a value before '\)'/);
  const unknown = await runCli(['exp', 'run', '-S', 'train.lrr=0.1'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown param 'train\.lrr' in 'params\.yaml' \(did you mean 'train\.lr'\?\)/);
  const badName = await runCli(['exp', 'run', '-n', 'a b'], root);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /invalid experiment name 'a b'/);
  assert.equal(git(root, 'status', '--porcelain'), '', 'nothing was written');
  assert.equal(git(root, 'for-each-ref', 'refs/exps'), '');
});

test('--temp leaves the working copy alone; mlops exp apply of ours and theirs leaves dvc status clean; branch, reproduce, remove', async () => {
  const root = exampleRepo();
  const temp = await runCli(['exp', 'run', '--temp', '-S', 'train.lr=0.3', '-n', 'tmp', '--json'], root);
  assert.equal(temp.code, 0, temp.stderr);
  assert.equal(git(root, 'status', '--porcelain'), '', 'nothing written to the working copy');
  dvc(root, 'exp', 'run', '-S', 'train.lr=0.2', '-n', 'theirs');
  git(root, 'checkout', '--', 'params.yaml');
  for (const p of ['data', 'model.json', 'metrics.json', 'plots', 'dvc.lock'])
    rmSync(join(root, p), { recursive: true, force: true });

  for (const [name, lr] of [
    ['tmp', '0.3'],
    ['theirs', '0.2'],
  ] as const) {
    const applied = await runCli(['exp', 'apply', name], root);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(readFileSync(join(root, 'params.yaml'), 'utf8'), new RegExp(`lr: ${lr}\\n`));
    assert.deepEqual(dvcStatus(root), {}, `after applying ${name}`);
  }

  const branch = await runCli(['exp', 'branch', 'tmp', 'from-tmp'], root);
  assert.equal(branch.code, 0, branch.stderr);
  const made = JSON.parse(temp.stdout) as { commit: string };
  assert.equal(git(root, 'rev-parse', 'from-tmp').trim(), made.commit);

  const again = await runCli(['exp', 'reproduce', 'tmp', '--json'], root);
  assert.equal(again.code, 0, again.stderr);
  const diff = JSON.parse(again.stdout) as { reproduced: string; metrics: Record<string, { diff: number | null }> };
  assert.ok(Object.keys(diff.metrics).length > 0);
  for (const [k, m] of Object.entries(diff.metrics)) assert.equal(m.diff, 0, `${k} reproduces exactly`);

  const removed = await runCli(['exp', 'remove', 'tmp', diff.reproduced], root);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(
    (await ourList(root)).map((e) => e.name),
    ['theirs'],
  );
  const missing = await runCli(['exp', 'apply', 'nope'], root);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no experiment named 'nope'/);
});
