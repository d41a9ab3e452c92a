// Metrics panels in headless Chromium (issue 7):
//  1. first paint of 10 runs × 100k points: our compare panel (uPlot on canvas) against vega-lite (what the
//     DVC extension uses; canvas renderer) on the same data, in the same browser, same run;
//  2. live: 1k points/s appended to a running run's panel for BENCH_LIVE_SECONDS (default 60), frame times.
// Data is generated inside the page so both sides pay only for rendering, not for the transfer.
import { launch, openPanel, send } from '../test/webview/page';
import { openVegaPage } from './vega-page';
import { run } from '../test/webview/fixtures';

const RUNS = 10;
const POINTS = 100_000;
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 60);

const makeData = `(runs, points) => {
  const out = [];
  for (let r = 0; r < runs; r++) {
    const steps = new Float64Array(points), values = new Float64Array(points), timestamps = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      steps[i] = i;
      values[i] = 1 / (1 + i * (0.001 + r * 0.0002)) + Math.sin(i / 50) * 0.01;
      timestamps[i] = 1700000000000 + i * 10;
    }
    out.push({ steps, values, timestamps });
  }
  return out;
}`;

async function ours(): Promise<number> {
  const browser = await launch();
  const { page, close } = await openPanel(browser, 'compare');
  const runs = Array.from({ length: RUNS }, (_, i) => run(`r${i}`, { name: `run ${i}` }));
  const ms = await page.evaluate(
    async ([runsJson, make, n, p]) => {
      const data = (eval(make) as (r: number, p: number) => unknown[])(n, p);
      const summaries = JSON.parse(runsJson) as { id: string }[];
      const histories = Object.fromEntries(summaries.map((r, i) => [r.id, { loss: data[i] }]));
      const t0 = performance.now();
      window.postMessage({ type: 'load', kind: 'compare', runs: summaries, histories }, '*');
      await new Promise<void>((resolve) => {
        const check = () =>
          document.querySelector('figure.chart canvas') ? requestAnimationFrame(() => resolve()) : setTimeout(check, 0);
        check();
      });
      return performance.now() - t0;
    },
    [JSON.stringify(runs), makeData, RUNS, POINTS] as const,
  );
  await close();
  await browser.close();
  return ms;
}

async function vegaLite(): Promise<number> {
  const browser = await launch();
  const { page, close } = await openVegaPage(browser);
  const ms = await page.evaluate(
    async ([make, n, p]) => {
      const data = (eval(make) as (r: number, p: number) => { steps: Float64Array; values: Float64Array }[])(n, p);
      const values = data.flatMap((s, r) =>
        Array.from(s.steps, (step, i) => ({ run: `run ${r}`, step, value: s.values[i] })),
      );
      const w = window as unknown as { vega: any; vegaLite: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
      const t0 = performance.now();
      const spec = w.vegaLite.compile({
        width: 360,
        height: 200,
        data: { values },
        mark: 'line',
        encoding: {
          x: { field: 'step', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative' },
          color: { field: 'run', type: 'nominal' },
        },
      }).spec;
      const view = new w.vega.View(w.vega.parse(spec), { renderer: 'canvas', container: '#v' });
      await view.runAsync();
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    },
    [makeData, RUNS, POINTS] as const,
  );
  await close();
  await browser.close();
  return ms;
}

async function live(): Promise<{ frames: number; p50: number; p99: number; max: number; points: number }> {
  const browser = await launch();
  const { page, close } = await openPanel(browser, 'run');
  await send(page, {
    type: 'load',
    kind: 'run',
    runs: [run('live', { status: 'RUNNING', endTime: null } as never)],
    histories: {
      live: { loss: { steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) } },
    },
  });
  await page.waitForFunction(() => document.querySelector('main h1') !== null);
  const result = await page.evaluate(async (seconds) => {
    const gaps: number[] = [];
    let last = performance.now();
    let running = true;
    const frame = (t: number) => {
      gaps.push(t - last);
      last = t;
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    let step = 0;
    const timer = setInterval(() => {
      const points = Array.from({ length: 100 }, () => ({
        key: 'loss',
        step: step++,
        value: 1 / (1 + step * 0.001),
        timestamp: Date.now(),
      }));
      window.postMessage({ type: 'append', runId: 'live', points }, '*');
    }, 100);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    clearInterval(timer);
    running = false;
    const sorted = gaps.slice(5).sort((a, b) => a - b);
    const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0;
    return { frames: sorted.length, p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0, points: step };
  }, LIVE_SECONDS);
  await close();
  await browser.close();
  return result;
}

async function main(): Promise<void> {
  const a = await ours();
  const b = await vegaLite();
  console.log(`first paint, ${RUNS} runs × ${POINTS.toLocaleString('en')} points`);
  console.log(`  ours (uPlot canvas)    ${a.toFixed(0)} ms   (target ≤ 300 ms)`);
  console.log(`  vega-lite (canvas)     ${b.toFixed(0)} ms`);
  console.log(`  ratio vega-lite / ours ${(b / a).toFixed(1)}×   (target ≥ 10×)`);
  const l = await live();
  console.log(
    `live append, 1,000 points/s for ${LIVE_SECONDS} s (${l.points.toLocaleString('en')} points): ${l.frames} frames, frame gap p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (target < 16 ms)`,
  );
}

void main();
