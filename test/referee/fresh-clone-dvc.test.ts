// Real DVC is the referee of what a fresh clone shows before `dvc pull` (no DVC cache, outputs absent), as on
// public repositories such as iterative/example-get-started-experiments, whose plots and metrics live inside a
// DVC-tracked output folder: `plots show|diff --json` fail a revision whole with DataIndexDirError when a plot
// path lies under a folder output whose listing no cache holds (no data key for it; the other revisions still
// plot), a folder output named itself gives no plot and no error, a cached file output or a stage never run
// reads "No storage files available", a path with no known data extension is a PlotMetricTypeError found or
// not, and a missing TARGET is a plot of its own while nothing else is defined; `metrics show` reports the
// error per file and keeps the working copy beside an equal branch when either has an error. With the cache
// copied in (outputs still absent), every revision reads from it, the working copy included, as DVC does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

/** The stage's program, version `k`: a folder output with a plots folder, a file and metrics, and a plot file. */
const WRITE = (k: number): string => `import os
os.makedirs("res/plots", exist_ok=True)
open("res/plots/loss.csv", "w").write("step,loss\\n0,${k}\\n1,0.5\\n")
open("res/top.csv", "w").write("a,b\\n${k},2\\n")
open("res/metrics.json", "w").write('{"acc": 0.${k}}')
open("file.csv", "w").write("s,v\\n1,${k}\\n")
`;

const PIPELINE = `stages:
  train:
    cmd: python3 write.py
    deps:
      - write.py
    outs:
      - res
    plots:
      - file.csv
  never_run:
    cmd: exit 1
    outs:
      - later
    plots:
      - later.csv
plots:
  - res/plots:
      x: step
  - other.csv
  - missingdir
metrics:
  - res/metrics.json
`;

/** The origin: two versions run by real DVC (tag v1, then HEAD), so both dvc.lock files name cached folders. */
const origin = dvcRepo(
  { 'dvc.yaml': PIPELINE, 'write.py': WRITE(1), 'other.csv': 'x,y\n1,2\n' },
  'mlops-fresh-origin-',
);
git(origin, 'branch', '-M', 'main');
dvc(origin, 'repro', '-q', 'train');
git(origin, 'add', '-A');
git(origin, 'commit', '-qm', 'v1');
git(origin, 'tag', 'v1');
writeFileSync(join(origin, 'write.py'), WRITE(2));
writeFileSync(join(origin, 'other.csv'), 'x,y\n1,3\n');
dvc(origin, 'repro', '-q', 'train');
git(origin, 'add', '-A');
git(origin, 'commit', '-qm', 'v2');

/** A new clone: DVC keeps what it learnt of a repository by its path, so each case gets its own. */
function freshClone(withCache: boolean): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlops-fresh-clone-')), 'repo');
  git(origin, 'clone', '-q', origin, dir);
  if (withCache) cpSync(join(origin, '.dvc', 'cache'), join(dir, '.dvc', 'cache'), { recursive: true });
  return dir;
}

interface PlotsJson {
  errors?: unknown[];
  data?: Record<string, { content?: unknown }[]>;
}

function dvcPlots(root: string, args: string[]): PlotsJson {
  const json = JSON.parse(dvc(root, 'plots', ...args, '--json', '--split')) as PlotsJson;
  // The vega-lite template is DVC's (docs/cli.md: not written by ours).
  for (const renderers of Object.values(json.data ?? {})) for (const r of renderers) delete r.content;
  return json;
}

async function ours(root: string, args: string[]): Promise<unknown> {
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function assertPlotsSame(root: string, args: string[]): Promise<PlotsJson> {
  const expected = dvcPlots(root, args);
  const actual = (await ours(root, ['plots', ...args, '--json'])) as PlotsJson;
  // Key order matters for plot ids (DVC's order is the page's order); errors in DVC's order too.
  assert.deepEqual(Object.keys(actual.data ?? {}), Object.keys(expected.data ?? {}), `${args.join(' ')}: ids`);
  assert.deepEqual(actual, expected, `plots ${args.join(' ')}`);
  return expected;
}

test('a fresh clone: plots show/diff as dvc gives them, revisions under an unlisted folder failing whole', async () => {
  const clone = freshClone(false);
  const show = await assertPlotsSame(clone, ['show']);
  // The case really is the one of public repositories: one error for the working copy, no data key at all.
  assert.deepEqual(show, {
    errors: [{ rev: 'workspace', type: 'DataIndexDirError', msg: "failed to load directory ('res',)" }],
  });
  await assertPlotsSame(clone, ['diff', 'v1', 'HEAD']);
  await assertPlotsSame(clone, ['diff', 'v1']);
});

test('a fresh clone without the folder plot: cached outputs unread, unknown types, the folder output itself', async () => {
  const clone = freshClone(false);
  const pipeline = PIPELINE.replace('  - res/plots:\n      x: step\n', '  - res\n');
  writeFileSync(join(clone, 'dvc.yaml'), pipeline);
  const show = await assertPlotsSame(clone, ['show']);
  const types = (show.errors as { type: string; msg: string }[]).map((e) => `${e.type}: ${e.msg}`);
  assert.ok(types.includes("FileNotFoundError: [Errno 2] No storage files available: 'file.csv'"), types.join('\n'));
  assert.ok(
    types.some((t) => t.startsWith("PlotMetricTypeError: 'missingdir' - file type error")),
    types.join('\n'),
  );
  await assertPlotsSame(clone, ['diff', 'HEAD']);
  // Nothing defined at all: a missing TARGET is read (and fails) as a plot of its own; after one, only existing ones.
  writeFileSync(join(clone, 'dvc.yaml'), 'stages:\n  s:\n    cmd: echo\n');
  await assertPlotsSame(clone, ['show', 'nothing.csv', 'other.csv', 'absent.csv']);
  await assertPlotsSame(clone, ['show', 'missingdir']);
});

test('a fresh clone: metrics show per file errors and the working copy kept beside its branch', async () => {
  const clone = freshClone(false);
  for (const args of [['show'], ['show', '-a'], ['show', '-T'], ['diff', 'v1']]) {
    const expected = JSON.parse(dvc(clone, 'metrics', ...args, '--json')) as unknown;
    assert.deepEqual(await ours(clone, ['metrics', ...args, '--json']), expected, `metrics ${args.join(' ')}`);
  }
  const shown = (await ours(clone, ['metrics', 'show', '-a', '--json'])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(shown), ['workspace', 'main'], 'the working copy is not hidden behind an error');
});

test('a clone with the cache but no outputs: every revision reads from the cache, the working copy too', async () => {
  const clone = freshClone(true);
  const diff = await assertPlotsSame(clone, ['diff', 'v1']);
  assert.ok(diff.data?.['res/plots/loss.csv'], 'the folder plot is listed from its cached .dir');
  await assertPlotsSame(clone, ['diff', 'v1', 'HEAD']);
  for (const args of [['show'], ['diff', 'v1']]) {
    const expected = JSON.parse(dvc(clone, 'metrics', ...args, '--json')) as unknown;
    assert.deepEqual(await ours(clone, ['metrics', ...args, '--json']), expected, `metrics ${args.join(' ')}`);
  }
});
