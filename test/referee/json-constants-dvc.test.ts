// Real DVC is the referee of JSON files holding Python's NaN, Infinity and -Infinity, which json.loads reads and
// json.dumps writes: DVCLive's sklearn roc.json starts with `"threshold": Infinity` (found on
// erykml/pydata_global_2023, where our `plots show --json` called the file corrupted and left the ROC plot empty).
// Plot data, metrics and params files alike; the words inside strings stay strings, and a file that is not JSON
// for another reason is still corrupted. Both outputs are read back by Python's json and printed again (key order
// kept for plots and metrics show, sorted for the diffs, whose order DVC takes from a set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { sameAsDvc } from '../support/dvc-json';
import { dvcRepo, git } from '../support/runner-workspace';

const ROC = `{
    "roc": [
        {
            "fpr": 0.0,
            "tpr": 0.0,
            "threshold": Infinity
        },
        {
            "fpr": 0.5,
            "tpr": 0.75,
            "threshold": 0.625
        },
        {
            "fpr": 1.0,
            "tpr": 1.0,
            "threshold": -Infinity
        }
    ]
}
`;

const FILES: Record<string, string> = {
  'dvc.yaml': `plots:
  - roc.json:
      x: fpr
      y: tpr
  - rows.json:
      x: step
      y: loss
  - broken.json
metrics:
  - m.json
params:
  - p.json
`,
  'roc.json': ROC,
  'rows.json': '[{"step": 0, "loss": NaN, "note": "NaN Infinity"}, {"step": 1, "loss": 0.5, "note": "-Infinity"}]',
  'broken.json': '[{"x": 1, "y": Infinity},]',
  'm.json': '{"auc": NaN, "best": Infinity, "worst": -Infinity, "name": "Infinity", "ok": 0.5}',
  'p.json': '{"lr": 0.5, "clip": Infinity}',
};
const root = dvcRepo(FILES, 'mlops-json-constants-');
git(root, 'tag', 'v1');
writeFileSync(join(root, 'm.json'), '{"auc": 0.5, "best": NaN, "worst": -Infinity, "name": "NaN", "ok": Infinity}');
writeFileSync(join(root, 'p.json'), '{"lr": NaN, "clip": -Infinity}');
writeFileSync(join(root, 'roc.json'), ROC.replace('0.625', 'NaN'));

const same = (args: string[], dvcArgs: string[], sortKeys = false): Promise<string> =>
  sameAsDvc(root, args, dvcArgs, sortKeys);

test('plots show/diff --json: NaN and the infinities in JSON plot data read as DVC reads them', async () => {
  const shown = await same(['plots', 'show', '--json'], ['plots', 'show', '--json', '--split']);
  // The case is what it claims: the rows are there, the strings stay strings, broken.json is still an error.
  for (const spelled of ['"threshold": Infinity', '"threshold": -Infinity', '"loss": NaN', '"note": "-Infinity"'])
    assert.ok(shown.includes(spelled), spelled);
  assert.match(shown, /"source": "broken.json", "type": "JSONFileCorruptedError"/);
  await same(['plots', 'diff', 'v1', '--json'], ['plots', 'diff', 'v1', '--json', '--split']);
  await same(['plots', 'show', 'roc.json', '--json'], ['plots', 'show', 'roc.json', '--json', '--split']);
  // The page draws them (no error but broken.json's).
  const page = await runCli(['plots', 'show'], root);
  assert.equal(page.code, 0, page.stderr);
  assert.doesNotMatch(page.stderr, /roc\.json|rows\.json/);
  assert.match(readFileSync(join(root, 'dvc_plots', 'index.html'), 'utf8'), /roc\.json/);
});

test('metrics show/diff and params diff --json: NaN and the infinities in JSON files as DVC reads them', async () => {
  const shown = await same(['metrics', 'show', '--json', '-a'], ['metrics', 'show', '--json', '-a']);
  assert.ok(shown.includes('"best": NaN, "worst": -Infinity'), shown);
  const diff = await same(
    ['metrics', 'diff', 'v1', '--json', '--all'],
    ['metrics', 'diff', 'v1', '--json', '--all'],
    true,
  );
  assert.ok(diff.includes('"best": {"diff": NaN, "new": NaN, "old": Infinity}'), diff);
  const params = await same(
    ['params', 'diff', 'v1', '--json', '--all'],
    ['params', 'diff', 'v1', '--json', '--all'],
    true,
  );
  assert.ok(params.includes('"clip": {"diff": -Infinity, "new": -Infinity, "old": Infinity}'), params);
});
