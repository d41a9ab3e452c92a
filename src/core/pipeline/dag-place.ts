// The y coordinate of every box and edge point of the layered drawing (dag-layout.ts), once the layers and their
// order are fixed: each row pulled towards its neighbours' average without overlap — least squares under the
// order constraint, solved exactly by isotonic regression — and the spacing constants both files use.

/** Space between two dummies (edges running side by side) and around a same-layer edge's bracket. */
export const EDGE_GAP = 8;

/** The largest of `values`, or `floor` (no spread: rows of dummies can exceed the argument limit). */
export function maxOf(values: readonly number[], floor: number): number {
  let m = floor;
  for (const v of values) if (v > m) m = v;
  return m;
}

/**
 * Centre y of every item. Each row is placed as close as possible to its neighbours' average (least squares)
 * subject to its order and the minimum gaps: isotonic regression by pool-adjacent-violators, exact and linear.
 * Dummies weigh more, which straightens long edges.
 */
export function placeVertically(
  rows: readonly number[][],
  up: readonly number[][],
  down: readonly number[][],
  height: readonly number[],
  items: number,
  nodeGap: number,
): number[] {
  const y = new Array<number>(items).fill(0);
  const isDummy = (i: number) => height[i] === 0;
  const gapAfter = (row: readonly number[], k: number) => {
    const [a, b] = [row[k] as number, row[k + 1] as number];
    const gap = isDummy(a) && isDummy(b) ? EDGE_GAP : isDummy(a) || isDummy(b) ? nodeGap / 2 : nodeGap;
    return ((height[a] as number) + (height[b] as number)) / 2 + gap;
  };
  const offsets = rows.map((row) => {
    const o = [0];
    for (let k = 0; k + 1 < row.length; k++) o.push((o[k] as number) + gapAfter(row, k));
    return o;
  });
  rows.forEach((row, l) => row.forEach((item, k) => (y[item] = (offsets[l] as number[])[k] as number)));
  const place = (l: number, neighbours: readonly (readonly number[][])[]) => {
    const row = rows[l] as number[];
    const off = offsets[l] as number[];
    const target = row.map((item, k) => {
      const ns = neighbours.flatMap((side) => side[item] as number[]);
      const want = ns.length === 0 ? (y[item] as number) : ns.reduce((s, w) => s + (y[w] as number), 0) / ns.length;
      return want - (off[k] as number);
    });
    const z = isotonic(
      target,
      row.map((item) => (isDummy(item) ? 2 : 1)),
    );
    row.forEach((item, k) => (y[item] = (z[k] as number) + (off[k] as number)));
  };
  for (let round = 0; round < 4; round++) {
    for (let l = 1; l < rows.length; l++) place(l, [up]);
    for (let l = rows.length - 2; l >= 0; l--) place(l, [down]);
  }
  for (let l = 0; l < rows.length; l++) place(l, [up, down]);
  // Shift so the topmost box starts at 0.
  const top = -maxOf(
    y.map((c, i) => (height[i] as number) / 2 - c),
    0,
  );
  return y.map((c) => c - top);
}

/** Non-decreasing least-squares fit of `values` with `weights` (pool adjacent violators). */
function isotonic(values: readonly number[], weights: readonly number[]): number[] {
  const blocks: { mean: number; weight: number; count: number }[] = [];
  values.forEach((v, i) => {
    blocks.push({ mean: v, weight: weights[i] as number, count: 1 });
    while (
      blocks.length > 1 &&
      (blocks[blocks.length - 2] as { mean: number }).mean > (blocks[blocks.length - 1] as { mean: number }).mean
    ) {
      const b = blocks.pop() as { mean: number; weight: number; count: number };
      const a = blocks[blocks.length - 1] as { mean: number; weight: number; count: number };
      a.mean = (a.mean * a.weight + b.mean * b.weight) / (a.weight + b.weight);
      a.weight += b.weight;
      a.count += b.count;
    }
  });
  return blocks.flatMap((b) => new Array<number>(b.count).fill(b.mean));
}
