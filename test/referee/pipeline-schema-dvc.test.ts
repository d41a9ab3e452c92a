// Real DVC is the referee of the dvc.yaml files it refuses to load: every `plots`, `metrics` and `params`
// command loads each stage file of a revision first, and a dvc.yaml its MULTI_STAGE_SCHEMA refuses (voluptuous)
// fails the whole revision with a YAMLValidationError naming the file and its error count, exactly as a refused
// `.dvc` file does (dvc-file-schema-dvc.test.ts). The schema is neither `mlops validate`'s (which warns of more)
// nor the reader's (which reads past more): first the error counts of many dvc.yaml files — keys DVC accepts that
// look odd, and refusals of each kind — against DVC's own schema, then whole commands over revisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseYaml } from '../../src/core/pipeline/parse';
import { pipelineSchemaErrors } from '../../src/core/pipeline/dvc-file-schema';
import { runCli } from '../support/cli';
import { FIXTURES } from '../support/corpus';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

/** dvc.yaml texts by name: accepted (0) or refused, with the number of errors DVC counts. */
const CASES: Record<string, string> = {
  accepted: `vars:
  - params.yaml
  - {a: 1}
params:
  - params.yaml
metrics:
  - m.json
datasets:
  - {name: d, type: dc}
artifacts:
  model:
    path: m.pkl
    type: model
    desc: x
    labels: [a]
    meta: {k: 1}
plots:
  - p.csv
  - q.json:
      x: a
      y: [b, c]
  - r:
      x: {a.json: x}
      y: {a.json: [y, z], b.json: w}
  - s.csv:
stages:
  s:
    cmd: [echo a, echo b]
    desc: d
    meta: {anything: [1]}
    frozen: true
    always_changed: false
    wdir: sub
    vars: [v.yaml]
    params:
      - lr
      - p.yaml: [a, b]
      - q.toml:
    deps: [a]
    outs:
      - o
      - o2:
          cache: false
          persist: true
          checkpoint: true
          remote: r
          push: false
          desc: x
          type: t
          labels: [l]
          meta: 1
    metrics:
      - m.json:
          cache: false
    plots:
      - p.csv: {x: a, y: b, header: false, template: linear, title: t, x_label: a, y_label: b}
      - p2.csv:
          - {x: a}
          - {y: b}
  f:
    foreach: [1, 2]
    do:
      cmd: echo \${item}
  g:
    foreach: \${list}
    do: {cmd: echo}
  m:
    matrix:
      a: [1, 2]
      b: \${x}
    cmd: echo
`,
  empty: '',
  'unknown-stage-key': 'stages:\n  s:\n    cmd: echo\n    bogus: 1\n',
  'plots-dict': 'plots:\n  p.csv:\n    x: a\n',
  'frozen-interpolated': 'stages:\n  s:\n    cmd: echo\n    frozen: ${f}\n',
  'no-cmd': 'stages:\n  s:\n    deps: [a]\n',
  'foreach-extra': 'stages:\n  s:\n    foreach: [1]\n    do: {cmd: echo}\n    deps: [a]\n',
  'do-only': 'stages:\n  s:\n    do: {cmd: echo}\n',
  'foreach-no-do': 'stages:\n  s:\n    foreach: [1]\n    cmd: echo\n',
  'plot-empty-map': 'plots:\n  - {}\n',
  'plot-null-key': 'plots:\n  - ~: {x: a}\n',
  'plot-int': 'plots:\n  - p.csv: 1\n',
  'plot-header': 'plots:\n  - p.csv:\n      header: false\n',
  'stage-plot-x-dict': 'stages:\n  s:\n    cmd: echo\n    plots:\n      - p.csv:\n          x: {a: b}\n',
  'out-unknown':
    'stages:\n  s:\n    cmd: echo\n    outs:\n      - o:\n          cache: false\n          bogus: 1\n          other: 2\n',
  'stages-null': 'stages:\n',
  'top-list': '- a\n- b\n',
  'int-stage': 'stages:\n  1:\n    cmd: echo\n',
  'matrix-dict': 'stages:\n  s:\n    matrix:\n      a: {x: 1}\n    cmd: echo\n',
  'vars-int': 'vars:\n  - 1\n  - [a]\n',
  'desc-date': 'stages:\n  s:\n    cmd: echo\n    desc: 2024-01-01\n',
  'artifact-no-path': 'artifacts:\n  m:\n    type: model\n',
  'wdir-null': 'stages:\n  s:\n    cmd: echo\n    wdir:\n',
  'top-unknown': 'foo: 1\nstages:\n  s:\n    cmd: echo\n',
  'merge-anchor': 'base: &b\n  cmd: echo\nstages:\n  s:\n    <<: *b\n    deps: [a]\n',
  'do-bad': 'stages:\n  s:\n    foreach: [1]\n    do: {cmd: echo, bogus: 1, x: 2}\n',
  'y-dict-int': 'plots:\n  - r:\n      y: {a.json: 1}\n',
  'outs-ints': 'stages:\n  s:\n    cmd: echo\n    outs: [1, 2, 3]\n',
  'frozen-str': 'stages:\n  s:\n    cmd: echo\n    frozen: "true"\n',
  many: 'stages:\n  a:\n    cmd: echo\n    x: 1\n  b:\n    cmd: echo\n    y: 1\n    outs:\n      - 1\n      - o: {bogus: 1}\n',
};

function* fixtureFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* fixtureFiles(full);
    else if (name === 'dvc.yaml') yield full;
  }
}

test("each dvc.yaml's error count is DVC's own schema's (0: it loads)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-pipeline-schema-'));
  try {
    const files = Object.entries(CASES).map(([name, text]) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    files.push(...fixtureFiles(FIXTURES));
    const code = `import sys
from dvc.utils.serialize import parse_yaml
from dvc.schema import COMPILED_MULTI_STAGE_SCHEMA
from voluptuous import MultipleInvalid
for p in sys.argv[1:]:
    try:
        d = parse_yaml(open(p, encoding="utf-8").read(), p)
    except Exception:
        print("unreadable")
        continue
    try:
        COMPILED_MULTI_STAGE_SCHEMA(d)
        print(0)
    except MultipleInvalid as e:
        print(len(e.errors))
`;
    const expected = execFileSync(join(venvBin(), 'python'), ['-c', code, ...files], {
      env: venvEnv(),
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    const actual = files.map((file) => {
      const parsed = parseYaml(readFileSync(file, 'utf8'));
      if (parsed.diagnostics.some((d) => d.severity === 'error')) return 'unreadable';
      return String(pipelineSchemaErrors(parsed).length);
    });
    assert.deepEqual(
      Object.fromEntries(files.map((f, i) => [f, actual[i]])),
      Object.fromEntries(files.map((f, i) => [f, expected[i]])),
    );
    // The cases exercise both answers.
    assert.equal(expected[0], '0');
    assert.ok(expected.filter((n) => Number(n) > 1).length >= 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const PIPELINE = `vars:
  - {flag: true, names: [a, b]}
params:
  - extra.yaml
metrics:
  - top.json
datasets:
  - {name: d, type: dc, url: x}
artifacts:
  model: {path: model.pkl, type: model, desc: the model, labels: [x], meta: {k: 1}}
stages:
  train:
    cmd: echo train
    desc: trains
    meta: {owner: me}
    frozen: true
    always_changed: false
    params:
      - lr
      - extra.yaml: [depth]
    metrics:
      - m.json:
          cache: false
    plots:
      - loss.csv:
          cache: false
          x: step
  each:
    foreach: \${names}
    do:
      cmd: echo \${item}
  grid:
    matrix:
      n: [1, 2]
    cmd: echo \${item.n}
plots:
  - loss.csv:
      y: loss
`;

/** Each revision: files written on top of the previous one, and removed. */
const REVISIONS: {
  tag: string;
  files: Record<string, string>;
  remove?: string[];
}[] = [
  { tag: 'odd', files: {} },
  // Two unknown keys in a stage: "2 errors".
  {
    tag: 'unknown',
    files: {
      'dvc.yaml': PIPELINE.replace('    desc: trains\n', '    bogus: 1\n    other: x\n'),
    },
  },
  // Top-level `plots:` as a mapping (DVC wants a list).
  {
    tag: 'plotsdict',
    files: {
      'dvc.yaml': PIPELINE.replace('plots:\n  - loss.csv:\n      y: loss\n', 'plots:\n  loss.csv:\n    y: loss\n'),
    },
  },
  // Checked before interpolation: `${flag}` is a str where a bool is due.
  {
    tag: 'interpolated',
    files: { 'dvc.yaml': PIPELINE.replace('frozen: true', 'frozen: ${flag}') },
  },
  // The top dvc.yaml loads again; one in a subfolder is refused, named after the top one's folder's files.
  {
    tag: 'sub',
    files: {
      'dvc.yaml': PIPELINE,
      'sub/dvc.yaml': 'stages:\n  s:\n    deps: [x]\n',
    },
  },
];

const root = dvcRepo(
  {
    'dvc.yaml': PIPELINE,
    'params.yaml': 'lr: 0.1\n',
    'extra.yaml': 'depth: 3\n',
    'top.json': '{"top": 1}',
    'm.json': '{"acc": 0.5}',
    'loss.csv': 'step,loss\n0,1\n1,0.5\n',
  },
  'mlops-pipeline-schema-',
);
for (const [i, { tag, files, remove = [] }] of REVISIONS.entries()) {
  for (const f of remove) rmSync(join(root, f));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  writeFileSync(join(root, 'm.json'), `{"acc": 0.${i + 6}}`);
  writeFileSync(join(root, 'params.yaml'), `lr: 0.${i + 2}\n`);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', tag);
  git(root, 'tag', tag);
}
const TAGS = REVISIONS.map((r) => r.tag);

async function ours(args: string[]): Promise<unknown> {
  const r = await runCli(args, root);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** DVC's JSON, without the vega-lite `content` of plots (not written by ours: docs/cli.md). */
function theirs(args: string[]): unknown {
  const json = JSON.parse(dvc(root, ...args)) as {
    data?: Record<string, { content?: unknown }[]>;
  };
  for (const renderers of Object.values(json.data ?? {})) for (const r of renderers) delete r.content;
  return json;
}

test('plots diff over revisions with refused dvc.yaml files: each fails whole, as in DVC', async () => {
  const expected = theirs(['plots', 'diff', ...TAGS, '--json', '--split']) as {
    errors?: { msg: string }[];
  };
  // The repository exercises what it claims: four refused revisions, one with its count, the odd one plotted.
  const messages = (expected.errors ?? []).map((e) => e.msg);
  assert.equal(messages.length, 4, JSON.stringify(expected));
  assert.ok(messages.some((m) => m.startsWith("'./dvc.yaml' validation failed") && m.endsWith(': 2 errors')));
  assert.ok(messages.some((m) => m.startsWith("'./sub/dvc.yaml' validation failed")));
  assert.match(JSON.stringify(expected), /"revisions":\["odd"\]/);
  assert.deepEqual(await ours(['plots', 'diff', ...TAGS, '--json']), expected);
});

test('metrics show -T, metrics diff and params diff across refused dvc.yaml revisions', async () => {
  for (const tag of TAGS) {
    git(root, 'checkout', '-q', tag);
    // The working copy refused too (metrics show of the working copy, plots show).
    assert.deepEqual(await ours(['metrics', 'show', '--json']), theirs(['metrics', 'show', '--json']), tag);
    assert.deepEqual(await ours(['plots', 'show', '--json']), theirs(['plots', 'show', '--json', '--split']), tag);
  }
  assert.deepEqual(await ours(['metrics', 'show', '-T', '--json']), theirs(['metrics', 'show', '-T', '--json']));
  for (const b of TAGS.slice(1)) {
    const args = (kind: string): string[] => [kind, 'diff', 'odd', b, '--all', '--json'];
    assert.deepEqual(await ours(args('metrics')), theirs(args('metrics')), b);
    assert.deepEqual(await ours(args('params')), theirs(args('params')), b);
  }
});

test('in the working copy the first refused file is the first the file system lists, as os.scandir lists it', async () => {
  const wc = dvcRepo({ 'dvc.yaml': 'metrics:\n  - m.json\n', 'm.json': '{"a": 1}' }, 'mlops-schema-order-');
  const refused = 'outs:\n- path: x\n  metric: false\n';
  // Refused files at the top and in two folders (a folder's files come before its subfolders in DVC's walk).
  const names = ['b.dvc', 'a.dvc', 'd.dvc', 'c.dvc', 'f.dvc', 'e.dvc', 'z/dvc.yaml', 'y/dvc.yaml', 'y/w/v.dvc'];
  for (const name of names) {
    mkdirSync(dirname(join(wc, name)), { recursive: true });
    writeFileSync(join(wc, name), name.endsWith('dvc.yaml') ? 'stages:\n  s:\n    bogus: 1\n' : refused);
  }
  const named: string[] = [];
  for (let left = names.length; left > 0; left--) {
    const expected = JSON.parse(dvc(wc, 'metrics', 'show', '--json')) as Record<string, { error?: { msg: string } }>;
    const r = await runCli(['metrics', 'show', '--json'], wc);
    assert.deepEqual(JSON.parse(r.stdout), expected);
    const plots = await runCli(['plots', 'show', '--json'], wc);
    assert.deepEqual(JSON.parse(plots.stdout), JSON.parse(dvc(wc, 'plots', 'show', '--json', '--split')));
    // The file named goes, and the next one is asked for.
    const file = /'\.\/([^']+)'/.exec(expected['']?.error?.msg ?? '')?.[1];
    assert.ok(file !== undefined && names.includes(file), JSON.stringify(expected));
    named.push(file);
    rmSync(join(wc, file));
  }
  // This file system's listing is not sorted for these names, so the order was the listing's, not ours.
  assert.notDeepEqual(named.slice(0, 6), [...named.slice(0, 6)].sort(), named.join(' '));
});
