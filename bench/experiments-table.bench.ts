// The experiments table's first paint of 10,000 experiments (issue 14: ≤ 300 ms), in headless Chromium, from
// the host's `load` message (the rows' JSON text, as the host sends it) to the first frame with rows on screen. The peer, in the same browser and run, is
// the same rows drawn as one plain table with every row in the DOM (what a table without virtualisation —
// vscode-dvc's — must do), on the same data, so the ratio shows what virtualising buys.
import { launch, openPanel } from '../test/webview/page';
import { experimentRows } from '../test/webview/experiment-rows';
import { defaultExpSettings, encodeRows } from '../src/webview/experiments-contract';

const ROWS = 10_000;
const LIMIT_MS = 300;
const REPEAT = 5;

async function main(): Promise<void> {
  const rows = experimentRows(ROWS);
  const browser = await launch();
  const ours: number[] = [];
  const plain: number[] = [];
  try {
    for (let i = 0; i < REPEAT; i++) {
      const { page, close } = await openPanel(browser, 'experiments');
      ours.push(
        await page.evaluate(
          async ([text, settings]) => {
            const t0 = performance.now();
            window.postMessage({ type: 'load', rows: text, visible: null, settings, trusted: true }, '*');
            await new Promise<void>((resolve) => {
              const check = () =>
                document.querySelector('.exp-grid tbody tr[data-id]')
                  ? requestAnimationFrame(() => resolve())
                  : setTimeout(check, 0);
              check();
            });
            return performance.now() - t0;
          },
          [encodeRows(rows), defaultExpSettings] as const,
        ),
      );
      // The peer: every row and cell in the DOM at once, in the same page and theme.
      plain.push(
        await page.evaluate((r) => {
          const t0 = performance.now();
          const keys = [...new Set(r.flatMap((x) => [...Object.keys(x.metrics), ...Object.keys(x.params)]))];
          const table = document.createElement('table');
          for (const x of r) {
            const tr = table.insertRow();
            tr.insertCell().textContent = x.name;
            tr.insertCell().textContent = x.status;
            for (const k of keys) tr.insertCell().textContent = String(x.metrics[k] ?? x.params[k] ?? '');
          }
          document.body.append(table);
          return new Promise<number>((resolve) =>
            requestAnimationFrame(() => {
              void table.offsetHeight;
              resolve(performance.now() - t0);
            }),
          );
        }, rows),
      );
      await close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] as number;
  const o = median(ours);
  const p = median(plain);
  console.log(`experiments table, first paint of ${ROWS} experiments (median of ${REPEAT}):`);
  console.log(
    `  ours (virtualised)        ${o.toFixed(0)} ms   limit ${LIMIT_MS} ms${o <= LIMIT_MS ? '' : '   OVER THE LIMIT'}`,
  );
  console.log(`  every row in the DOM      ${p.toFixed(0)} ms   ratio ours/peer ${(o / p).toFixed(2)}×`);
}

void main();
