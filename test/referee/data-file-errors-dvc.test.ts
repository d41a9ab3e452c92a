// Real DVC is the referee of the errors for plot data files that do not parse: DVC's type per format
// (JSONFileCorruptedError, YAMLFileCorruptedError — a repeated key included —, TOMLFileCorruptedError,
// PythonFileCorruptedError) and its words, "unable to read: 'FILE', JSON file structure is corrupted", FILE the
// plot's source. The line stays on stderr. (metrics show keeps its own message: metrics-loaders-dvc.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli';
import { dvc, dvcRepo } from '../support/runner-workspace';

const BAD = {
  'bad.json': '{"a": nan}\n',
  'bad.yaml': 'a: [\n',
  'dup.yaml': 'a: 1\na: 2\n',
  'bad.toml': 'x = = 1\n',
  'bad.py': 'x = (\n',
};

const root = dvcRepo(
  {
    'dvc.yaml': `plots:\n${Object.keys(BAD)
      .map((f) => `  - ${f}\n`)
      .join('')}  - ok.json\n`,
    'ok.json': '[{"x": 1, "y": 2}]\n',
    ...BAD,
  },
  'mlops-data-file-errors-',
);

/** DVC's JSON, without the vega-lite `content` of plots (not written by ours: docs/cli.md). */
function theirs(cwd: string, args: string[]): unknown {
  const json = JSON.parse(dvc(cwd, ...args)) as { data?: Record<string, { content?: unknown }[]> };
  for (const renderers of Object.values(json.data ?? {}))
    if (Array.isArray(renderers)) for (const r of renderers) delete r.content;
  return json;
}

async function ours(cwd: string, args: string[]): Promise<{ json: unknown; stderr: string }> {
  const r = await runCli(args, cwd);
  assert.equal(r.code, 0, r.stderr);
  return { json: JSON.parse(r.stdout), stderr: r.stderr };
}

test('plots show/diff --json: a data file that does not parse gets the error DVC gives for its format, in its words', async () => {
  const expected = theirs(root, ['plots', 'diff', 'HEAD', '--json', '--split']);
  // The repository exercises what it claims: each format's error, once per revision.
  const types = JSON.stringify(expected).match(/\w+FileCorruptedError/g) ?? [];
  assert.equal(new Set(types).size, 4, JSON.stringify(expected));
  const { json, stderr } = await ours(root, ['plots', 'diff', 'HEAD', '--json']);
  assert.deepEqual(json, expected);
  // Where it is wrong stays on stderr: the line of the TOML file.
  assert.match(stderr, /bad\.toml:1: unable to read: 'bad\.toml', TOML file structure is corrupted/);
  assert.deepEqual(
    (await ours(root, ['plots', 'show', '--json'])).json,
    theirs(root, ['plots', 'show', '--json', '--split']),
  );
});
