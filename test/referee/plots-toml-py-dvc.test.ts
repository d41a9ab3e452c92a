// Real DVC is the referee of plot data in TOML and Python files, which `dvc plots` loads as it loads params
// (dvc/utils/serialize: tomlkit, and a Python module's literal assignments read from its syntax tree, never run):
// a list of rows under a name plots as a JSON list would, a file with no list is a plot without rows, and a file
// that does not parse is DVC's TOMLFileCorruptedError / PythonFileCorruptedError. The Python file below would
// leave a marker file if anything ran it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const root = dvcRepo(
  {
    'dvc.yaml': `plots:
  - rows.toml:
      x: a
      y: b
  - rows.py:
      x: a
      y: b
  - flat.toml
  - bad.py
  - bad.toml
`,
    'rows.toml': '[[rows]]\na = 1\nb = 2.5\n\n[[rows]]\na = 2\nb = 3.5\n',
    'rows.py': `import pathlib
X = 3
rows = [{"a": 1, "b": 2.5}, {"a": 2, "b": True}, {"a": 3, "b": "x"}]
pathlib.Path("ran.txt").write_text("the file was run")
`,
    'flat.toml': 'x = 1\n[t]\nv = [1, 2]\n',
    'bad.py': 'x = (\n',
    'bad.toml': 'x = = 1\n',
  },
  'mlops-plots-toml-py-',
);
git(root, 'tag', 'v1');

test('plots show/diff of TOML and Python data files as dvc plots --json --split gives them', async () => {
  for (const args of [['show'], ['diff', 'v1']]) {
    const expected = JSON.parse(dvc(root, 'plots', ...args, '--json', '--split')) as {
      data: Record<string, { content?: unknown }[]>;
    };
    for (const renderers of Object.values(expected.data)) for (const r of renderers) delete r.content;
    // The repository exercises what it claims: rows from both formats, both corrupt files named.
    assert.equal(JSON.stringify(expected.data['rows.py']).includes('"b":true'), true);
    assert.equal(JSON.stringify(expected).includes('PythonFileCorruptedError'), true);
    const r = await runCli(['plots', ...args, '--json'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected, args.join(' '));
  }
  assert.equal(existsSync(join(root, 'ran.txt')), false, 'a Python data file was run');
});
