// Vega is the referee of the `smooth` template's trend line: DVC's own page for the plot (`dvc plots diff --json`
// without --split gives the vega-lite spec with its data) is compiled by vega-lite and run by vega in Node, and the
// rows of its loess dataset — one line per revision and y field, at DVC's initial bandwidth and at bandwidths the
// slider can be moved to — equal the lines of our scene. The data is noisy, has repeated x values, a `nan` and
// rows out of x order, over two revisions and two fields, 3,200 rows each (so even 0.001 spans 3 neighbours).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectPlots } from '../../src/core/plots/collect';
import { DVC_SMOOTH_BANDWIDTH } from '../../src/core/plots/loess';
import { buildScene, type LinesScene } from '../../src/core/plots/scene';
import { dvcVegaSpec } from '../support/dvc-vega';
import { dvcRepo } from '../support/runner-workspace';

const ROWS = 3200;

/** A deterministic noisy series (a small LCG), `shift` telling revisions apart. */
function metricsCsv(shift: number): string {
  let seed = 12345 + shift;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const lines = ['step,loss,acc'];
  for (let i = 0; i < ROWS; i++) {
    // Every 9th step repeats the one before, and pairs are swapped every 50 rows: x out of order.
    const step = i % 9 === 0 && i > 0 ? i - 1 : i % 50 === 1 ? i + 1 : i % 50 === 2 ? i - 1 : i;
    const loss = i === 700 ? 'nan' : (Math.exp(-step / 800) + 0.2 * noise() + shift * 0.05).toFixed(5);
    const acc = (0.5 + 0.4 * (1 - Math.exp(-step / 600)) + 0.1 * noise()).toFixed(5);
    lines.push(`${step},${loss},${acc}`);
  }
  return `${lines.join('\n')}\n`;
}

const DVC_YAML = `plots:
  - trend:
      template: smooth
      x: step
      y:
        metrics.csv: [loss, acc]
`;

const root = dvcRepo({ 'dvc.yaml': DVC_YAML, 'metrics.csv': metricsCsv(0) }, 'mlops-smooth-');
writeFileSync(join(root, 'metrics.csv'), metricsCsv(1));

type Row = Record<string, unknown>;

/** DVC's spec for the plot, run by vega at each bandwidth: the loess rows per `rev` and `field`. */
async function vegaLines(bandwidths: readonly number[]): Promise<Map<number, Map<string, [number, number][]>>> {
  const spec = dvcVegaSpec(root, 'trend');
  // Both are ES modules with top-level await: imported, not required.
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const compiled = vegaLite.compile(spec).spec;
  const loess = (compiled.data ?? []).filter((d) =>
    ((d as { transform?: { type: string }[] }).transform ?? []).some((t) => t.type === 'loess'),
  );
  assert.equal(loess.length, 1, "DVC's spec has one loess transform");
  const transform = (loess[0] as { transform: Row[] }).transform.find((t) => t.type === 'loess') as Row;
  assert.deepEqual(transform.groupby, ['rev', 'field'], 'grouped by revision and y field');
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const out = new Map<number, Map<string, [number, number][]>>();
  try {
    await view.runAsync();
    assert.equal(view.signal('smooth'), DVC_SMOOTH_BANDWIDTH, "DVC's slider starts at our default");
    for (const bandwidth of bandwidths) {
      view.signal('smooth', bandwidth);
      await view.runAsync();
      const groups = new Map<string, [number, number][]>();
      for (const row of view.data(loess[0]!.name) as Row[]) {
        const key = `${String(row.rev)} ${String(row.field)}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push([Number(row.step), Number(row.dvc_inferred_y_value)]);
      }
      out.set(bandwidth, groups);
    }
  } finally {
    view.finalize();
  }
  return out;
}

function ourLines(bandwidth: number): Map<string, [number, number][]> {
  const result = collectPlots({ root, revisions: ['HEAD', 'workspace'] });
  const plot = result.plots.find((p) => p.id === 'trend');
  assert.equal(plot?.kind, 'vega');
  if (plot?.kind !== 'vega') throw new Error('no trend plot');
  const built = buildScene(plot, { smoothBandwidth: bandwidth });
  assert.ok(built.ok, built.ok ? '' : built.problem.message);
  const body = built.scene.body as LinesScene;
  assert.equal(body.mark, 'smooth');
  const groups = new Map<string, [number, number][]>();
  for (const s of body.series) {
    assert.ok(s.smoothed, 'every series has its trend line');
    groups.set(
      `${s.revision} ${s.source}`,
      Array.from(s.smoothed.xs, (x, i) => [x, s.smoothed!.ys[i]!]),
    );
  }
  return groups;
}

test('smooth: our loess lines equal vega running DVC’s spec, per revision and field, at four bandwidths', async () => {
  const bandwidths = [DVC_SMOOTH_BANDWIDTH, 0.01, 0.3, 1];
  const theirs = await vegaLines(bandwidths);
  for (const bandwidth of bandwidths) {
    const expected = theirs.get(bandwidth)!;
    const actual = ourLines(bandwidth);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `groups at ${bandwidth}`);
    assert.equal(expected.size, 4, 'two revisions × two fields');
    for (const [key, line] of expected) {
      const ours = actual.get(key)!;
      assert.equal(ours.length, line.length, `${key} at ${bandwidth}: one point per distinct x`);
      let worst = 0;
      line.forEach(([x, y], i) => {
        const [ox, oy] = ours[i]!;
        assert.equal(ox, x, `${key} at ${bandwidth}: x of point ${i}`);
        worst = Math.max(worst, Math.abs(oy - y) / Math.max(1, Math.abs(y)));
      });
      assert.ok(worst < 1e-9, `${key} at ${bandwidth}: largest difference ${worst}`);
    }
  }
  // The bandwidths really differ: a wide window smooths the noise away, DVC's initial one keeps most of it.
  const rough = ourLines(DVC_SMOOTH_BANDWIDTH).get('workspace loss')!;
  const smooth = ourLines(0.3).get('workspace loss')!;
  const wiggle = (l: [number, number][]): number =>
    l.slice(1).reduce((sum, [, y], i) => sum + Math.abs(y - l[i]![1]), 0);
  assert.ok(wiggle(rough) > 5 * wiggle(smooth), `${wiggle(rough)} vs ${wiggle(smooth)}`);
});
