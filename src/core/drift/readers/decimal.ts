// Decimal text to the nearest double, straight from a file's bytes: the same double Python's float() and
// JavaScript's Number() give, without making a string first. pandas writes floats with up to 17 significant
// digits, past Clinger's fast path (≤ 15 digits, one exact multiply or divide), and Number() on such a string
// costs ~200 ns: a million-row file spent most of its reading there. Up to 19 significant digits go through
// the Eisel–Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021, as fast_float does it):
// the digits times a 128-bit truncated power of five, rounded to nearest-even, with the paper's checks for
// the few cases that product cannot decide; those, and anything else (more digits, subnormals, overflow),
// return undefined and the caller's Number() decides. 64-bit integers are held as 16-bit limbs in doubles,
// so every product and sum is exact.

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const INV16 = 1 / 0x10000;
const TWO32 = 0x100000000;
const INV32 = 1 / TWO32;
const TWO53 = 2 ** 53;
const SMALLEST_Q = -342;
const LARGEST_Q = 308;

/** 2^(e − 1075) at index e, e in [1, 2046]: what a 53-bit integer mantissa is scaled by for the biased exponent e. */
const SCALE = (() => {
  const scale = new Float64Array(2047);
  let x = 2 ** -1074;
  for (let e = 1; e < 2047; e++) {
    scale[e] = x;
    x *= 2;
  }
  return scale;
})();

/** 5^q to 128 bits (normalised, truncated; rounded up for q < 0), 8 limbs of 16 bits, least significant first. */
const powersOfFive = new Uint16Array((LARGEST_Q - SMALLEST_Q + 1) * 8);
const powerReady = new Uint8Array(LARGEST_Q - SMALLEST_Q + 1);

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** The table entry of fast_float's generator, computed on first use (most files use a handful of exponents). */
function fillPowerOfFive(q: number): void {
  const index = q - SMALLEST_Q;
  let value: bigint;
  if (q >= 0) {
    value = 5n ** BigInt(q);
    const shift = 128 - bitLength(value);
    value = shift >= 0 ? value << BigInt(shift) : value >> BigInt(-shift);
  } else {
    const power = 5n ** BigInt(-q);
    const z = bitLength(power);
    const b = q >= -27 ? z + 127 : 2 * z + 128;
    value = (1n << BigInt(b)) / power + 1n;
    const excess = bitLength(value) - 128;
    if (excess > 0) value >>= BigInt(excess);
  }
  for (let limb = 0; limb < 8; limb++) powersOfFive[index * 8 + limb] = Number((value >> BigInt(16 * limb)) & 0xffffn);
  powerReady[index] = 1;
}

/**
 * The 128-bit product of w (limbs w0…w3) and the 64-bit half of a table entry at `at`, into `out` (8 limbs).
 * A column sums at most four 32-bit products and a carry (< 2^35): exact, and `& 0xffff` and `/ 2^16 | 0`
 * split it without leaving small-integer arithmetic.
 */
function multiply(w0: number, w1: number, w2: number, w3: number, at: number, out: Int32Array): void {
  const t = powersOfFive;
  const t0 = t[at]!;
  const t1 = t[at + 1]!;
  const t2 = t[at + 2]!;
  const t3 = t[at + 3]!;
  let column = w0 * t0;
  out[0] = column & 0xffff;
  column = ((column * INV16) | 0) + w0 * t1 + w1 * t0;
  out[1] = column & 0xffff;
  column = ((column * INV16) | 0) + w0 * t2 + w1 * t1 + w2 * t0;
  out[2] = column & 0xffff;
  column = ((column * INV16) | 0) + w0 * t3 + w1 * t2 + w2 * t1 + w3 * t0;
  out[3] = column & 0xffff;
  column = ((column * INV16) | 0) + w1 * t3 + w2 * t2 + w3 * t1;
  out[4] = column & 0xffff;
  column = ((column * INV16) | 0) + w2 * t3 + w3 * t2;
  out[5] = column & 0xffff;
  column = ((column * INV16) | 0) + w3 * t3;
  out[6] = column & 0xffff;
  out[7] = (column * INV16) | 0;
}

const first = new Int32Array(8);
const second = new Int32Array(8);

/**
 * The double nearest to w·10^q, w < 2^64 given as two 32-bit halves (nonzero), or undefined when this
 * algorithm cannot decide it (the caller then parses the text in full).
 */
