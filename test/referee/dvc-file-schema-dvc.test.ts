// Real DVC is the referee of revisions holding `.dvc` files DVC 3 refuses (met on lenskit/lk-demo-experiment's
// `als-test` branch: DVC 1's `metric: false` in an output): DVC loads every stage file of a revision before
// reading any plot, metric or param, and one file its schema refuses fails the whole revision with a
// YAMLValidationError naming the first such file in its walk (and how many errors it found). `plots show|diff
// --json` list it under `errors` with no data for that revision, `metrics show --json` gives it as the revision's
// `error`, the diffs read the revision as empty. Each revision below holds files DVC refuses for different
// reasons (extra keys deep and shallow, Python's types: a bool is an int, a plain date is no str, short
// checksums, a list's entries that are not mappings counted once each, two remotes under `cloud`), files it
// accepts with every key its schema knows, a refused file inside a `.dvc` output folder (walked into in git
// revisions, not in the working copy), folders walked in git's tree order, and dvc.yaml files that do not parse
// (YAMLSyntaxError, the revision failing as well).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const PIPELINE = `stages:
  train:
    cmd: echo train
    params:
      - lr
    metrics:
      - m.json:
          cache: false
    plots:
      - loss.csv:
          cache: false
`;

/** A `.dvc` file with every key DVC 3's schema knows, each of the right type: DVC loads it. */
const ACCEPTED = `md5: 0123456789abcdef0123456789abcdef
frozen: false
locked: true
always_changed: false
desc: all keys
meta: {anything: [1, 2]}
wdir: .
deps:
- path: https://example.com/x.zip
  etag: '"18e0884-3e62cb8b5be80"'
  size: 12
  repo: {url: https://example.com/r.git, rev: main, rev_lock: abc123}
- path: q
  checksum: 12345
  isexec: false
  version_id: v7
  hash: md5
outs:
- path: data
  md5: 0123456789abcdef0123456789abcdef.dir
  size: true
  nfiles: 3
  cache: true
  persist: false
  push: true
  hash: md5
  desc: d
  type: model
  labels: [a, b]
  meta: {k: v}
  cloud: {r: {etag: abc, size: 1, version_id: v}}
  files:
  - relpath: a.csv
    md5: 0123456789abcdef0123456789abcdef
    cloud: {r: {isexec: true}}
`;

/** Each revision: extra files written on top of the repository, and the files removed first. */
const REVISIONS: { tag: string; files: Record<string, string>; remove?: string[] }[] = [
  { tag: 'accepted', files: { 'data.dvc': ACCEPTED, 'sub/also.dvc': 'outs:\n- path: y\n' } },
  // DVC 1's `metric: false` inside an output, as on lk-demo-experiment's als-test.
  { tag: 'dvc1', files: { 'old/old.dvc': 'outs:\n- cache: true\n  metric: false\n  path: old.zip\n  md5: abc\n' } },
  {
    tag: 'many',
    files: {
      // Named before the other two (files before folders, names sorted), and six errors: a short checksum, an int
      // for a bool, an unknown output key, `cache` in a dependency, a number for wdir, an unknown top-level key.
      'B.dvc':
        'outs:\n- path: q\n  md5: 12\n  cache: 1\n  bogus: 2\ndeps:\n- path: y\n  cache: true\nwdir: 3\nfoo: 1\n',
      '_.dvc': 'outs:\n- path: x\n  plot: true\n',
      'a/x.dvc': 'outs:\n- path: x\n  persist: yes\n',
    },
  },
  {
    tag: 'types',
    remove: ['B.dvc', '_.dvc', 'a/x.dvc', 'old/old.dvc'],
    files: {
      // A plain date is no str (md5, desc), a list of labels with a number, two remotes under `cloud`: 4 errors.
      'dates.dvc':
        'outs:\n- path: x\n  md5: 2024-01-01\n  desc: 2024-01-01\n  labels: [a, 1]\n  cloud: {r: {size: 1}, s: {}}\n',
      // Refused, inside the folder output of data.dvc: DVC walks into it in git revisions (named in 'yaml', after
      // dates.dvc here), not in the working copy.
      'data/inner.dvc': 'outs:\n- path: z\n  metric: false\n',
    },
  },
  {
    tag: 'yaml',
    remove: ['dates.dvc'],
    // A dvc.yaml that does not load fails the revision as well: a duplicate key (named first: s before z), and a
    // flow list left open.
    files: {
      's/dvc.yaml': 'stages:\n  a:\n    cmd: echo\n  a:\n    cmd: echo\n',
      'z/dvc.yaml': 'stages:\n  t:\n    cmd: [\n',
    },
  },
  // Without the file inside data/ (named first in 'yaml'), the duplicate key is.
  { tag: 'yaml2', remove: ['data/inner.dvc'], files: {} },
  {
    tag: 'treeorder',
    remove: ['s/dvc.yaml', 'z/dvc.yaml'],
    // git's tree order: a folder's name compares as if it ended with "/", so d-x/ comes before d/ (lenskit's
    // data-split/ before data/); sorted names would put d/ first.
    files: { 'd/a.dvc': 'outs:\n- path: x\n  metric: false\n', 'd-x/b.dvc': 'outs:\n- path: y\n  bogus: 1\n' },
  },
  {
    tag: 'lists',
    remove: ['d/a.dvc', 'd-x/b.dvc'],
    // Entries that are not mappings count once each; an entry failing inside stops the list with its own errors.
    files: { 'l1.dvc': 'outs:\n- 1\n- 2\n', 'l2.dvc': 'outs:\n- 1\n- path: x\n  cache: 3\n- 2\n' },
  },
];

const root = dvcRepo(
  {
    'dvc.yaml': PIPELINE,
    'params.yaml': 'lr: 0.1\n',
    'm.json': '{"acc": 0.5}',
    'loss.csv': 'step,loss\n0,1\n1,0.5\n',
  },
  'mlops-dvcfile-schema-',
);
for (const [i, { tag, files, remove = [] }] of REVISIONS.entries()) {
  for (const f of remove) rmSync(join(root, f));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  writeFileSync(join(root, 'm.json'), `{"acc": 0.${i + 6}}`);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', tag);
  git(root, 'tag', tag);
}
const TAGS = REVISIONS.map((r) => r.tag);

/**
 * The last revision in the working copy, with its two refused files: DVC walks the disk in its listing order
 * (Python's os.scandir, not sorted), so the one named is the one the file system lists first.
 */
function workingCopyAtLast(): void {
  git(root, 'checkout', '-q', TAGS.at(-1)!);
}
workingCopyAtLast();

async function ours(args: string[], cwd = root): Promise<unknown> {
  const r = await runCli(args, cwd);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** DVC's JSON, without the vega-lite `content` of plots (not written by ours: docs/cli.md). */
function theirs(args: string[], cwd = root): unknown {
  const json = JSON.parse(dvc(cwd, ...args)) as { data?: Record<string, { content?: unknown }[]> };
  for (const renderers of Object.values(json.data ?? {})) for (const r of renderers) delete r.content;
  return json;
}

test('plots diff over revisions with refused .dvc files: each fails whole with the first file DVC walks to', async () => {
  const expected = theirs(['plots', 'diff', ...TAGS, '--json', '--split']) as { errors?: { msg: string }[] };
  // The repository really exercises what it claims: four refused revisions, counts named, the accepted one plotted.
  const messages = (expected.errors ?? []).map((e) => e.msg);
  assert.equal(messages.length, 7, JSON.stringify(expected));
  assert.ok(messages.some((m) => m.startsWith("'./d-x/b.dvc' validation failed in revision")));
  assert.ok(messages.some((m) => m.startsWith("'./data/inner.dvc' validation failed in revision")));
  assert.ok(messages.includes("unable to read: 's/dvc.yaml', YAML file structure is corrupted"));
  assert.ok(messages.some((m) => m.startsWith("'./B.dvc' validation failed") && m.endsWith(': 6 errors')));
  assert.deepEqual(await ours(['plots', 'diff', ...TAGS, '--json']), expected);
});

test('plots show in a working copy DVC cannot load, from the root and from a subfolder', async () => {
  try {
    // 'yaml' checked out: in the working copy DVC leaves data/ (data.dvc's output) unwalked, so the dvc.yaml with
    // a duplicate key is named, not data/inner.dvc.
    git(root, 'checkout', '-q', 'yaml');
    const yaml = theirs(['plots', 'show', '--json', '--split']);
    assert.match(JSON.stringify(yaml), /s\/dvc\.yaml/);
    assert.deepEqual(await ours(['plots', 'show', '--json']), yaml);
    git(root, 'checkout', '-q', 'dvc1');
    assert.deepEqual(await ours(['plots', 'show', '--json']), theirs(['plots', 'show', '--json', '--split']));
    // From a subfolder the file is named from there ('../B.dvc'). (Plot ids stay repository-relative in ours.)
    const sub = join(root, 'sub');
    const errors = (json: unknown): unknown => (json as { errors?: unknown }).errors;
    assert.deepEqual(
      errors(await ours(['plots', 'diff', 'accepted', 'many', '--json'], sub)),
      errors(theirs(['plots', 'diff', 'accepted', 'many', '--json', '--split'], sub)),
    );
  } finally {
    git(root, 'checkout', '-q', '.');
    workingCopyAtLast();
  }
});

test('metrics show -a/-T and the diffs: a refused revision is an error, or read as empty', async () => {
  // Every tag, the working copy beside them (itself refused).
  assert.deepEqual(await ours(['metrics', 'show', '-T', '--json']), theirs(['metrics', 'show', '-T', '--json']));
  assert.deepEqual(await ours(['metrics', 'show', '--json']), theirs(['metrics', 'show', '--json']));
  for (const [a, b] of [
    ['accepted', 'dvc1'],
    ['types', 'accepted'],
    ['many', 'lists'],
    ['yaml', 'accepted'],
  ] as const) {
    assert.deepEqual(
      await ours(['metrics', 'diff', a, b, '--all', '--json']),
      theirs(['metrics', 'diff', a, b, '--all', '--json']),
    );
    assert.deepEqual(
      await ours(['params', 'diff', a, b, '--all', '--json']),
      theirs(['params', 'diff', a, b, '--all', '--json']),
    );
  }
});
