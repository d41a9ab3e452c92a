// Real DVC is the referee of how metrics files are read when their content or name is unusual: DVC picks the
// reader by the name's suffix from its first dot (`scores.ml-1m.json` is read as YAML, as lenskit's
// lk-demo-experiment names its files), a file holding one value (not a dict) is that value, and a revision where
// a merge left conflict markers in a JSON file reads it as a YAML string. `metrics show --json -A` (revision
// order included), `metrics show -A`, `metrics diff --json` both ways and `--md` are compared with DVC's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

// Compact JSON, as lenskit's files are: without ": " the conflicted text is one plain YAML scalar. With spaces it is
// a YAML error, as the last revision's broken.json is.
const GOOD = '{"als":{"NDCG":0.25,"RBP":0.5},"bias":{"NDCG":0.125}}';
const CONFLICT = `<<<<<<< HEAD\n${GOOD}\n=======\n{"als":{"NDCG":0.2}}\n>>>>>>> theirs (add als)\n`;

const root = dvcRepo(
  {
    'dvc.yaml': 'metrics:\n  - scores.ml-1m.json\n  - one.json\n  - plain.json\n  - broken.v2.json\n',
    'broken.v2.json': '{"a": 1}',
    'scores.ml-1m.json': CONFLICT,
    'one.json': '0.5',
    'plain.json': '{"a": 1}',
  },
  'mlops-metrics-loaders-',
);
git(root, 'branch', '-M', 'main');
writeFileSync(join(root, 'scores.ml-1m.json'), GOOD);
writeFileSync(join(root, 'one.json'), '0.75');
git(root, 'commit', '-qam', 'resolved');
// The working copy: JSON and YAML read this differently (json.loads: a float NaN; YAML: the string "NaN").
writeFileSync(join(root, 'scores.ml-1m.json'), '{"als": {"NDCG": NaN, "RBP": 0.5}, "bias": {"NDCG": 0.125}}');
writeFileSync(join(root, 'one.json'), '"high"');
writeFileSync(join(root, 'broken.v2.json'), '<<<<<<< HEAD\n{"a": 1}\n=======\n{"a": 2}\n>>>>>>> theirs\n');

async function ours(args: string[]): Promise<string> {
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** DVC's message names the file relative to where the repository sits (`'../../x.json'` from /tmp/repo); ours names
 * it from the repository, and says where and why. The type is DVC's. */
function sameButMessage(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) => (k === 'msg' ? '(message)' : v));
}

test('metrics show: a multi-dot .json read as YAML, one-value files, conflict markers; JSON and table as DVC', async () => {
  const expected = JSON.parse(dvc(root, 'metrics', 'show', '--json', '-A')) as Record<string, unknown>;
  const json = JSON.parse(await ours(['metrics', 'show', '--json', '-A'])) as Record<string, unknown>;
  assert.deepEqual(sameButMessage(json), sameButMessage(expected));
  assert.deepEqual(Object.keys(json), Object.keys(expected));
  // The case is what it claims: the old revision's file is read as a string, the working copy's NaN as text.
  const text = JSON.stringify(expected);
  assert.match(text, /"data":"<<<<<<< HEAD \{/);
  assert.match(text, /"NDCG":"NaN"/);
  assert.match(text, /"broken.v2.json":\{"error":\{"type":"YAMLFileCorruptedError"/);
  assert.equal(await ours(['metrics', 'show', '-A']), dvc(root, 'metrics', 'show', '-A'));
});

test('metrics diff: "unable to parse" against a file of one value, one value against another under ""', async () => {
  for (const revs of [['HEAD~1'], ['HEAD', 'HEAD~1'], ['HEAD~1', 'HEAD']]) {
    const expected = JSON.parse(dvc(root, 'metrics', 'diff', '--json', ...revs)) as Record<string, unknown>;
    assert.ok(Object.keys(expected).length > 0, revs.join(' '));
    assert.deepEqual(JSON.parse(await ours(['metrics', 'diff', '--json', ...revs])), expected, revs.join(' '));
    const md = (t: string): string[] => t.split('\n').sort();
    assert.deepEqual(
      md(await ours(['metrics', 'diff', '--md', ...revs])),
      md(dvc(root, 'metrics', 'diff', '--md', ...revs)),
    );
  }
  const old = JSON.parse(dvc(root, 'metrics', 'diff', '--json', 'HEAD~1')) as Record<string, Record<string, unknown>>;
  assert.deepEqual(old['scores.ml-1m.json']?.['bias.NDCG'], { old: 'unable to parse', new: 0.125 });
  assert.deepEqual(old['one.json']?.[''], { old: 0.5, new: 'high' });
});
