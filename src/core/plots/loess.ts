// The `smooth` template's trend line, computed as DVC's page computes it: DVC's template (dvc_render's
// SmoothLinearTemplate) runs vega's `loess` transform on y over x, grouped by revision and y source, with the
// bandwidth of its "smooth" slider, 0.001 until the reader moves it. Vega's loess (vega-statistics) is
// Cleveland's robust locally weighted linear regression over a sliding window of nearest neighbours:
// - points whose x or y is NaN are left out; the rest are sorted by x (a stable sort) and centred on their means;
// - the window holds max(2, ⌊bandwidth·n⌋) neighbours, slid right while that brings it no farther from the point;
// - weights are tricube in the distance over the window's farthest distance (1 when that is 0), times the
//   robustness weights; a weighted least-squares line gives the point's fitted value;
// - three passes: after each of the first two, each weight becomes (1 − (r / 6·median r)²)², or 1e-12 for a
//   residual r beyond six medians; a median under 1e-12 stops early (the fit is already exact);
// - one output point per distinct x, in x order.
// test/referee/plots-smooth-vega.test.ts holds this to vega's own loess run on DVC's spec.

/** The bandwidth DVC's `smooth` template opens with (its slider's initial value). */
export const DVC_SMOOTH_BANDWIDTH = 0.001;

const ITERATIONS = 3;
const EPSILON = 1e-12;

export interface Curve {
  xs: Float64Array;
  ys: Float64Array;
}

export function loess(xs: ArrayLike<number>, ys: ArrayLike<number>, bandwidth: number): Curve {
  const order: number[] = [];
  for (let i = 0; i < xs.length; i++) if (!Number.isNaN(xs[i]) && !Number.isNaN(ys[i])) order.push(i);
  order.sort((a, b) => xs[a]! - xs[b]!);
  const n = order.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // Running means, as vega takes them: the centred values then equal vega's to the last bit.
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    x[i] = xs[order[i]!]!;
    y[i] = ys[order[i]!]!;
    mx += (x[i]! - mx) / (i + 1);
    my += (y[i]! - my) / (i + 1);
  }
  for (let i = 0; i < n; i++) {
    x[i]! -= mx;
    y[i]! -= my;
  }
  // Vega's window never shrinks below two points; a series of one point is its own fit.
  const span = Math.min(n, Math.max(2, Math.floor(bandwidth * n)));
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  const robustness = new Float64Array(n).fill(1);
  for (let pass = 0; pass < ITERATIONS; pass++) {
    fitPass(x, y, span, robustness, fitted, residuals);
    if (pass === ITERATIONS - 1) break;
    const m = median(residuals);
    if (Math.abs(m) < EPSILON) break;
    for (let i = 0; i < n; i++) {
      const u = residuals[i]! / (6 * m);
      robustness[i] = u >= 1 ? EPSILON : (1 - u * u) ** 2;
    }
  }
  return distinctX(x, fitted, mx, my);
}

/** One pass of local fits: `fitted[i]` and `residuals[i]` for every point. */
function fitPass(
  x: Float64Array,
  y: Float64Array,
  span: number,
  robustness: Float64Array,
  fitted: Float64Array,
  residuals: Float64Array,
): void {
  const n = x.length;
  let lo = 0;
  let hi = span - 1;
  for (let i = 0; i < n; i++) {
    const at = x[i]!;
    const far = at - x[lo]! > x[hi]! - at ? lo : hi;
    const scale = 1 / (Math.abs(x[far]! - at) || 1);
    let w = 0;
    let wx = 0;
    let wy = 0;
    let wxy = 0;
    let wxx = 0;
    for (let k = lo; k <= hi; k++) {
      const weight = tricube(Math.abs(at - x[k]!) * scale) * robustness[k]!;
      const xw = x[k]! * weight;
      w += weight;
      wx += xw;
      wy += y[k]! * weight;
      wxy += y[k]! * xw;
      wxx += x[k]! * xw;
    }
    const [meanX, meanY] = [wx / w, wy / w];
    const variance = wxx / w - meanX * meanX;
    const slope = Math.abs(variance) < 1e-24 ? 0 : (wxy / w - meanX * meanY) / variance;
    fitted[i] = meanY - slope * meanX + slope * at;
    residuals[i] = Math.abs(y[i]! - fitted[i]!);
    // Slide right while the next point is no farther from the next x than the window's left end (equal
    // distances slide too, so a run of equal x values is passed over).
    const next = x[i + 1]!;
    while (i + 1 < n && hi + 1 < n && lo < i + 1 && x[hi + 1]! - next <= next - x[lo]!) {
      lo++;
      hi++;
    }
  }
}

function tricube(u: number): number {
  const v = 1 - u * u * u;
  return v * v * v;
}

/** The median, the middle two averaged for an even count (d3's, which vega uses). */
function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! + (sorted[mid]! - sorted[mid - 1]!) * 0.5;
}

/**
 * One point per distinct x, means added back. Vega 6 merges a run of equal x values with an online mean whose
 * count starts at 0, so the run's first fit drops out (a run of two keeps the second): kept, so the line is the
 * one DVC's page draws.
 */
function distinctX(x: Float64Array, fitted: Float64Array, mx: number, my: number): Curve {
  const outX: number[] = [];
  const outY: number[] = [];
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (i > 0 && x[i] === x[i - 1]) {
      count++;
      outY[outY.length - 1]! += (fitted[i]! - outY[outY.length - 1]!) / count;
      continue;
    }
    count = 0;
    outX.push(x[i]! + mx);
    outY.push(fitted[i]!);
  }
  return { xs: Float64Array.from(outX), ys: Float64Array.from(outY, (v) => v + my) };
}
