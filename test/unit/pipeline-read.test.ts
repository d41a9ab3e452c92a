// read.ts (through loadPipeline): the typed model, foreach/matrix expansion with template ranges, `${}`.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import type { FileSystem } from '../../src/core/fs';
import { loadPipeline } from '../../src/core/pipeline';

const ROOT = path.resolve('/project');

/** An in-memory project: relative path → text. */
function memFs(files: Record<string, string>): FileSystem {
  const abs = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
  const dirs = new Set<string>();
  for (const f of abs.keys()) for (let d = path.dirname(f); d !== path.dirname(d); d = path.dirname(d)) dirs.add(d);
  return {
    readText: (p) => abs.get(p),
    stat: (p) =>
      abs.has(p)
        ? { isFile: true, isDirectory: false, size: abs.get(p)?.length ?? 0, mtimeMs: 0 }
        : dirs.has(p)
          ? { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 }
          : undefined,
    list: (p) =>
      dirs.has(p)
        ? [...new Set([...abs.keys(), ...dirs].filter((f) => path.dirname(f) === p).map((f) => path.basename(f)))]
        : undefined,
  };
}

const load = (dvcYaml: string, more: Record<string, string> = {}) =>
  loadPipeline(path.join(ROOT, 'dvc.yaml'), memFs({ 'dvc.yaml': dvcYaml, ...more }));

test('a plain stage becomes a typed Stage with values and ranges', () => {
  const p = load(
    `stages:
  train:
    cmd: python train.py --lr \${lr}
    wdir: src/
    deps: [train.py, data]
    params:
      - lr
      - conf.json: [a.b]
      - whole.toml:
    outs:
      - model.pkl
      - cache/:
          cache: false
          persist: true
          push: false
          remote: s3
          desc: scratch
    metrics: [{m.json: {cache: false}}]
    plots: [loss.csv]
    frozen: true
    always_changed: true
    desc: Train it
`,
    { 'params.yaml': 'lr: 0.5\n' },
  );
  assert.deepEqual(p.diagnostics, []);
  const [s] = p.stages;
  assert.ok(s);
  assert.equal(s.name, 'train');
  assert.deepEqual(s.nameRange.start, { line: 1, character: 2 });
  assert.deepEqual(
    s.cmd.map((c) => c.value),
    ['python train.py --lr 0.5'],
  );
  assert.deepEqual(s.cmd[0]?.range.start, { line: 2, character: 9 });
  assert.equal(s.wdir, 'src');
  assert.deepEqual(
    s.deps.map((d) => d.value),
    ['train.py', 'data'],
  );
  assert.deepEqual(
    s.params.map((r) => `${r.file.value}:${r.key?.value ?? '*'}`),
    ['params.yaml:lr', 'conf.json:a.b', 'whole.toml:*'],
  );
  assert.deepEqual(
    s.outs.map((o) => [o.kind, o.path.value, o.cache, o.persist, o.push, o.remote, o.desc]),
    [
      ['outs', 'model.pkl', true, false, true, undefined, undefined],
      ['outs', 'cache/', false, true, false, 's3', 'scratch'],
      ['metrics', 'm.json', false, false, true, undefined, undefined],
      ['plots', 'loss.csv', true, false, true, undefined, undefined],
    ],
  );
  assert.equal(s.frozen, true);
  assert.equal(s.alwaysChanged, true);
  assert.equal(s.desc, 'Train it');
  assert.equal(p.file, path.join(ROOT, 'dvc.yaml'));
  assert.equal(p.dir, ROOT);
});

test('cmd lists run in order; a dict in `${}` becomes arguments; a list in `${}` is refused as by DVC', () => {
  const p = load(
    'vars:\n  - cmds: [a, b]\n    args: {lr: 1, fast: true}\nstages:\n  s:\n    cmd: ${cmds}\n  t:\n    cmd:\n      - one\n      - fit ${args}\n',
  );
  assert.deepEqual(
    p.stages.map((s) => s.cmd.map((c) => c.value)),
    [[], ['one', 'fit --lr 1 --fast']],
  );
  assert.deepEqual(
    p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
    ['invalid-interpolation@5'],
  );
});

