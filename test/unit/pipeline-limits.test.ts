// Bounded work on any dvc.yaml: nesting depth, foreach/matrix expansion and `${}` output are capped, each with
// a diagnostic saying where and what the limit is, in bounded time and memory. Built-in JavaScript object
// properties are never variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nodeFileSystem } from '../../src/core/fs';
import { validatePipelines } from '../../src/core/pipeline';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/pipeline/validate';
import { MAX_NESTING } from '../../src/core/pipeline/nesting';
import { fileTree } from '../support/file-tree';

function check(files: Record<string, string>) {
  const root = fileTree('mlops-limits-', files);
  const file = join(root, 'dvc.yaml');
  return validatePipelines([file], nodeFileSystem).get(file) ?? [];
}

const codes = (ds: { code: string }[]) => ds.map((d) => d.code);

test('3,000 nested [ in a value: one too-deep error where the limit is passed', () => {
  const ds = check({ 'dvc.yaml': `stages:\n  a:\n    cmd: ${'['.repeat(3000)}${']'.repeat(3000)}\n` });
  assert.deepEqual(codes(ds), ['too-deep']);
  assert.equal(ds[0]?.range.start.line, 2);
  assert.match(ds[0]?.message ?? '', new RegExp(`deeper than ${MAX_NESTING} levels`));
});

test('3,000 unclosed [: one too-deep error, not 50 syntax errors and not a stack overflow', () => {
  assert.deepEqual(codes(check({ 'dvc.yaml': `stages:\n  a:\n    cmd: ${'['.repeat(3000)}\n` })), ['too-deep']);
});

test('a 5,000-level block mapping: one too-deep error', () => {
  let text = 'stages:\n  a:\n    cmd: echo\n    meta:\n';
  for (let i = 0; i < 5000; i++) text += `${' '.repeat(6 + i)}k${i}:\n`;
  text += `${' '.repeat(5006)}x: 1\n`;
  assert.deepEqual(codes(check({ 'dvc.yaml': text })), ['too-deep']);
});

test('nesting at the limit is read as before', () => {
  const value = `${'['.repeat(MAX_NESTING - 3)}1${']'.repeat(MAX_NESTING - 3)}`;
  assert.deepEqual(codes(check({ 'dvc.yaml': `stages:\n  a:\n    cmd: echo\n    meta: ${value}\n` })), []);
});

