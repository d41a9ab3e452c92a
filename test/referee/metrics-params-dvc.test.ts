// Real DVC is the referee of `mlops metrics show|diff` and `mlops params diff`: on a repository with nested,
// YAML and top-level metrics, a whole params.yaml, selected keys of a JSON params file, lists, booleans, whole
// floats and keys that appear or vanish, over the working copy, HEAD and a tag, `--json` parses to what DVC
// prints and `--md` is DVC's table to the byte; also with `--targets` (declared, undeclared, folders, missing
// files, from a subfolder) and `params diff --deps`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

function version(k: number): Record<string, string> {
  return {
    'dvc.yaml': `stages:
  train:
    cmd: echo train
    params:
      - train.lr
      - train.layers
      - config.json:
          - opt.momentum
    metrics:
      - metrics.json:
          cache: false
  evaluate:
    cmd: echo evaluate
    params:
      - evaluate
    metrics:
      - eval/scores.yaml:
          cache: false
metrics:
  - summary.json
params:
  - extra.yaml
`,
    'params.yaml': `train:\n  lr: ${[0.1, 0.01, 0.001][k]}\n  epochs: 3\n  layers: [${k === 2 ? '64, 32' : '64'}]\n  warm: ${k > 0 ? 2.0 : 1.0}\nevaluate:\n  strict: ${k === 1}\n${k === 2 ? 'new_key: 7\n' : ''}`,
    'config.json': JSON.stringify({ opt: { momentum: 0.9 + k / 100, name: 'sgd' }, unrelated: k }),
    'extra.yaml': `seed: ${k === 0 ? 1 : 2}\n`,
    'metrics.json': JSON.stringify({
      acc: 0.8 + k / 20,
      loss: { train: 0.5 - k / 10, test: 0.6 },
      steps: 100 * (k + 1),
      tags: ['x'],
    }),
    'eval/scores.yaml': `auc: ${0.7 + k / 10}\nok: ${k !== 1}\n${k === 0 ? 'old_only: 1\n' : ''}`,
    'summary.json': JSON.stringify({ best: k === 1 ? 3.0 : 2.5, note: k === 0 ? 'first' : 'later' }),
    // Declared nowhere: read only when named with --targets.
    'eval/thresholds.yaml': `cut: ${0.5 + k / 10}\nclasses: [${k === 2 ? 'a, b' : 'a'}]\n`,
  };
}

const root = dvcRepo(version(0), 'mlops-diff-');
git(root, 'tag', 'v1');
for (const [p, t] of Object.entries(version(1))) writeFileSync(join(root, p), t);
git(root, 'commit', '-qam', 'second');
for (const [p, t] of Object.entries(version(2))) writeFileSync(join(root, p), t);

