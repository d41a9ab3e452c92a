// Real DVC is the referee of tabs in YAML it loads with ruamel's safe loader, which separates tokens by spaces
// alone: ericdasse28/credit-default-prediction declares DVCLive's plots folder as a metrics output, so DVC reads its
// .tsv files as YAML and refuses them for their tabs (YAMLFileCorruptedError), where we had read each as a string.
// Also a params file with `key:<tab>value`, a trailing tab, YAML plot data with a tab, and the tabs DVC accepts
// (quoted, in comments, in block scalars, between a flow list's items). Messages are ours (they say where and why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { refusedTab } from '../../src/core/pipeline/yaml-tabs';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const root = dvcRepo(
  {
    'dvc.yaml': `stages:
  evaluate:
    cmd: python evaluate.py
    params:
    - lr
    - fine.yaml:
    metrics:
    - dvclive/metrics.json:
        cache: false
    - dvclive/plots/metrics/:
        cache: false
plots:
- rows.yaml:
    x: a
    y: b
- fine-rows.yaml:
    x: a
    y: b
`,
    'dvclive/metrics.json': '{"test": {"accuracy": 0.75}}',
    'dvclive/plots/metrics/test/accuracy.tsv': 'step\taccuracy\n0\t0.75\n',
    'params.yaml': 'lr: 0.1\nepochs: 3\n',
    'fine.yaml': 'a: "x\ty" # a\tcomment\nb: |\n  one\ttwo\nc: [1,\t2]\n',
    'rows.yaml': 'rows:\n- {a: 1, b: 2}\n- a: 2\n  b:\t3\n',
    'fine-rows.yaml': 'rows:\n- {a: 1,\tb: 2}\n- {a: 2, b: 3} # x\ty\n',
  },
  'mlops-yaml-tabs-',
);
git(root, 'tag', 'v1');
writeFileSync(join(root, 'params.yaml'), 'lr:\t0.2\nepochs: 3\t\n');

async function ours(args: string[]): Promise<unknown> {
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  return sameButMessage(JSON.parse(r.stdout));
}

/** DVC's message names the file by a path relative to where the repository sits; ours says where and why. */
function sameButMessage(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) => (k === 'msg' ? '(message)' : v));
}

test('metrics show and params diff: a tab DVC refuses makes the file YAMLFileCorruptedError, as in DVC', async () => {
  const expected = JSON.parse(dvc(root, 'metrics', 'show', '--json', '-A')) as unknown;
  assert.match(
    JSON.stringify(expected),
    /"dvclive\/plots\/metrics\/test\/accuracy.tsv":\{"error":\{"type":"YAMLFileCorruptedError"/,
  );
  assert.deepEqual(await ours(['metrics', 'show', '--json', '-A']), sameButMessage(expected));
  for (const revs of [['v1'], ['v1', 'HEAD']]) {
    const params = JSON.parse(dvc(root, 'params', 'diff', ...revs, '--json', '--all')) as unknown;
    assert.deepEqual(
      await ours(['params', 'diff', ...revs, '--json', '--all']),
      sameButMessage(params),
      revs.join(' '),
    );
  }
  // The tabs DVC accepts: fine.yaml is read, in both revisions.
  // (DVC's key order is a set's: one pattern per key.)
  const fine = dvc(root, 'params', 'diff', 'v1', '--json', '--all');
  for (const kept of [/"a": \{"old": "x\\ty"/, /"b": \{"old": "one\\ttwo\\n"/, /"c": \{"old": "\[1, 2\]"/])
    assert.match(fine, kept);
});

test('plots diff: YAML plot data with a tab DVC refuses is an error, the tabs it accepts are not', async () => {
  // v1's params.yaml loads; the working copy's, DVC's default variables, fails that revision whole.
  const expected = JSON.parse(dvc(root, 'plots', 'diff', 'v1', '--json', '--split')) as {
    data: Record<string, { content?: unknown }[]>;
    errors?: unknown[];
  };
  for (const renderers of Object.values(expected.data)) for (const r of renderers) delete r.content;
  assert.match(JSON.stringify(expected.errors), /"rev":"v1","source":"rows.yaml","type":"YAMLFileCorruptedError"/);
  assert.match(JSON.stringify(expected.errors), /\{"rev":"workspace","type":"YAMLFileCorruptedError"/);
  assert.equal(expected.data['fine-rows.yaml']?.length, 1);
  assert.deepEqual(await ours(['plots', 'diff', 'v1', '--json']), sameButMessage(expected));
});

/** Texts with a tab in every place that matters: token starts, plain and quoted scalars, comments, block scalars. */
const CASES: string[] = [
  'a: b\tc\n',
  'a: "b\tc"\n',
  "a: 'b\tc'\n",
  'a: 1 # c\tc\n',
  'a: 1\t\n',
  'a: 1\t# c\n',
  '\ta: 1\n',
  'a:\n\t- 1\n',
  'a: [1,\t2]\n',
  'a: {b:\t1}\n',
  'a:\t\n  b: 1\n',
  'a: |\n  x\ty\n',
  'a\t: 1\n',
  '- a\tb\n',
  '-\ta\n',
  'a: b\t\n',
  'a: x y\tz\n',
  'a: 1\n\t\nb: 2\n',
  'a: "x"\t\n',
  'a: "x\n\ty"\n',
  'a: |\n\tx\n',
  'a: >\n  x\n\t\n  y\n',
  'a: |\n  x\n b\tc: 1\n',
  '# c\td\na: 1\n',
  '\t\n',
  'a: b # x\n\tc: 1\n',
  'k: [\n\t1, 2]\n',
  'step\tROC_AUC\n0\t0.94\n',
  "a: it's\tx\n",
  "a: 'it''s\tx'\n",
  'a: "q\\"\tx"\n',
  '- |\n  x\t\n- b\n',
  'a:\n  - |-\n    x\ty\n  - c\n',
  'a: 1\nb: 2\n',
  "k: 'multi\n  line\twith tab'\n",
];

test("refusedTab finds a tab exactly where ruamel's safe loader refuses the text", () => {
  const code = `import json,sys
from ruamel.yaml import YAML
y=YAML(typ="safe")
out=[]
for t in json.loads(sys.stdin.read()):
    try:
        y.load(t); out.append(False)
    except Exception:
        out.append(True)
print(json.dumps(out))`;
  const refused = JSON.parse(
    execFileSync(join(venvBin(), 'python'), ['-c', code], {
      input: JSON.stringify(CASES),
      env: venvEnv(),
      encoding: 'utf8',
    }),
  ) as boolean[];
  assert.ok(refused.includes(true) && refused.includes(false));
  CASES.forEach((text, i) => assert.equal(refusedTab(text) !== undefined, refused[i], JSON.stringify(text)));
});
