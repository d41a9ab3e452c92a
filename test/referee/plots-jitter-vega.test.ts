// Vega is the referee of the `scatter_jitter` template's picture: DVC's own spec for the plot (`dvc plots diff
// --json` without --split) is compiled by vega-lite and run by vega in Node; its x and y scales — the categories'
// order and each band's place and width — equal ours (core/plots/nominal.ts), and every point vega places lies
// in its band, as every point of ours does. Ours are also placed the same on every build (jitter.ts: a hash of
// the point, where DVC calls random()), and spread over their band rather than piled on one spot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectPlots } from '../../src/core/plots/collect';
import { drawScene } from '../../src/core/plots/draw';
import type { Primitive } from '../../src/core/plots/primitives';
import type { JitterScene } from '../../src/core/plots/jitter';
import { plotArea } from '../../src/core/plots/layout';
import { band } from '../../src/core/plots/nominal';
import { buildScene } from '../../src/core/plots/scene';
import { dvcVegaSpec } from '../support/dvc-vega';
import { dvcRepo } from '../support/runner-workspace';

/** Groups and scores as text, so vega sorts them as text ("10" before "2"), as DVC's CSV rows give them. */
function csv(shift: number): string {
  const lines = ['group,score'];
  for (let i = 0; i < 120; i++) lines.push(`${[1, 2, 10][i % 3]},${(i * 7 + shift) % 5}`);
  return `${lines.join('\n')}\n`;
}

const root = dvcRepo(
  {
    'dvc.yaml': 'plots:\n  - jitter.csv:\n      template: scatter_jitter\n      x: group\n      y: score\n',
    'jitter.csv': csv(0),
  },
  'mlops-jitter-',
);
writeFileSync(join(root, 'jitter.csv'), csv(1));

interface Scale {
  (value: unknown): number;
  domain(): unknown[];
  bandwidth(): number;
}

async function vegaScales(): Promise<{
  x: Scale;
  y: Scale;
  width: number;
  height: number;
  points: [number, number, string, string][];
}> {
  const spec = dvcVegaSpec(root, 'jitter.csv');
  // Both are ES modules with top-level await: imported, not required.
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    const points: [number, number, string, string][] = [];
    const visit = (node: { marktype?: string; items?: unknown[] }): void => {
      for (const item of (node.items ?? []) as {
        x?: number;
        y?: number;
        datum?: Record<string, unknown>;
        items?: unknown[];
        marktype?: string;
      }[]) {
        // Legend entries are symbols too: the plot's points are the ones holding a row.
        if (node.marktype === 'symbol' && item.datum && 'rev' in item.datum)
          points.push([item.x!, item.y!, String(item.datum.group), String(item.datum.score)]);
        visit(item as { marktype?: string; items?: unknown[] });
      }
    };
    visit((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
    return {
      x: view.scale('x') as unknown as Scale,
      y: view.scale('y') as unknown as Scale,
      width: view.signal('width') as number,
      height: view.signal('height') as number,
      points,
    };
  } finally {
    view.finalize();
  }
}

function ourScene(): JitterScene {
  const plot = collectPlots({ root, revisions: ['HEAD', 'workspace'] }).plots.find((p) => p.id === 'jitter.csv');
  if (plot?.kind !== 'vega') throw new Error('no jitter plot');
  const built = buildScene(plot);
  assert.ok(built.ok);
  assert.equal(built.scene.body.kind, 'jitter');
  return built.scene.body as JitterScene;
}

test('scatter_jitter: the categories, their order and their bands are vega’s; every point lies in its band', async () => {
  const theirs = await vegaScales();
  const ours = ourScene();
  assert.deepEqual(ours.xLabels, theirs.x.domain().map(String), 'x categories in vega’s order');
  assert.deepEqual(ours.yLabels, theirs.y.domain().map(String), 'y categories in vega’s order');
  assert.deepEqual(ours.xLabels, ['1', '10', '2'], 'text sorts as text');
  for (const [labels, scale, length] of [
    [ours.xLabels, theirs.x, theirs.width],
    [ours.yLabels, theirs.y, theirs.height],
  ] as const)
    labels.forEach((label, i) => {
      const b = band(i, labels.length, length);
      assert.ok(Math.abs(b.start - scale(label)) < 1e-9, `${label} starts at ${scale(label)}, ours ${b.start}`);
      assert.ok(Math.abs(b.width - scale.bandwidth()) < 1e-9, `band width ${scale.bandwidth()}, ours ${b.width}`);
    });
  // DVC's points: each in its band (the offset scale maps the randoms' range onto the band's width).
  assert.equal(theirs.points.length, 240, 'two revisions of 120 rows');
  for (const [x, y, group, score] of theirs.points) {
    const bx = theirs.x(group);
    const by = theirs.y(score);
    assert.ok(x >= bx - 1e-9 && x <= bx + theirs.x.bandwidth() + 1e-9, `vega's x ${x} in ${group}'s band`);
    assert.ok(y >= by - 1e-9 && y <= by + theirs.y.bandwidth() + 1e-9, `vega's y ${y} in ${score}'s band`);
  }
});

test('scatter_jitter: our points lie in their bands, the same on every build, spread over the band', () => {
  const scene = ourScene();
  const again = ourScene();
  assert.deepEqual(again, scene, 'the same offsets on every build');
  assert.equal(scene.series.length, 2, 'one series per revision');
  const drawn = drawScene(
    { id: 'j', title: 'j', xLabel: 'group', yLabel: 'score', seriesKey: '', body: scene },
    460,
    300,
  );
  const area = plotArea({ id: 'j', title: 'j', xLabel: '', yLabel: '', seriesKey: '', body: scene }, 460, 300);
  // The data's points carry their values (for hover); the legend's swatches, points too since cdb5576, do not.
  const sets = drawn.items.filter(
    (p): p is Extract<Primitive, { k: 'points' }> => p.k === 'points' && p.at !== undefined,
  );
  assert.equal(sets.length, 2);
  let sum = 0;
  let count = 0;
  sets.forEach((set, k) => {
    const s = scene.series[k]!;
    assert.equal(set.color, s.color);
    for (let i = 0; i < s.xBand.length; i++) {
      const bx = band(s.xBand[i]!, scene.xLabels.length, area.width);
      const by = band(s.yBand[i]!, scene.yLabels.length, area.height);
      const x = set.points[2 * i]!;
      const y = set.points[2 * i + 1]!;
      assert.ok(x >= area.left + bx.start - 1e-3 && x <= area.left + bx.start + bx.width + 1e-3, `x of point ${i}`);
      assert.ok(y >= area.top + by.start - 1e-3 && y <= area.top + by.start + by.width + 1e-3, `y of point ${i}`);
      sum += s.xOffset[i]! + s.yOffset[i]!;
      count += 2;
    }
  });
  // 480 uniform offsets: their mean is 0.5 give or take 0.05 (about 4 standard errors); distinct points apart.
  assert.ok(Math.abs(sum / count - 0.5) < 0.05, `mean offset ${sum / count}`);
  const first = scene.series[0]!;
  const spots = new Set(Array.from(first.xOffset, (o, i) => `${o.toFixed(3)},${first.yOffset[i]!.toFixed(3)}`));
  assert.equal(spots.size, first.xOffset.length, 'no two points on one spot');
});
