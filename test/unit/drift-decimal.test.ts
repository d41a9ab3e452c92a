// The byte-level decimal parser of the CSV reader against JavaScript's Number() (correctly rounded, as
// Python's float()): every string it decides must give the very same double, halfway cases included; the
// strings it leaves to Number() must be only the ones outside its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDecimal } from '../../src/core/drift/readers/decimal';

/** A seeded generator (mulberry32), so a failure names a reproducible string. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parse = (text: string): number | undefined => {
  const bytes = Buffer.from(`,${text},`);
  return parseDecimal(bytes, 1, bytes.length - 1);
};

function assertSame(text: string): boolean {
  const ours = parse(text);
  if (ours === undefined) return false;
  assert.ok(Object.is(ours, Number(text)), `${text}: ${ours}, Number() gives ${Number(text)}`);
  return true;
}

test('doubles as JavaScript and pandas print them (up to 17 digits) parse to themselves, every one decided here', () => {
  const next = random(7);
  for (let i = 0; i < 40_000; i++) {
    const x = (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30);
    for (const text of [String(x), x.toExponential(), x.toPrecision(17), x.toPrecision(19)]) {
      assert.ok(assertSame(text), `${text} was left to Number()`);
    }
  }
});

test('random digit strings of 1 to 19 digits, with points and exponents, give the same double as Number()', () => {
  const next = random(11);
  let decided = 0;
  for (let i = 0; i < 40_000; i++) {
    const length = 1 + Math.floor(next() * 19);
    let digits = String(1 + Math.floor(next() * 9));
    while (digits.length < length) digits += String(Math.floor(next() * 10));
    const point = Math.floor(next() * (length + 1));
    const exponent = Math.floor(next() * 640) - 330;
    for (const text of [`${digits}e${exponent}`, `-${digits.slice(0, point)}.${digits.slice(point)}`]) {
      if (assertSame(text)) decided++;
    }
  }
  // Only subnormal results (exponents below about −307) are left to Number().
  assert.ok(decided > 75_000, `decided ${decided} of 80,000`);
});

test('halfway cases round to even, as Number() does: integers between two doubles and their decimal fractions', () => {
  const next = random(13);
  for (let i = 0; i < 20_000; i++) {
    const binade = 53 + Math.floor(next() * 10);
    const spacing = 1n << BigInt(binade - 52);
    const mantissa = BigInt(2 ** 52 + Math.floor(next() * 2 ** 52));
    const halfway = mantissa * spacing + spacing / 2n;
    for (const n of [halfway - 1n, halfway, halfway + 1n]) {
      assert.ok(assertSame(String(n)));
      assert.ok(assertSame(`${n}e-3`));
    }
  }
  for (const text of [
    '9007199254740993',
    '9007199254740995',
    '9223372036854775807',
    '1e23',
    '1.50000000000000000000000',
    '4.6e19',
    '46049839258193970000',
    '8.41e21',
  ]) {
    assert.ok(assertSame(text), text);
  }
});

test('zeros keep their sign; leading zeros are not digits; what is out of range is left to Number()', () => {
  assert.ok(Object.is(parse('-0.0'), -0));
  assert.ok(Object.is(parse('0'), 0));
  assert.equal(parse('0000.000000000000000000000000012345678901234567'), 1.2345678901234567e-26);
  assert.equal(parse('.5'), 0.5);
  assert.equal(parse('5.'), 5);
  assert.equal(parse('+7e+2'), 700);
  for (const text of [
    '12345678901234567891',
    '4.9e-324',
    '1e400',
    '',
    '.',
    'e5',
    '1e',
    '1.2.3',
    '--1',
    '0x10',
    '1_000',
  ]) {
    assert.equal(parse(text), undefined, text);
  }
});
