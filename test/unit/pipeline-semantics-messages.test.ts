// What the semantic checks tell the user, beyond the code: the message, the stage named as DVC addresses it, the
// near-miss paths and keys (relative to the stage's wdir) and the fixes built from them, the related locations of
// a cycle or of two writers, and the severity on a frozen stage (whose inputs DVC never reads). Pipelines are read
// from real dvc.yaml text, so ranges and fixes are those an editor gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/core/diagnostics';
import { findPipelines, validatePipelines } from '../../src/core/pipeline';
import { memoryFs } from '../support/memory-fs';

/** Every diagnostic of the workspace `files` (rooted at /w) of the given codes, keyed by dvc.yaml path. */
function check(files: Record<string, string>, ...codes: string[]): Map<string, Diagnostic[]> {
  const fs = memoryFs(files);
  const all = validatePipelines(findPipelines('/w', fs), fs);
  return new Map([...all].map(([file, ds]) => [file, ds.filter((d) => codes.includes(d.code))]));
}

const only = (m: Map<string, Diagnostic[]>, file = '/w/dvc.yaml') => m.get(file) ?? [];

/** The text a range of `text` covers (single-line ranges). */
function at(text: string, d: { range: Diagnostic['range'] }): string {
  const line = text.split('\n')[d.range.start.line] ?? '';
  return line.slice(d.range.start.character, d.range.end.character);
}

test('a stage that reads its own output: its own message, and no related location', () => {
  const [d, ...rest] = only(
    check({ '/w/dvc.yaml': 'stages:\n  a:\n    cmd: x\n    deps: [a.out]\n    outs: [a.out]\n' }, 'dependency-cycle'),
  );
  assert.equal(rest.length, 0);
  assert.equal(
    d?.message,
    "Stage 'a' depends on its own output: a → a. A stage cannot read what it writes; remove the path from its deps or its outs.",
  );
  assert.equal(d?.related, undefined);
});

test('a cycle names its loop, the other stages caught in it, and each other stage as related', () => {
  // a ⇄ b and b ⇄ c: one strongly connected set of three stages; the reported loop is one of its cycles.
  const yaml =
    'stages:\n' +
    '  a:\n    cmd: x\n    deps: [b.out]\n    outs: [a.out]\n' +
    '  b:\n    cmd: x\n    deps: [a.out, c.out]\n    outs: [b.out]\n' +
    '  c:\n    cmd: x\n    deps: [b.out]\n    outs: [c.out]\n';
  const ds = only(check({ '/w/dvc.yaml': yaml }, 'dependency-cycle'));
  assert.equal(ds.length, 3);
  const loop =
    /^Dependency cycle: ([a-c](?: → [a-c])+)\.(?: The same loop also runs through ([a-c, ]+)\.)? No stage/.exec(
      ds[0]?.message ?? '',
    );
  assert.ok(loop, ds[0]?.message);
  const onLoop = new Set((loop[1] ?? '').split(' → '));
  const also = loop[2]?.split(', ') ?? [];
  // The loop and the stages "also" on it are the three stages, each named once.
  assert.deepEqual([...onLoop, ...also].sort(), ['a', 'b', 'c']);
  assert.ok(also.length > 0, 'a loop of three stages with only two edges each way leaves one stage off the loop');
  for (const d of ds) {
    assert.equal(d.message, ds[0]?.message);
    const self = at(yaml, d).trim();
    assert.deepEqual(
      d.related?.map((r) => [at(yaml, r).trim(), r.message]),
      ['a', 'b', 'c'].filter((s) => s !== self).map((s) => [s, `'${s}' is on the cycle`]),
    );
  }
});

test("a stage of a pipeline below the root is named by DVC's address in the message", () => {
  const ds = only(
    check(
      { '/w/dvc.yaml': 'stages: {}\n', '/w/sub/dvc.yaml': 'stages:\n  s:\n    cmd: x\n    deps: [nothing.bin]\n' },
      'missing-dependency',
    ),
    '/w/sub/dvc.yaml',
  );
  assert.deepEqual(
    ds.map((d) => d.message),
    [
      "Dependency 'nothing.bin' of stage 'sub/dvc.yaml:s' does not exist and no stage outputs it. Create it, fix the path, or add the stage that writes it to its outs.",
    ],
  );
  assert.equal(ds[0]?.fixes, undefined);
});

