// Random and mutated params files and `${}` strings never make the readers throw or hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseParamsText } from '../../src/core/pipeline/params-files';
import { findInterpolations, parseExpression, resolveString } from '../../src/core/pipeline/interpolate';

const SEEDS: Record<string, string> = {
  'p.py':
    'import os\nLR = 0.1\nclass T:\n    a = [1, (2, 3), {"k": -1.5}]\n    def __init__(self):\n        self.b = "x\\ny"\n',
  'p.toml': 'lr = 1.0\n[train]\nsteps = [1, 2]\nopt.name = "adam"\n[[runs]]\nid = 1\n',
  'p.json': '{"a": {"b": [1, 2.0, null, true]}, "c": "d"}',
  'p.yaml': 'a: &x {b: 1}\nc:\n  <<: *x\n  d: [1, 2]\n',
};

/** A seed with a random slice replaced by random text (truncations, deletions and insertions). */
const mutated = fc
  .tuple(fc.constantFrom(...Object.keys(SEEDS)), fc.nat(), fc.nat(), fc.string({ maxLength: 12 }))
  .map(([name, a, b, insert]) => {
    const text = SEEDS[name] as string;
    const i = a % (text.length + 1);
    const j = i + (b % 8);
    return [name, text.slice(0, i) + insert + text.slice(j)] as const;
  });

test('params readers return values or a located error for any input', () => {
  fc.assert(
    fc.property(mutated, ([name, text]) => {
      const f = parseParamsText(`/w/${name}`, text);
      assert.equal(typeof f.values, 'object');
      if (f.error) assert.ok(f.error.range.start.line >= 0 && f.error.message.length > 0);
    }),
    { numRuns: 400 },
  );
  fc.assert(
    fc.property(fc.constantFrom('a.py', 'a.toml', 'a.json', 'a.yaml'), fc.string({ maxLength: 60 }), (name, text) => {
      parseParamsText(`/w/${name}`, text);
    }),
    { numRuns: 400 },
  );
});

test('interpolation never throws on arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 10 }), (text, expr) => {
      for (const m of findInterpolations(text)) assert.ok(m.start >= 0 && m.end <= text.length && m.start < m.end);
      parseExpression(expr);
      resolveString(text, { a: { b: [1, 'x'] }, c: true }, 'cmd');
      resolveString(`x \${${expr}} y`, { a: 1 });
    }),
    { numRuns: 500 },
  );
});
