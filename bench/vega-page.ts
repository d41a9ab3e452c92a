// A blank page with vega and vega-lite (from node_modules, the builds the DVC extension ships) loaded, served on
// loopback, for the benches that measure vega-lite rendering the same data as our panels in the same Chromium.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { keepNamesShim } from '../test/webview/page';

export async function openVegaPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const root = join(__dirname, '..');
  const files: Record<string, string> = {
    '/vega.js': join(root, 'node_modules/vega/build/vega.min.js'),
    '/vega-lite.js': join(root, 'node_modules/vega-lite/build/vega-lite.min.js'),
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (req.url === '/')
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!DOCTYPE html><body><div id="v"></div><script src="/vega.js"></script><script src="/vega-lite.js"></script></body>',
        );
    else if (file) res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.addInitScript(keepNamesShim);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return {
    page,
    close: async () => {
      await page.close();
      await new Promise((r) => server.close(r));
    },
  };
}
