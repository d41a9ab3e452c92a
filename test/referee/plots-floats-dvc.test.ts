// Real DVC is the referee of how numbers come out of `plots show|diff --json`, `metrics show|diff --json` and
// `params diff --json`: a float stays a float whatever file it was read from (`2.0`, not `2`), as do `1e20`
// (`1e+20`), `-0.0`, and YAML's and TOML's infinities and NaN (`Infinity`, `NaN`), while integers stay integers.
// Both outputs are read back by Python's json and printed again (sorted keys), so a float and an integer differ
// and a number's spelling (`1E3`, `1000.0`) does not. Also: YAML merge keys (`<<`) put the merged keys first,
// as ruamel does, which decides the inferred y field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const YAML_ROWS = `rows:
  - {a: 1, b: 2.0}
  - {a: 2.0, b: 1e20}
  - {a: 3, b: -0.0}
  - {a: 4, b: .inf}
  - {a: 5, b: .nan}
  - {a: 6, b: -.inf}
  - {a: 7, b: 1.5e3}
  - {a: 8, b: 1E+2}
  - {a: 9, b: 0x10}
  - {a: 10, b: 1.}
`;

const FILES: Record<string, string> = {
  'dvc.yaml': `plots:
  - rows.yaml:
      x: a
      y: b
  - rows.toml:
      x: a
      y: b
  - rows.py:
      x: a
      y: b
  - multi.json:
      x: a
      y: [b, c]
  - two.json
  - merged.yaml
  - joined:
      x: {xs.yaml: a}
      y: {rows.yaml: b}
metrics:
  - m.yaml
  - m.toml
  - m.py
  - m.json
params:
  - p.yaml
`,
  'rows.yaml': YAML_ROWS,
  'rows.toml':
    '[[rows]]\na = 1\nb = 2.0\n[[rows]]\na = 2\nb = 1e20\n[[rows]]\na = 3\nb = -0.0\n[[rows]]\na = 4\nb = inf\n[[rows]]\na = 5\nb = nan\n[[rows]]\na = 6\nb = 1_000.0\n',
  'rows.py': 'rows = [{"a": 1, "b": 2.0}, {"a": 2, "b": 1e20}, {"a": 3, "b": -0.0}, {"a": 4, "b": -2.0}]\n',
  'multi.json': '[{"a": 1, "b": 2.0, "c": -0.0}, {"a": 2.0, "b": 1e20, "c": 3}]\n',
  'two.json': '{"l1": [{"a": 1.0}, {"a": 2}], "l2": [{"b": 5.0}, {"b": 1E2}]}\n',
  'merged.yaml': 'base: &b {x: 1.0}\nrows:\n  - <<: *b\n    y: 2\n  - x: 3\n    y: 4.0\n',
  'xs.yaml': Array.from({ length: 10 }, (_, i) => `- {a: ${i % 2 === 0 ? `${i}.0` : i}}\n`).join(''),
  'm.yaml': 'acc: 2.0\nbig: 1e20\nneg: -0.0\ninf: .inf\nnan: .nan\nint: 3\nexp: 1e3\n',
  'm.toml': 'acc = 2.0\nbig = 1e20\nneg = -0.0\ninf = inf\nnan = nan\nint = 3\n',
  'm.py': 'acc = 2.0\nbig = 1e20\nneg = -0.0\nint = 3\n',
  'm.json': '{"acc": 2.0, "big": 1e20, "neg": -0.0, "int": 3}\n',
  'p.yaml': 'lr: 2.0\nbig: 1e20\nneg: -0.0\ninf: .inf\nnan: .nan\nepochs: 3\n',
};
const root = dvcRepo(FILES, 'mlops-plots-floats-');
git(root, 'tag', 'v1');
// The working copy: every 2.0 a 3.0 (a changed metric or param, a plot with two revisions).
for (const [file, text] of Object.entries(FILES)) writeFileSync(join(root, file), text.replace(/2\.0/g, '3.0'));

/** The document Python's json reads from `text`, printed again with sorted keys (DVC's `content` left out). */
function canonical(text: string): string {
  const code = `import json,sys
d=json.loads(sys.stdin.read())
for renderers in d.get("data", {}).values():
    for r in renderers if isinstance(renderers, list) else []: r.pop("content", None)
sys.stdout.write(json.dumps(d, sort_keys=True))`;
  return execFileSync(join(venvBin(), 'python'), ['-c', code], {
    input: text,
    env: venvEnv(),
    encoding: 'utf8',
  });
}

async function same(args: string[], dvcArgs: string[]): Promise<string> {
  const expected = canonical(dvc(root, ...dvcArgs));
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(canonical(r.stdout), expected, args.join(' '));
  return expected;
}

test('plots show/diff --json write floats as dvc plots --json --split does', async () => {
  const shown = await same(['plots', 'show', '--json'], ['plots', 'show', '--json', '--split']);
  // The repository exercises what it claims.
  for (const spelled of ['"b": 3.0', '"b": 1e+20', '"b": -0.0', '"b": Infinity', '"b": NaN', '"a": 9, "b": 16'])
    assert.ok(shown.includes(spelled), spelled);
  assert.ok(shown.includes('"<DVC_METRIC_Y_LABEL>": "y"'), 'merged keys come first');
  await same(['plots', 'diff', 'v1', '--json'], ['plots', 'diff', 'v1', '--json', '--split']);
});

test('metrics show/diff and params diff --json print floats as dvc does', async () => {
  const shown = await same(['metrics', 'show', '--json'], ['metrics', 'show', '--json']);
  assert.ok(shown.includes('"acc": 3.0') && shown.includes('"inf": Infinity'), shown);
  const diff = await same(['metrics', 'diff', 'v1', '--json', '--all'], ['metrics', 'diff', 'v1', '--json', '--all']);
  assert.ok(diff.includes('"diff": 1.0, "new": 3.0, "old": 2.0'), diff);
  await same(['params', 'diff', 'v1', '--json', '--all'], ['params', 'diff', 'v1', '--json', '--all']);
});