async function ours(args: string[], cwd = root): Promise<string> {
  const r = await runCli(args, cwd);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

for (const kind of ['metrics', 'params'] as const)
  for (const revs of [[], ['v1'], ['v1', 'HEAD']])
    for (const all of [false, true]) {
      const args = [kind, 'diff', ...revs, ...(all ? ['--all'] : [])];
      test(`${args.join(' ')} --json parses to what DVC prints`, async () => {
        const expected = JSON.parse(dvc(root, ...args, '--json')) as object;
        assert.ok(Object.keys(expected).length > 0, 'the case compares something');
        assert.deepEqual(JSON.parse(await ours([...args, '--json'])), expected);
      });
    }

// --targets as DVC takes it (argparse nargs="*": every argument up to the next option, so revisions come first):
// declared and undeclared files read whole (params: every key, not only the tracked ones), a folder standing
// for its files, a file missing at a revision, an empty list meaning every tracked file; params --deps.
for (const args of [
  ['metrics', 'diff', '--targets', 'metrics.json'],
  ['metrics', 'diff', '--targets', 'eval', 'config.json', '--all'],
  ['metrics', 'diff', 'v1', 'HEAD', '--targets', 'summary.json', 'eval/scores.yaml'],
  ['metrics', 'diff', 'v1', '-R', '--targets', 'eval'],
  ['metrics', 'diff', '--targets', 'metrics.json', 'missing.json'],
  ['metrics', 'diff', '--targets', '--all'],
  ['params', 'diff', '--targets', 'config.json'],
  ['params', 'diff', '--targets', 'params.yaml', 'extra.yaml', 'eval', '--all'],
  ['params', 'diff', 'v1', '--targets', 'summary.json'],
  ['params', 'diff', '--targets'],
  ['params', 'diff', '--deps'],
  ['params', 'diff', 'v1', '--deps', '--all'],
])
  test(`${args.join(' ')} --json parses to what DVC prints`, async () => {
    const expected = JSON.parse(dvc(root, ...args, '--json')) as object;
    assert.ok(Object.keys(expected).length > 0, 'the case compares something');
    assert.deepEqual(JSON.parse(await ours([...args, '--json'])), expected);
  });

test('--targets from a subfolder: metrics as DVC (relative to the working folder); params relative to it too', async () => {
  const sub = join(root, 'eval');
  const metricsArgs = ['metrics', 'diff', 'v1', '--targets', 'scores.yaml', '../summary.json', '--json'];
  assert.deepEqual(JSON.parse(await ours(metricsArgs, sub)), JSON.parse(dvc(sub, ...metricsArgs)));
  // DVC 3.67 reads a params target from the repository root whatever the working folder (`thresholds.yaml`
  // from eval/ finds nothing); ours is the file beside the user, as for metrics: what DVC gives for eval/….
  const expected = JSON.parse(dvc(sub, 'params', 'diff', '--targets', 'eval/thresholds.yaml', '--json')) as object;
  assert.ok(Object.keys(expected).length > 0, 'the case compares something');
  assert.deepEqual(JSON.parse(await ours(['params', 'diff', '--targets', 'thresholds.yaml', '--json'], sub)), expected);
});

test('a --targets file missing on both sides is named on stderr and the rest still compared', async () => {
  const r = await runCli(['metrics', 'diff', '--targets', 'missing.json', 'metrics.json', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /in 'HEAD', missing\.json: \[Errno 2\] No such file or directory: 'missing\.json'/);
  assert.ok('metrics.json' in (JSON.parse(r.stdout) as object));
});

/**
 * A table with its rows sorted: DVC lists files in Python set order, which changes from run to run (hash
 * randomisation); keys within a file are sorted, and so are ours. Header, separator and line ends stay as printed.
 */
function rowsSorted(table: string): string[] {
  const lines = table.split('\n');
  const head = lines[0]?.startsWith('|') ? 2 : 1;
  return [...lines.slice(0, head), ...lines.slice(head).sort()];
}

test('metrics diff --md and params diff --md are DVC tables to the byte (rows in any file order)', async () => {
  for (const args of [
    ['metrics', 'diff'],
    ['params', 'diff'],
    ['metrics', 'diff', 'v1', 'HEAD'],
    ['params', 'diff', 'v1', '--all'],
    ['params', 'diff', 'v1', '--targets', 'eval/thresholds.yaml', 'config.json'],
  ]) {
    assert.deepEqual(rowsSorted(await ours([...args, '--md'])), rowsSorted(dvc(root, ...args, '--md')), args.join(' '));
    assert.deepEqual(rowsSorted(await ours(args)), rowsSorted(dvc(root, ...args)), `${args.join(' ')} (plain)`);
  }
});

test('metrics show --json parses to what DVC prints', async () => {
  assert.deepEqual(
    JSON.parse(await ours(['metrics', 'show', '--json'])),
    JSON.parse(dvc(root, 'metrics', 'show', '--json')),
  );
});

test('an unknown revision is named, exit 1', async () => {
  const r = await runCli(['metrics', 'diff', 'no-such-rev', '--json'], root);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown revision 'no-such-rev'/);
});
