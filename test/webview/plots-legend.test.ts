// A scatter plot's legend in headless Chromium, as DVC's vega pages draw it: each y source's entry shows the point
// as the plot draws it — hollow, in that source's shape (circle, square, triangle, diamond, then circle again for
// a fifth source) — not a line. The run panel is fed by the host's plots model over a real git + DVC repository
// whose scatter plot has five y sources; each legend swatch's painted pixels (at 4 device pixels per CSS pixel)
// are classified by their outline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { runPlotsMessage } from '../../src/extension/panels/plots-model';
import { SOURCE_SHAPES, type ShapeName } from '../../src/core/plots/symbols';
import { dvcRepo } from '../support/runner-workspace';
import { launch, openPanel, screenshot, send } from './page';
import { histories, run } from './fixtures';

const SOURCES = ['a', 'b', 'c', 'd', 'e'];
const root = dvcRepo(
  {
    'dvc.yaml': `plots:
  - shapes:
      template: scatter
      x: x
      y:
        pts.csv: [${SOURCES.join(', ')}]
`,
    'pts.csv': `x,${SOURCES.join(',')}\n${[1, 2, 3, 4].map((x) => [x, ...SOURCES.map((_, k) => x * (k + 1))].join(',')).join('\n')}\n`,
  },
  'mlops-plots-legend-',
);

const SCALE = 4;
let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

/**
 * The outline painted around (x, y) (CSS pixels) of the plot's canvas, told apart by where it has ink: a square
 * fills its box's corners; a triangle is narrow at the top and wide at the bottom; a circle's ring passes through
 * the box's diagonals at 0.3 of its size, where a diamond has no ink.
 */
async function shapeAt(page: Page, id: string, x: number, y: number): Promise<ShapeName | 'none'> {
  const ink = await page.evaluate(
    ([sel, cx, cy, scale]) => {
      const canvas = document.querySelector(`${sel} canvas`) as HTMLCanvasElement;
      const half = 6 * scale;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        cx * scale - half,
        cy * scale - half,
        2 * half + 1,
        2 * half + 1,
      ).data;
      const rows: boolean[][] = [];
      for (let r = 0; r <= 2 * half; r++) {
        const row: boolean[] = [];
        for (let c = 0; c <= 2 * half; c++) row.push((data[(r * (2 * half + 1) + c) * 4 + 3] as number) > 96);
        rows.push(row);
      }
      return rows;
    },
    [`figure.plot[data-id="${id}"]`, x, y, SCALE] as const,
  );
  const lit: [number, number][] = [];
  ink.forEach((row, r) => row.forEach((on, c) => on && lit.push([r, c])));
  if (lit.length === 0) return 'none';
  const top = Math.min(...lit.map(([r]) => r));
  const bottom = Math.max(...lit.map(([r]) => r));
  const left = Math.min(...lit.map(([, c]) => c));
  const right = Math.max(...lit.map(([, c]) => c));
  const h = bottom - top;
  const w = right - left;
  const on = (fr: number, fc: number): boolean => ink[Math.round(top + fr * h)]![Math.round(left + fc * w)]!;
  const widthOf = (r: number): number => ink[r]!.filter(Boolean).length;
  const band = Math.max(1, Math.round(h / 6));
  const topWidth = Math.max(...Array.from({ length: band }, (_, k) => widthOf(top + k)));
  const bottomWidth = Math.max(...Array.from({ length: band }, (_, k) => widthOf(bottom - k)));
  if (bottomWidth > 2 * topWidth) return 'triangle';
  if (on(0.03, 0.03) && on(0.97, 0.97) && on(0.03, 0.97) && on(0.97, 0.03)) return 'square';
  const diagonals = [on(0.2, 0.2), on(0.2, 0.8), on(0.8, 0.2), on(0.8, 0.8)].filter(Boolean).length;
  return diagonals >= 3 ? 'circle' : diagonals === 0 ? 'diamond' : 'none';
}

test("a scatter plot's legend shows each y source's point shape, hollow, not a line", async () => {
  const { page, close } = await openPanel(browser, 'run', undefined, SCALE);
  try {
    await send(page, { type: 'load', kind: 'run', runs: [run('r1')], histories: histories(['r1'], 5) });
    const message = runPlotsMessage(root, 'r1', null, []);
    await send(page, message);
    await page.waitForSelector('figure.plot[data-id="shapes"] canvas');
    const plot = message.plots.find((p) => p.id === 'shapes');
    assert.ok(plot?.kind === 'drawing');
    // Legend marks carry no values (hover ignores them); the data's points do.
    const swatches = plot.drawing.items.flatMap((p) => (p.k === 'points' && p.at === undefined ? [p] : []));
    assert.equal(swatches.length, SOURCES.length, 'one swatch per y source');
    assert.equal(plot.drawing.items.filter((p) => p.k === 'path' && p.at === undefined && p.width === 2).length, 0);
    const painted: string[] = [];
    for (const s of swatches) {
      painted.push(await shapeAt(page, 'shapes', s.points[0]!, s.points[1]!));
    }
    // vega's order over the sources sorted, repeated past four.
    assert.deepEqual(
      painted,
      SOURCES.map((_, i) => SOURCE_SHAPES[i % SOURCE_SHAPES.length]),
    );
    // The swatch is hollow: its centre has no ink.
    const centre = await page.evaluate(
      ([x, y, scale]) => {
        const canvas = document.querySelector('figure.plot[data-id="shapes"] canvas') as HTMLCanvasElement;
        return (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(x * scale, y * scale, 1, 1).data[3];
      },
      [swatches[0]!.points[0]!, swatches[0]!.points[1]!, SCALE] as const,
    );
    assert.ok((centre ?? 255) < 96, 'a hollow swatch');
    await page.locator('figure.plot[data-id="shapes"]').screenshot({ path: await screenshot(page, 'legend-shapes') });
  } finally {
    await close();
  }
});
