// Property tests: whatever the text — random, truncated, mutated from real pipelines, or built from the
// schema's own keys — loading and validating never throws, ends, and yields well-formed diagnostics.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../src/core/diagnostics';
import type { FileSystem } from '../../src/core/fs';
import { keysAt, validatePipelines } from '../../src/core/pipeline';

const FIXTURES = path.resolve(__dirname, '../fixtures/pipelines');
const DIR = path.resolve('/prop');
const FILE = path.join(DIR, 'dvc.yaml');
const PARAMS = 'train:\n  lr: 0.1\n  layers: [1, 2]\nitems: [a, b]\nmodels: {x: {n: 1}}\n';

function fsWith(text: string): FileSystem {
  const files = new Map([
    [FILE, text],
    [path.join(DIR, 'params.yaml'), PARAMS],
  ]);
  return {
    readText: (p) => files.get(p),
    stat: (p) =>
      files.has(p)
        ? { isFile: true, isDirectory: false, size: files.get(p)?.length ?? 0, mtimeMs: 0 }
        : p === DIR
          ? { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 }
          : undefined,
    list: (p) => (p === DIR ? ['dvc.yaml', 'params.yaml'] : undefined),
  };
}

function wellFormed(d: Diagnostic, lineCount: number): boolean {
  const { start, end } = d.range;
  const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
  return (
    typeof d.code === 'string' &&
    d.code.length > 0 &&
    d.message.length > 0 &&
    ['error', 'warning', 'information', 'hint'].includes(d.severity) &&
    start.line >= 0 &&
    start.character >= 0 &&
    end.line <= lineCount &&
    ordered
  );
}

function validateText(text: string): void {
  const result = validatePipelines([FILE], fsWith(text));
  const lineCount = text.split('\n').length;
  for (const diagnostics of result.values()) {
    for (const d of diagnostics)
      assert.ok(
        wellFormed(d, lineCount),
        `malformed diagnostic ${JSON.stringify(d)} for ${JSON.stringify(text.slice(0, 200))}`,
      );
  }
}

const seeds = readdirSync(FIXTURES).map((name) => readFileSync(path.join(FIXTURES, name, 'dvc.yaml'), 'utf8'));
// Characters that matter to YAML and to our `${}` handling.
const TOKENS = [
  ':',
  ' ',
  '  ',
  '\n',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '<<: ',
  '!!str ',
  '|',
  '>',
  '\t',
  '${',
  '}',
  '${item}',
  '@',
  '---\n',
  '\r\n',
  '\uFEFF',
  '\0',
  '~',
  'cmd',
  'stages',
  'foreach',
  'do',
  'matrix',
  'vars',
  '1e3',
  'true',
  '2024-01-01',
];

test('random text never breaks validation', { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => validateText(text)),
    { numRuns: 300 },
  );
});

test('random YAML-ish token soup never breaks validation', { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), (tokens) => validateText(tokens.join(''))),
    { numRuns: 400 },
  );
});

test('truncated and mutated real pipelines never break validation', { timeout: 120_000 }, () => {
  const mutation = fc.record({
    seed: fc.constantFrom(...seeds),
    at: fc.nat(),
    cut: fc.nat({ max: 40 }),
    insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }),
    truncate: fc.boolean(),
  });
  fc.assert(
    fc.property(mutation, ({ seed, at, cut, insert, truncate }) => {
      const i = at % (seed.length + 1);
      const text = truncate ? seed.slice(0, i) : seed.slice(0, i) + insert.join('') + seed.slice(i + cut);
      validateText(text);
    }),
    { numRuns: 400 },
  );
});

/** Values shaped by the schema's own keys, with wrong types mixed in, serialized by the yaml package. */
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('${item}', '${train.lr}', '${missing}', '${items}', 'a@b'),
);
const stageKeys = keysAt(['stages', 's']).map((k) => k.name);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...stageKeys, 'x', 'y', 'path', 'cache'), tie('node'), { maxKeys: 4 }),
  ),
})).node;

test('schema-shaped random pipelines never break validation', { timeout: 120_000 }, () => {
  const pipeline = fc.record({
    stages: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.dictionary(fc.constantFrom(...stageKeys), value, { maxKeys: 6 }),
      { maxKeys: 4 },
    ),
    vars: fc.option(
      fc.array(fc.oneof(fc.constant('params.yaml'), fc.dictionary(fc.string({ maxLength: 5 }), leaf)), {
        maxLength: 3,
      }),
    ),
    plots: fc.option(fc.array(value, { maxLength: 3 })),
  });
  fc.assert(
    fc.property(pipeline, (p) => validateText(stringify(p))),
    { numRuns: 300 },
  );
});

test('alias and merge-key bombs stay bounded', { timeout: 60_000 }, () => {
  const levels = 30;
  let text = 'x0: &a0 {k: v}\n';
  for (let i = 1; i < levels; i++) text += `x${i}: &a${i}\n  <<: [*a${i - 1}, *a${i - 1}]\n  k${i}: v\n`;
  text += `stages:\n  s:\n    <<: *a${levels - 1}\n    cmd: echo\n    meta: [*a${levels - 1}, *a${levels - 1}]\n`;
  validateText(text);
  let laughs = 'l0: &l0 [lol, lol]\n';
  for (let i = 1; i < 25; i++) laughs += `l${i}: &l${i} [*l${i - 1}, *l${i - 1}]\n`;
  laughs +=
    'stages:\n  s:\n    cmd: echo\n    meta: *l24\n    outs: *l24\n  f:\n    foreach: *l24\n    do: {cmd: echo}\nvars: [*l24]\n';
  validateText(laughs);
});