test('near-miss paths are relative to the wdir of each stage, quoted as written, and a template gets no fix', () => {
  // The same missing file read from two stage folders: each hint is relative to its own stage's wdir.
  const yaml =
    'vars:\n  - d: data\n' +
    'stages:\n' +
    '  top:\n    cmd: x\n    deps:\n      - "sub/data/trian.csv"\n' +
    "  inner:\n    cmd: x\n    wdir: sub\n    deps:\n      - 'data/trian.csv'\n      - ${d}/trian.csv\n";
  const ds = only(check({ '/w/dvc.yaml': yaml, '/w/sub/data/train.csv': '' }, 'missing-dependency'));
  assert.deepEqual(
    ds.map((d) => [at(yaml, d), d.message.replace(/ does not exist and no stage outputs it\./, ' …'), d.fixes]),
    [
      [
        '"sub/data/trian.csv"',
        "Dependency 'sub/data/trian.csv' of stage 'top' … Did you mean 'sub/data/train.csv'?",
        [
          {
            title: "Change to 'sub/data/train.csv'",
            edits: [{ range: ds[0]?.range, newText: '"sub/data/train.csv"' }],
            preferred: true,
          },
        ],
      ],
      [
        "'data/trian.csv'",
        "Dependency 'data/trian.csv' of stage 'inner' … Did you mean 'data/train.csv'?",
        [
          {
            title: "Change to 'data/train.csv'",
            edits: [{ range: ds[1]?.range, newText: "'data/train.csv'" }],
            preferred: true,
          },
        ],
      ],
      ['${d}/trian.csv', "Dependency 'data/trian.csv' of stage 'inner' … Did you mean 'data/train.csv'?", undefined],
    ],
  );
});

test("near misses come from the folder and from other stages' outputs, at most three, joined with 'or'", () => {
  const yaml = 'stages:\n  w:\n    cmd: x\n    outs: [model.pkl]\n  s:\n    cmd: x\n    deps: [modle.pkl, f.txt]\n';
  const ds = only(
    check(
      { '/w/dvc.yaml': yaml, '/w/a.txt': '', '/w/b.txt': '', '/w/c.txt': '', '/w/d.txt': '' },
      'missing-dependency',
    ),
  );
  assert.deepEqual(
    ds.map((d) => d.message.replace(/^.* Did you mean /, '')),
    ["'model.pkl'?", "'a.txt' or 'b.txt' or 'c.txt'?"],
  );
  assert.deepEqual(
    ds[1]?.fixes?.map((f) => f.title),
    ["Change to 'a.txt'", "Change to 'b.txt'", "Change to 'c.txt'"],
  );
});

test("a dependency on a folder that holds another stage's output needs nothing on disk", () => {
  const yaml = 'stages:\n  w:\n    cmd: x\n    outs: [gen/a.txt]\n  r:\n    cmd: x\n    deps: [gen]\n';
  assert.deepEqual(only(check({ '/w/dvc.yaml': yaml }, 'missing-dependency')), []);
});

test('two writers of one path: each is told the other, and only the other, as related', () => {
  const yaml = 'stages:\n  a:\n    cmd: x\n    outs: [o.txt]\n  b:\n    cmd: x\n    outs: [o.txt]\n';
  const ds = only(check({ '/w/dvc.yaml': yaml }, 'duplicate-output'));
  assert.deepEqual(
    ds.map((d) => d.related?.map((r) => [r.range.start.line, r.message])),
    [[[6, "also declared by 'b'"]], [[3, "also declared by 'a'"]]],
  );
});

test('overlapping outputs: each side points at the other with what it is', () => {
  const yaml = 'stages:\n  a:\n    cmd: x\n    outs: [data]\n  b:\n    cmd: x\n    outs: [data/x.csv]\n';
  const ds = only(check({ '/w/dvc.yaml': yaml }, 'overlapping-outputs'));
  assert.deepEqual(
    ds.map((d) => [d.range.start.line, d.related?.map((r) => [r.file, r.range.start.line, r.message])]),
    [
      [3, [['/w/dvc.yaml', 6, 'the output inside it']]],
      [6, [['/w/dvc.yaml', 3, 'the enclosing output']]],
    ],
  );
});

