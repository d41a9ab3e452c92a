// Our dvc.lock writer against the one DVC uses (ruamel.yaml through dvc.utils.serialize.dumps_yaml): lock-shaped
// documents of seeded random strings — long commands that fold, quotes, `: ` and ` #`, numbers and booleans in
// string form, line breaks, tabs, control and non-ASCII characters — and params of every value type, written by
// both; the texts must be equal byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PyFloat } from '../../src/core/pipeline/py-value';
import { dumpLockYaml } from '../../src/core/runner/lock-yaml';
import { venvBin } from '../support/python';

let seed = 20260501;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
const PIECES = [
  'python',
  'src/train.py',
  '--input',
  'data/x.csv',
  "it's",
  'a:b',
  'x: y',
  '#c',
  ' #d',
  '"q"',
  '3.0',
  'yes',
  'null',
  '-',
  '- a',
  '? k',
  '\t',
  '\n',
  'é',
  '日本',
  '\\',
  '${x}',
  '&&',
  '|',
  '>',
  '%',
  '@',
  '`',
  '  ',
  '',
  '[1]',
  '{a}',
  ',',
  'true',
  '0x1F',
  '1e5',
  '2024-01-01',
  '~',
  '\x01',
  '\u2028',
  '=',
  '<<',
  '.inf',
  '--a-very-long-option-name-that-goes-on',
];

function text(): string {
  let s = '';
  const n = Math.floor(rnd() * 30);
  for (let i = 0; i < n; i++) s += pick(PIECES) + (rnd() < 0.7 ? ' ' : '');
  return rnd() < 0.1 ? pick(PIECES) : s;
}

/**
 * A mapping key: one line, under 100 characters. Longer or multi-line keys take ruamel.yaml's explicit `? key`
 * form, where its output has quirks of its own (spaces added inside quoted keys); no stage name or params key
 * of a real lock is like that.
 */
const key = (): string =>
  text()
    .replace(/[\n\u2028\x85\u2029]/g, '')
    .slice(0, 100);

function value(depth: number): unknown {
  const r = rnd();
  if (r < 0.45 || depth > 2) return text();
  if (r < 0.5) return Math.floor(rnd() * 1e6) - 1000;
  if (r < 0.55) return pick([0.5, 1e-5, 1.5e300, -2.25, 1 / 3, 1e16 + 2]);
  if (r < 0.6) return new PyFloat(pick([3, 0, 1e16, -7]));
  if (r < 0.65) return pick([true, false, null]);
  if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
  // Keys stay short of ruamel's explicit `? key` form, which DVC never needs for stage names or params keys.
  return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [key() || 'k', value(depth + 1)]));
}

/** JSON for the Python side: floats tagged, so that `3.0` stays a float there. */
const tagged = (v: unknown): unknown =>
  v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v))
    ? { __float__: String(Number(v)) }
    : Array.isArray(v)
      ? v.map(tagged)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tagged(x)]))
        : v;

test('dvc.lock text: our writer equals ruamel.yaml as DVC configures it, byte for byte', () => {
  const docs = Array.from({ length: 400 }, () => ({
    schema: '2.0',
    stages: {
      [key() || 'stage']: {
        cmd: rnd() < 0.8 ? text() : [text(), text()],
        deps: [{ path: text(), hash: 'md5', md5: 'f9c6ec5ca8e5d3bd8e8f8bb43ba4fa8b', size: 3 }],
        params: { 'params.yaml': value(0) },
        outs: [{ path: text(), hash: 'md5', md5: '54bc3c0e1ef1ba8a18e0a2e3a2b3b1b4.dir', size: 10, nfiles: 2 }],
      },
    },
  }));
  const theirs = JSON.parse(
    execFileSync(join(venvBin(), 'python'), [join(__dirname, 'ruamel_dump.py')], {
      input: JSON.stringify(docs.map(tagged)),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }),
  ) as string[];
  const differing = docs.filter((d, i) => dumpLockYaml(d) !== theirs[i]);
  assert.deepEqual(
    differing.slice(0, 1).map((d) => ({ ours: dumpLockYaml(d), theirs: theirs[docs.indexOf(d)] })),
    [],
  );
});
