// Real DVC is the referee of `mlops plots show|diff --json`: on a repository with every template, a custom
// template, multi-file and multi-field `y` maps, per-file `x`, inferred axes, a plots folder, a nested
// dvc.yaml, images and two broken definitions, over the working copy, HEAD and a tag, every plot id, its
// order, revisions and `anchor_definitions` (rows under <DVC_METRIC_DATA> included) equal DVC's, and the
// errors name the same plots, revisions and exception types; with no revision given, the revisions compared
// (HEAD only when tracked files changed, nothing before the first commit) are DVC's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli';
import { plotsRepo } from '../support/plots-repo';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

interface PlotsJson {
  errors?: { name?: string; rev: string; source?: string; type: string; msg: string }[];
  data?: Record<
    string,
    { type: string; revisions: string[]; content?: unknown; anchor_definitions?: unknown; url?: string }[]
  >;
}

/** DVC's JSON without the vega-lite `content` (we draw our own charts, see docs/cli.md). */
function dvcJson(root: string, args: string[]): PlotsJson {
  const json = JSON.parse(dvc(root, 'plots', ...args, '--json', '--split')) as PlotsJson;
  for (const renderers of Object.values(json.data ?? {})) for (const r of renderers) delete r.content;
  return json;
}

async function ours(root: string, args: string[]): Promise<PlotsJson> {
  const r = await runCli(['plots', ...args, '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as PlotsJson;
}

function assertSame(actual: PlotsJson, expected: PlotsJson, what: string): void {
  assert.deepEqual(
    Object.keys(actual.data ?? {}),
    Object.keys(expected.data ?? {}),
    `${what}: plot ids and their order`,
  );
  for (const id of Object.keys(expected.data ?? {}))
    assert.deepEqual(actual.data?.[id], expected.data?.[id], `${what}: ${id}`);
  assert.deepEqual(actual.errors, expected.errors, `${what}: errors`);
}

const repo = plotsRepo();

test('plots show: every plot of the working copy as dvc plots show --json --split gives it', async () => {
  const expected = dvcJson(repo.root, ['show']);
  // The repository really exercises what it claims to.
  assert.ok(Object.keys(expected.data ?? {}).length >= 20);
  assert.equal(expected.data?.['plots/hostile.svg']?.[0]?.type, 'image');
  assertSame(await ours(repo.root, ['show']), expected, 'show');
});

test('plots show TARGET: ids selected by a regular expression matched at their start', async () => {
  for (const target of ['plots/dir', 'train', 'plots/images', 'plots/no.*such']) {
    assertSame(await ours(repo.root, ['show', target]), dvcJson(repo.root, ['show', target]), `show ${target}`);
  }
});

test('plots diff: the changed working copy against HEAD', async () => {
  const expected = dvcJson(repo.root, ['diff']);
  assert.deepEqual(expected.data?.['plots/loss.csv']?.[0]?.revisions, ['workspace', 'HEAD']);
  assertSame(await ours(repo.root, ['diff']), expected, 'diff');
});

test('plots diff REV REV: a tag against HEAD, and a tag against the working copy', async () => {
  assertSame(await ours(repo.root, ['diff', 'v1', 'HEAD']), dvcJson(repo.root, ['diff', 'v1', 'HEAD']), 'diff v1 HEAD');
  assertSame(await ours(repo.root, ['diff', 'v1']), dvcJson(repo.root, ['diff', 'v1']), 'diff v1');
});

test('plots diff with no revision: a clean working copy alone; before the first commit, nothing', async () => {
  const clean = dvcRepo({ 'dvc.yaml': 'plots:\n  - loss.csv:\n      y: loss\n', 'loss.csv': 'loss\n1\n0.5\n' });
  const expected = dvcJson(clean, ['diff']);
  assert.deepEqual(expected.data?.['loss.csv']?.[0]?.revisions, ['workspace']);
  assertSame(await ours(clean, ['diff']), expected, 'diff, clean');
  writeFileSync(join(clean, 'loss.csv'), 'loss\n1\n0.25\n');
  assertSame(await ours(clean, ['diff']), dvcJson(clean, ['diff']), 'diff, changed');
  rmSync(join(clean, '.git'), { recursive: true });
  git(clean, 'init', '-q');
  assertSame(await ours(clean, ['diff']), dvcJson(clean, ['diff']), 'diff, no commit');
});

test('plots diff --targets A B: every argument up to the next option is a target, as DVC takes them', async () => {
  const args = ['diff', 'v1', '--targets', 'plots/dir', 'train'];
  const expected = dvcJson(repo.root, args);
  assert.ok(Object.keys(expected.data ?? {}).some((id) => id.startsWith('plots/dir')));
  assert.ok(Object.keys(expected.data ?? {}).some((id) => id.startsWith('train')));
  assertSame(await ours(repo.root, args), expected, args.join(' '));
});