test('params: a folder named as a params file, an unreadable file, and near keys with both fixes', () => {
  const yaml =
    'stages:\n  s:\n    cmd: x\n    params:\n      - conf:\n      - bad.yaml:\n      - train.lr\n      - train.l\n      - train.zzzzzz\n';
  const params = 'train:\n  lr: 1\n  l1: 2\n  l2: 3\n  lx: 4\n';
  const ds = only(
    check(
      { '/w/dvc.yaml': yaml, '/w/conf/a.yaml': 'x: 1\n', '/w/bad.yaml': 'a: [\n', '/w/params.yaml': params },
      'missing-params-file',
      'invalid-params-file',
      'undefined-param',
    ),
  );
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity, at(yaml, d)]),
    [
      ['missing-params-file', 'error', 'conf'],
      ['invalid-params-file', 'error', 'bad.yaml'],
      ['undefined-param', 'error', 'train.l'],
      ['undefined-param', 'error', 'train.zzzzzz'],
    ],
  );
  assert.equal(ds[0]?.message, "Params file 'conf' is a directory; name a YAML, JSON, TOML or Python file.");
  assert.match(ds[1]?.message ?? '', /^Params file 'bad\.yaml' cannot be read: \S/);
  assert.equal(ds[1]?.related?.[0]?.file, '/w/bad.yaml');
  assert.equal(
    ds[2]?.message,
    "Param 'train.l' is not defined in 'params.yaml' (stage 's'). Did you mean 'train.l1' or 'train.l2' or 'train.lr'? Add it to the file or fix the name.",
  );
  // Three renames (of four keys one edit away: the nearest three, ties by name), then the key added to params.yaml.
  assert.deepEqual(
    ds[2]?.fixes?.map((f) => [f.title, f.edits[0]?.newText]),
    [
      ["Change to 'train.l1'", 'train.l1'],
      ["Change to 'train.l2'", 'train.l2'],
      ["Change to 'train.lr'", 'train.lr'],
      ["Add 'train.l' to params.yaml", '  l: null\n'],
    ],
  );
  // Inserted after the last line of the train block, the end of the file here.
  assert.deepEqual(ds[2]?.fixes?.[3]?.edits[0]?.range.start, { line: 5, character: 0 });
  assert.equal(
    ds[3]?.message,
    "Param 'train.zzzzzz' is not defined in 'params.yaml' (stage 's'). Add it to the file or fix the name.",
  );
});

test("a frozen stage's missing inputs are warnings that say DVC does not read them (DVC: frozen deps unread)", () => {
  const yaml =
    'stages:\n  s:\n    cmd: x\n    frozen: true\n    deps: [in.txt]\n    params:\n      - p2.yaml:\n      - b\n      - bad.yaml:\n';
  const ds = only(
    check(
      { '/w/dvc.yaml': yaml, '/w/params.yaml': 'a: 1\n', '/w/bad.yaml': 'a: [\n' },
      'missing-dependency',
      'missing-params-file',
      'undefined-param',
      'invalid-params-file',
    ),
  );
  assert.deepEqual(ds.map((d) => [d.code, d.severity]).sort(), [
    ['invalid-params-file', 'warning'],
    ['missing-dependency', 'warning'],
    ['missing-params-file', 'warning'],
    ['undefined-param', 'warning'],
  ]);
  for (const d of ds) assert.match(d.message, / Stage 's' is frozen, so DVC does not read it until it is unfrozen\.$/);
});

test('a cycle of two stages says only its loop; one through four stages lists every other stage caught in it', () => {
  const two = only(
    check(
      {
        '/w/dvc.yaml':
          'stages:\n  a:\n    cmd: x\n    deps: [b.out]\n    outs: [a.out]\n  b:\n    cmd: x\n    deps: [a.out]\n    outs: [b.out]\n',
      },
      'dependency-cycle',
    ),
  );
  assert.equal(
    two[0]?.message,
    'Dependency cycle: a → b → a. No stage on it can run first; remove one of these dependencies to break the cycle.',
  );
  // b reads a, c and d, and each of them reads b: one strongly connected set of four.
  const four = only(
    check(
      {
        '/w/dvc.yaml':
          'stages:\n' +
          '  a:\n    cmd: x\n    deps: [b.out]\n    outs: [a.out]\n' +
          '  b:\n    cmd: x\n    deps: [a.out, c.out, d.out]\n    outs: [b.out]\n' +
          '  c:\n    cmd: x\n    deps: [b.out]\n    outs: [c.out]\n' +
          '  d:\n    cmd: x\n    deps: [b.out]\n    outs: [d.out]\n',
      },
      'dependency-cycle',
    ),
  );
  const m = /^Dependency cycle: (\w) → (\w) → \1\. The same loop also runs through (\w), (\w)\. No stage/.exec(
    four[0]?.message ?? '',
  );
  assert.ok(m, four[0]?.message);
  assert.deepEqual([m[1], m[2], m[3], m[4]].sort(), ['a', 'b', 'c', 'd']);
});

test('no fix to offer is no fixes at all: a key missing from a JSON params file with nothing near it', () => {
  const ds = only(
    check(
      {
        '/w/dvc.yaml': 'stages:\n  s:\n    cmd: x\n    params:\n      - p.json:\n          - zzzzzz\n',
        '/w/p.json': '{"a": 1}',
      },
      'undefined-param',
    ),
  );
  assert.deepEqual(
    ds.map((d) => [d.message, d.fixes]),
    [["Param 'zzzzzz' is not defined in 'p.json' (stage 's'). Add it to the file or fix the name.", undefined]],
  );
});

test('a params file named by URL is not looked for on disk', () => {
  const yaml = 'stages:\n  s:\n    cmd: x\n    params:\n      - s3://bucket/p.yaml:\n          - a\n';
  assert.deepEqual(
    only(check({ '/w/dvc.yaml': yaml }, 'missing-params-file', 'invalid-params-file', 'undefined-param')),
    [],
  );
});