test('foreach over a list: stages named by value, ranges inside the template', () => {
  const p = load(
    'stages:\n  fetch:\n    foreach: [us, eu]\n    do:\n      cmd: get ${item}\n      outs: ["raw/${item}.csv"]\n',
  );
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual(
    p.stages.map((s) => s.name),
    ['fetch@us', 'fetch@eu'],
  );
  const [us, eu] = p.stages;
  assert.deepEqual(us?.expansion, { kind: 'foreach', template: 'fetch', key: 'us' });
  assert.deepEqual(
    eu?.outs.map((o) => o.path.value),
    ['raw/eu.csv'],
  );
  // Both generated stages point at the same template text.
  assert.deepEqual(us?.cmd[0]?.range, eu?.cmd[0]?.range);
  assert.deepEqual(us?.cmd[0]?.range.start, { line: 4, character: 11 });
  assert.deepEqual(us?.nameRange.start, { line: 1, character: 2 });
});

test('foreach over a dict and over a `${}` variable; composite lists are keyed by index', () => {
  const p = load(
    'stages:\n  a:\n    foreach: ${models}\n    do:\n      cmd: fit ${key} ${item.size}\n  b:\n    foreach:\n      - {n: 1}\n      - {n: 2}\n    do:\n      cmd: echo ${item.n}\n',
    { 'params.yaml': 'models:\n  small: {size: 1}\n  big: {size: 9}\n' },
  );
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual(
    p.stages.map((s) => `${s.name}=${s.cmd[0]?.value}`),
    ['a@small=fit small 1', 'a@big=fit big 9', 'b@0=echo 1', 'b@1=echo 2'],
  );
});

test('matrix: one stage per combination, named as DVC names them', () => {
  const p = load(
    'stages:\n  t:\n    matrix:\n      m: [cnn, rnn]\n      lr: [0.1, 1]\n    cmd: fit ${item.m} ${item.lr}\n    outs: ["out/${key}"]\n',
  );
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual(
    p.stages.map((s) => s.name),
    ['t@cnn-0.1', 't@cnn-1', 't@rnn-0.1', 't@rnn-1'],
  );
  assert.deepEqual(p.stages[3]?.cmd[0]?.value, 'fit rnn 1');
  assert.deepEqual(p.stages[3]?.outs[0]?.path.value, 'out/rnn-1');
  assert.equal(p.stages[0]?.expansion?.kind, 'matrix');
});

test('stage vars are loaded relative to the stage wdir', () => {
  const p = load('stages:\n  s:\n    wdir: sub\n    vars: [local.yaml]\n    cmd: echo ${x}\n', {
    'sub/local.yaml': 'x: 42\n',
  });
  assert.deepEqual(p.diagnostics, []);
  assert.equal(p.stages[0]?.cmd[0]?.value, 'echo 42');
});

test('an undefined variable is reported on the `${}` inside its scalar', () => {
  const p = load('stages:\n  s:\n    cmd: run ${a} --x ${missing.key}\n', { 'params.yaml': 'a: 1\n' });
  const d = p.diagnostics.find((x) => x.code === 'undefined-variable');
  assert.ok(d, JSON.stringify(p.diagnostics));
  assert.deepEqual(d.range, { start: { line: 2, character: 22 }, end: { line: 2, character: 36 } });
  assert.match(d.message, /missing\.key/);
});

test('an error in a foreach template is reported once, not once per generated stage', () => {
  const p = load('stages:\n  s:\n    foreach: [a, b, c]\n    do:\n      cmd: echo ${nope}\n');
  assert.equal(p.diagnostics.filter((d) => d.code === 'undefined-variable').length, 1);
});

test('interpolation errors in keys, meta and top-level sections are found too', () => {
  const p = load(
    'stages:\n  s:\n    cmd: x\n    outs:\n      - ${o}:\n          cache: false\n    meta: {k: "${m}"}\nmetrics: ["${met}"]\nartifacts:\n  ${art}:\n    path: x\n',
  );
  const lines = p.diagnostics.filter((d) => d.code === 'undefined-variable').map((d) => d.range.start.line);
  assert.deepEqual(lines.sort(), [4, 6, 7, 9]);
});

test('a missing file gives one clear diagnostic; broken YAML still yields the stages that parse', () => {
  const missing = loadPipeline(path.join(ROOT, 'nope', 'dvc.yaml'), memFs({}));
  assert.deepEqual(
    missing.diagnostics.map((d) => d.code),
    ['unreadable-file'],
  );
  const broken = load('stages:\n  a:\n    cmd: ok\n  b:\n    cmd: "unterminated\n');
  assert.ok(broken.stages.some((s) => s.name === 'a'));
  assert.ok(broken.diagnostics.some((d) => d.code === 'yaml-syntax'));
});