test('params files nested too deep (YAML, JSON, TOML, and params.py past CPython 200 brackets) are params errors', () => {
  const deep = 3000;
  const ds = check({
    'dvc.yaml':
      'stages:\n  a:\n    cmd: echo\n    params:\n      - p.yaml:\n          - x\n      - p.json:\n          - x\n      - p.toml:\n          - x\n      - p.py:\n          - X\n',
    'p.yaml': `x: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
    'p.json': `{"x": ${'['.repeat(deep)}${']'.repeat(deep)}}`,
    'p.toml': `x = ${'['.repeat(900)}${']'.repeat(900)}\n`,
    'p.py': `X = ${'('.repeat(deep)}1${')'.repeat(deep)}\n`,
  });
  assert.deepEqual(codes(ds), [
    'invalid-params-file',
    'invalid-params-file',
    'invalid-params-file',
    'invalid-params-file',
  ]);
  assert.match(ds[0]?.message ?? '', /p\.yaml nests deeper than 200 levels/);
  assert.match(ds[1]?.message ?? '', /p\.json nests deeper than 200 levels/);
  assert.match(ds[2]?.message ?? '', /p\.toml nests deeper than 200 levels/);
  assert.match(ds[3]?.message ?? '', /too many nested parentheses/);
});

test('params.py with 200 nested brackets is read, as CPython reads it', () => {
  const ds = check({
    'dvc.yaml': 'stages:\n  a:\n    cmd: echo\n    params:\n      - p.py:\n          - X\n',
    'p.py': `X = ${'('.repeat(200)}1${')'.repeat(200)}\n`,
  });
  assert.deepEqual(codes(ds), []);
});

test('a matrix of 5 axes of 100 values: one error naming the stage, the product and the limit, nothing built', () => {
  const axis = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
  const axes = ['a', 'b', 'c', 'd', 'e'].map((k) => `      ${k}: ${axis}\n`).join('');
  const ds = check({ 'dvc.yaml': `stages:\n  big:\n    matrix:\n${axes}    cmd: echo \${item.a}\n` });
  assert.deepEqual(codes(ds), ['too-many-stages']);
  assert.equal(
    ds[0]?.message,
    "The matrix of stage 'big' would generate 10,000,000,000 stages (100 × 100 × 100 × 100 × 100); a dvc.yaml may generate at most 10,000. Use fewer values, or split it.",
  );
});

test('the limit counts every template of the file; a foreach over a long list is capped too', () => {
  const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
  const ds = check({
    'dvc.yaml': `stages:\n  one:\n    foreach: ${list(6000)}\n    do:\n      cmd: echo \${item}\n  two:\n    foreach: ${list(6000)}\n    do:\n      cmd: echo \${item}\n`,
  });
  assert.deepEqual(codes(ds), ['too-many-stages']);
  assert.match(ds[0]?.message ?? '', /foreach of stage 'two' would generate 6,000 stages.*\(6,000 generated above\)/);
});

test('${v} repeated 100,000 times with a 10 KB v: an interpolation error, not "Invalid string length"', () => {
  const ds = check({
    'dvc.yaml': `stages:\n  a:\n    cmd: "${'${v}'.repeat(100_000)}"\n`,
    'params.yaml': `v: ${'x'.repeat(10_000)}\n`,
  });
  assert.deepEqual(codes(ds), ['invalid-interpolation']);
  assert.match(ds[0]?.message ?? '', /grows past 128 KiB/);
});

test('10,000 generated commands of 120 KB each: stopped at 64 M characters for the file, with one error', () => {
  const axis = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
  const ds = check({
    'dvc.yaml': `stages:\n  s:\n    matrix:\n      a: ${axis}\n      b: ${axis}\n    cmd: echo ${'${v}'.repeat(12)}\n`,
    'params.yaml': `v: ${'x'.repeat(10_000)}\n`,
  });
  assert.deepEqual(codes(ds), ['invalid-interpolation']);
  assert.match(ds[0]?.message ?? '', /more than 64 M characters/);
});

test('${constructor}, ${toString} and ${__proto__} are variables only when a params file defines them', () => {
  const undefinedOnes = check({
    'dvc.yaml': 'stages:\n  a:\n    cmd: echo ${constructor}\n  b:\n    cmd: echo ${toString}\n',
  });
  assert.deepEqual(codes(undefinedOnes), ['undefined-variable', 'undefined-variable']);
  assert.match(undefinedOnes[0]?.message ?? '', /Undefined variable 'constructor'.*Define it in params\.yaml/);
  const defined = check({
    'dvc.yaml': 'stages:\n  a:\n    cmd: echo ${constructor} ${__proto__.polluted}\n',
    'params.yaml': '__proto__:\n  polluted: 1\nconstructor: 5\n',
  });
  assert.deepEqual(codes(defined), []);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

/** 150 stages each with an unknown key, and a tab where YAML refuses one when `broken`. */
function manyProblems(broken: boolean, late = ''): string {
  const stages = Array.from({ length: 150 }, (_, i) => `  s${i}:\n    cmd: echo\n    bogus: 1\n`).join('');
  return `stages:\n${broken ? '  t:\n    cmd: echo\t\n' : ''}${stages}${late}`;
}

test('a file that is not valid YAML: the first problems by position, the last one counting the rest', () => {
  const ds = check({ 'dvc.yaml': manyProblems(true) });
  assert.equal(ds.length, MAX_DIAGNOSTICS_PER_FILE);
  assert.ok(codes(ds).includes('yaml-syntax'));
  const last = ds[ds.length - 1];
  assert.equal(last?.code, 'too-many-problems');
  assert.match(last?.message ?? '', /more problems in this file are not shown: it is not valid YAML/);
  const shownUnknown = codes(ds).filter((c) => c === 'unknown-key').length;
  assert.match(last?.message ?? '', new RegExp(`^${150 - shownUnknown} more problems`));
});

test('a valid file gets every problem, however many', () => {
  const ds = check({ 'dvc.yaml': manyProblems(false) });
  assert.equal(ds.length, 150);
  assert.deepEqual(new Set(codes(ds)), new Set(['unknown-key']));
});

test('past the cap, each kind of problem is still shown once: a late one is not hidden by earlier errors', () => {
  // The late stage has no cmd: a kind of problem no earlier stage has.
  const ds = check({ 'dvc.yaml': manyProblems(true, '  late:\n    deps: [x]\n') });
  assert.equal(ds.length, MAX_DIAGNOSTICS_PER_FILE);
  assert.ok(
    ds.some((d) => d.range.start.line >= 3 * 150 + 3 && d.code !== 'too-many-problems'),
    JSON.stringify(codes(ds.slice(-3))),
  );
  const lines = ds.map((d) => d.range.start.line);
  assert.deepEqual(
    lines,
    [...lines].sort((a, b) => a - b),
    'in position order',
  );
});
