// Real DVC is the referee of a revision whose params.yaml beside a dvc.yaml cannot be DVC's default variables:
// DVCLive writes dvclive/dvc.yaml and dvclive/params.yaml side by side (as iterative/dvclive-exp-tracking keeps
// them in git), and DVC's resolver loads that params.yaml whenever it loads the dvc.yaml, `${}` or not. A merge's
// conflict markers or a repeated key in it (YAMLFileCorruptedError), or a list instead of a mapping (ResolveError),
// fail the whole revision for `plots show|diff`, `metrics show|diff` and `params diff`, as DVC fails it; an empty
// params.yaml is no error. Both outputs are read back by Python's json and printed again (sorted keys for the
// diffs, whose order DVC takes from a set); error messages are compared too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameAsDvc } from '../support/dvc-json';
import { dvcRepo, git } from '../support/runner-workspace';

const root = dvcRepo(
  {
    'dvclive/dvc.yaml': 'params:\n- params.yaml\nmetrics:\n- metrics.json\nplots:\n- plots/metrics:\n    x: step\n',
    'dvclive/params.yaml': 'encoder_size: 64\nlr: 0.001\n',
    'dvclive/metrics.json': '{"train": {"loss": 0.25}, "step": 2}',
    'dvclive/plots/metrics/train/loss.tsv': 'step\tloss\n1\t0.5\n2\t0.25\n',
    'other/dvc.yaml': 'plots:\n- curve.csv\n',
    'other/curve.csv': 'x,y\n1,2\n',
    'other/params.yaml': '',
  },
  'mlops-default-params-',
);
git(root, 'tag', 'v1');
// A merge left its conflict markers in DVCLive's params.yaml.
writeFileSync(
  join(root, 'dvclive/params.yaml'),
  '<<<<<<< HEAD\nencoder_size: 64\n=======\nencoder_size: 128\n>>>>>>> exp\nlr: 0.001\n',
);
git(root, 'commit', '-qam', 'conflicted');
git(root, 'tag', 'v2');
// A repeated key, then a list.
writeFileSync(join(root, 'dvclive/params.yaml'), 'encoder_size: 64\nlr: 0.001\nlr: 0.01\n');
git(root, 'commit', '-qam', 'repeated');
mkdirSync(join(root, 'list'));
writeFileSync(join(root, 'list/dvc.yaml'), 'metrics:\n- m.json\n');
writeFileSync(join(root, 'list/params.yaml'), '- 1\n- 2\n');
writeFileSync(join(root, 'dvclive/params.yaml'), 'encoder_size: 32\nlr: 0.001\n');

const same = (args: string[], dvcArgs: string[], sortKeys = false): Promise<string> =>
  sameAsDvc(root, args, dvcArgs, sortKeys);

test('plots show/diff: a revision whose default params.yaml DVC cannot load fails whole, as in DVC', async () => {
  const shown = await same(['plots', 'show', '--json'], ['plots', 'show', '--json', '--split']);
  assert.match(
    shown,
    /"type": "ResolveError", "msg": "failed to parse 'vars' in 'list\/dvc.yaml': expected a dictionary, got 'list'/,
  );
  const diff = await same(
    ['plots', 'diff', 'v1', 'v2', 'HEAD', '--json'],
    ['plots', 'diff', 'v1', 'v2', 'HEAD', '--json', '--split'],
  );
  // The case is what it claims: v1 plots, v2 and HEAD fail whole.
  assert.match(
    diff,
    /"rev": "v2", "type": "YAMLFileCorruptedError", "msg": "unable to read: 'dvclive\/params.yaml', YAML file structure is corrupted"/,
  );
  assert.match(diff, /"rev": "HEAD", "type": "YAMLFileCorruptedError"/);
  assert.match(diff, /"revisions": \["v1"\]/);
});

test('metrics show/diff and params diff: such a revision is an error, or empty, as in DVC', async () => {
  const shown = await same(['metrics', 'show', '--json', '-A'], ['metrics', 'show', '--json', '-A']);
  assert.match(shown, /"error": \{"type": "YAMLFileCorruptedError"/);
  for (const revs of [['v1', 'v2'], ['v1'], ['HEAD']]) {
    await same(['metrics', 'diff', ...revs, '--json', '--all'], ['metrics', 'diff', ...revs, '--json', '--all'], true);
    await same(['params', 'diff', ...revs, '--json', '--all'], ['params', 'diff', ...revs, '--json', '--all'], true);
  }
});