function eiselLemire(wHigh: number, wLow: number, q: number): number | undefined {
  if (q < SMALLEST_Q || q > LARGEST_Q) return undefined;
  // Normalise: the most significant bit of w at bit 63.
  const lz = wHigh !== 0 ? Math.clz32(wHigh) : 32 + Math.clz32(wLow);
  let hi = wHigh;
  let lo = wLow;
  if (lz >= 32) {
    hi = lo << (lz - 32);
    lo = 0;
  } else if (lz > 0) {
    hi = (hi << lz) | (lo >>> (32 - lz));
    lo = lo << lz;
  }
  const w0 = lo & 0xffff;
  const w1 = lo >>> 16;
  const w2 = hi & 0xffff;
  const w3 = hi >>> 16;
  if (powerReady[q - SMALLEST_Q] === 0) fillPowerOfFive(q);
  const at = (q - SMALLEST_Q) * 8;
  multiply(w0, w1, w2, w3, at + 4, first);
  // The high half of the product leaves the mantissa undecided: add the low half's contribution.
  if ((first[4]! & 0x1ff) === 0x1ff) {
    multiply(w0, w1, w2, w3, at, second);
    let carry = 0;
    for (let limb = 0; limb < 8; limb++) {
      const sum = first[limb]! + (limb < 4 ? second[limb + 4]! : 0) + carry;
      first[limb] = sum & 0xffff;
      carry = sum >>> 16;
    }
  }
  const r0 = first[0]!;
  const r1 = first[1]!;
  const r2 = first[2]!;
  const r3 = first[3]!;
  // The paper's one case where the truncated power may round wrongly.
  if ((r0 & r1 & r2 & r3) === 0xffff && !(q >= -27 && q <= 55)) return undefined;
  // The high 64 bits of the product as two 32-bit halves.
  const high = ((first[7]! << 16) | first[6]!) >>> 0;
  const low = ((first[5]! << 16) | first[4]!) >>> 0;
  const upperBit = high >>> 31;
  const shift = upperBit + 9;
  // mantissa = high64 >> shift (54 bits), kept as its upper 53 bits and its lowest bit.
  const mantissaHalf = high * (upperBit === 1 ? 2 ** 21 : 2 ** 22) + (low >>> (shift + 1));
  let roundBit = (low >>> shift) & 1;
  let power2 = ((217706 * q) >> 16) + 63 + upperBit - lz + 1023;
  if (power2 <= 0) return undefined;
  if (
    (r1 | r2 | r3) === 0 &&
    r0 <= 1 &&
    q >= -4 &&
    q <= 23 &&
    roundBit === 1 &&
    ((low >>> (shift + 1)) & 1) === 0 &&
    (low & ((1 << shift) - 1)) === 0
  ) {
    // Exactly halfway with an even lower neighbour: round down.
    roundBit = 0;
  }
  let mantissa = mantissaHalf + roundBit;
  if (mantissa >= TWO53) {
    mantissa = TWO53 / 2;
    power2++;
  }
  if (power2 >= 0x7ff) return undefined;
  return mantissa * SCALE[power2]!;
}

const DIGIT_0 = 0x30;
const POINT = 0x2e;

const isDigit = (c: number): boolean => c >= DIGIT_0 && c <= 0x39;

/**
 * The number the bytes [start, end) spell (optional sign, digits with an optional point, optional exponent),
 * or undefined when they spell no number this parser takes on (the caller falls back to full parsing).
 * First the digits' extent is found, then the significant ones (leading and trailing zeros left out) are
 * accumulated in one tight loop.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const sign = buf[i];
  if (sign === 0x2d || sign === 0x2b) i++;
  const intStart = i;
  while (i < end && isDigit(buf[i]!)) i++;
  const intEnd = i;
  let fracEnd = i;
  if (i < end && buf[i] === POINT) {
    i++;
    while (i < end && isDigit(buf[i]!)) i++;
    fracEnd = i;
  }
  // Digits at [intStart, fracEnd), the point (if any) at intEnd.
  const hasPoint = fracEnd > intEnd;
  if (fracEnd - intStart - (hasPoint ? 1 : 0) === 0) return undefined;
  let exponent = hasPoint ? -(fracEnd - intEnd - 1) : 0;
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    const expSign = buf[i];
    if (expSign === 0x2d || expSign === 0x2b) i++;
    const expStart = i;
    let exp = 0;
    while (i < end && isDigit(buf[i]!) && i - expStart < 5) exp = exp * 10 + (buf[i++]! - DIGIT_0);
    if (i === expStart) return undefined;
    exponent += expSign === 0x2d ? -exp : exp;
  }
  if (i !== end) return undefined;
  // The significant digits: from the first nonzero one to the last nonzero one.
  let first = intStart;
  while (first < fracEnd && (buf[first] === DIGIT_0 || first === intEnd)) first++;
  let value: number | undefined;
  if (first === fracEnd) value = 0;
  else {
    let last = fracEnd - 1;
    while (buf[last] === DIGIT_0 || last === intEnd) {
      if (last !== intEnd) exponent++;
      last--;
    }
    const count = last - first + 1 - (first < intEnd && last > intEnd && hasPoint ? 1 : 0);
    if (count > 19) return undefined;
    let head = 0;
    let tail = 0;
    let digits = 0;
    for (let k = first; k <= last; k++) {
      const c = buf[k]!;
      if (c === POINT) continue;
      if (digits++ < 15) head = head * 10 + (c - DIGIT_0);
      else tail = tail * 10 + (c - DIGIT_0);
    }
    if (count <= 15 && exponent >= -22 && exponent <= 22) {
      // Clinger's fast path: both operands exact, one correctly rounded operation.
      value = exponent < 0 ? head / POW10[-exponent]! : head * POW10[exponent]!;
    } else {
      // w = head·10^(count − 15) + tail, exactly, as two 32-bit halves (w < 10^19 < 2^64).
      const scale = POW10[count > 15 ? count - 15 : 0]!;
      const headHigh = Math.floor(head * INV32);
      let low = (head >>> 0) * scale + tail;
      const carry = Math.floor(low * INV32);
      low -= carry * TWO32;
      value = eiselLemire(headHigh * scale + carry, low, exponent);
    }
  }
  if (value === undefined) return undefined;
  return sign === 0x2d ? -value : value;
}
