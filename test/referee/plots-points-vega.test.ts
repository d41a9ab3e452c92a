// Vega is the referee of how the `scatter` and `scatter_jitter` templates draw their points: DVC's own spec of each
// plot (`dvc plots diff HEAD --json`), over two revisions and several y sources (five files, so DVC's four shapes
// repeat; two fields of one file), is compiled by vega-lite and run by vega in Node. Every point vega draws is
// hollow (transparent fill, stroked 2 px at opacity 0.7, size 30) in its revision's colour, in its source's shape;
// ours are the same per revision and source (symbols.ts), and our SVG outline of each shape is vega's own path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectPlots } from '../../src/core/plots/collect';
import { drawScene } from '../../src/core/plots/draw';
import type { Primitive } from '../../src/core/plots/primitives';
import { buildScene } from '../../src/core/plots/scene';
import { drawListSvg } from '../../src/core/plots/svg';
import { dvcVegaSpec } from '../support/dvc-vega';
import { dvcRepo } from '../support/runner-workspace';

const FILES = ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv'];
const data = (shift: number) =>
  Object.fromEntries(
    FILES.map((f, k) => [f, `x,y\n${[0, 1, 2].map((i) => `${i + k},${(i * 3 + k + shift) % 7}`).join('\n')}\n`]),
  );
const jitter = (shift: number) => `g,s,t\n${[0, 1, 2, 3].map((i) => `${i % 2},${i + shift},${3 - i}`).join('\n')}\n`;

const root = dvcRepo(
  {
    'dvc.yaml': `plots:
  - multi:
      template: scatter
      x: x
      y:
${FILES.map((f) => `        ${f}: y`).join('\n')}
  - jit:
      template: scatter_jitter
      x: g
      y:
        j.csv: [s, t]
`,
    ...data(0),
    'j.csv': jitter(0),
  },
  'mlops-points-',
);
for (const [f, text] of Object.entries(data(1))) writeFileSync(join(root, f), text);
writeFileSync(join(root, 'j.csv'), jitter(1));

interface VegaPoint {
  rev: string;
  source: string;
  shape: string;
  size: number;
  strokeWidth: number;
  stroke: string;
  fill: string;
  opacity: number;
}

/** Vega's points of a plot (the symbols holding a row) and its SVG path per source. */
async function vegaPoints(
  id: string,
  sourceField: string,
): Promise<{ points: VegaPoint[]; paths: Map<string, string> }> {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const view = new vega.View(vega.parse(vegaLite.compile(dvcVegaSpec(root, id)).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    const points: VegaPoint[] = [];
    const visit = (node: { marktype?: string; items?: unknown[] }): void => {
      for (const item of (node.items ?? []) as (VegaPoint & { datum?: Record<string, unknown>; items?: unknown[] })[]) {
        if (node.marktype === 'symbol' && item.datum && 'rev' in item.datum)
          points.push({ ...item, rev: String(item.datum.rev), source: String(item.datum[sourceField]) });
        visit(item as { marktype?: string; items?: unknown[] });
      }
    };
    visit((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
    const svg = await view.toSVG();
    // Each point's path, by its source (its aria-label names the row: "…; filename: a.csv").
    const paths = new Map<string, string>();
    for (const m of svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="point"[^>]*? d="([^"]+)"/g)) {
      const source = new RegExp(`${sourceField}: ([^;]+)`).exec(m[1]!)?.[1];
      if (source !== undefined) paths.set(source.trim(), m[2]!);
    }
    return { points, paths };
  } finally {
    view.finalize();
  }
}

const numbers = (d: string): number[] => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

function ourPoints(id: string): Extract<Primitive, { k: 'points' }>[] {
  const plot = collectPlots({ root, revisions: ['HEAD', 'workspace'] }).plots.find((p) => p.id === id);
  if (plot?.kind !== 'vega') throw new Error(`no ${id} plot`);
  const built = buildScene(plot);
  assert.ok(built.ok);
  // The data's points carry their values (for hover); the legend's swatches, points too since cdb5576, do not.
  return drawScene(built.scene, 460, 300).items.filter(
    (p): p is Extract<Primitive, { k: 'points' }> => p.k === 'points' && p.at !== undefined,
  );
}

for (const [id, sourceField, sources] of [
  ['multi', 'filename', 5],
  ['jit', 'field', 2],
] as const)
  test(`${id}: hollow points in the revision's colour and the source's shape, as vega draws DVC's spec`, async () => {
    const theirs = await vegaPoints(id, sourceField);
    const ours = ourPoints(id);
    assert.equal(ours.length, 2 * sources, 'one point set per revision and source');
    assert.equal(new Set(theirs.points.map((p) => p.source)).size, sources);
    for (const set of ours) {
      const mine = theirs.points.filter((p) => p.rev === set.revision && p.source === set.source);
      assert.ok(mine.length > 0, `vega drew ${set.revision} ${set.source}`);
      for (const p of mine) {
        assert.equal(p.fill, 'transparent', 'vega’s points are hollow');
        assert.equal(set.style.kind, 'hollow', 'ours too');
        assert.equal(set.style.kind === 'hollow' && set.style.strokeWidth, p.strokeWidth);
        assert.equal(set.opacity, p.opacity);
        assert.equal(set.color, p.stroke, `${set.revision}'s colour`);
        // The shape: ours drawn as SVG is vega's own outline of that shape (3 decimals vs our 2).
        const svg = drawListSvg({
          width: 10,
          height: 10,
          title: '',
          items: [{ ...set, points: Float32Array.of(0, 0) }],
        });
        const mark = /<circle[^>]* r="([^"]+)"|<path[^>]* d="([^"]+)"/.exec(svg);
        assert.ok(mark);
        const vegaPath = theirs.paths.get(p.source);
        assert.ok(vegaPath, `vega drew ${p.source}'s ${p.shape}`);
        if (p.shape === 'circle') assert.ok(Math.abs(Number(mark[1]) - numbers(vegaPath)[0]!) < 0.01, 'radius');
        else {
          const a = numbers(mark[2]!);
          const b = numbers(vegaPath);
          // vega writes a square as M x,y h w v w h -w Z; compare its corners instead.
          const corners =
            p.shape === 'square'
              ? [b[0]!, b[1]!, b[0]! + b[2]!, b[1]!, b[0]! + b[2]!, b[1]! + b[3]!, b[0]!, b[1]! + b[3]!]
              : b;
          assert.equal(a.length, corners.length, `${p.shape} vertices`);
          a.forEach((v, i) =>
            assert.ok(Math.abs(v - corners[i]!) < 0.01, `${p.shape} vertex ${i}: ${v} vs ${corners[i]}`),
          );
        }
      }
    }
  });
