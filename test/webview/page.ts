// Serves a built panel bundle on loopback with the same HTML and CSP the extension uses, a fake
// `acquireVsCodeApi` that records what the panel posts, and drives it in Debian's Chromium.
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/panels/panel-html';
import type { HostMessage, PanelBundle, PanelMessage } from '../../src/webview/contract';

const root = join(__dirname, '../..');
export const screenshotDir = join(root, 'test-results/webview');

const fakeApi = `
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => JSON.parse(sessionStorage.getItem('state') || 'null'),
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});`;

export const darkTheme = {
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#444444',
  '--vscode-font-family': 'sans-serif',
  '--vscode-font-size': '13px',
};
export const lightTheme = {
  '--vscode-foreground': '#3b3b3b',
  '--vscode-editor-background': '#ffffff',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-panel-border': '#d0d0d0',
  '--vscode-font-family': 'sans-serif',
  '--vscode-font-size': '13px',
};

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) latest = Math.max(latest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return latest;
}

/** Builds the bundles when one is missing or older than the sources it is made from: never test an old bundle. */
function ensureBuilt(kind: PanelBundle): void {
  const bundle = join(root, `dist/webview/${kind}.js`);
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : -1;
  // The panels' code and the core modules they import (src/webview may import only from src/core).
  if (built >= Math.max(newest(join(root, 'src/webview')), newest(join(root, 'src/core')))) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(bundle)) throw new Error(`npm run build made no ${bundle}`);
}

export async function serve(kind: PanelBundle): Promise<{ url: string; server: Server }> {
  ensureBuilt(kind);
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const files: Record<string, [string, () => string | Buffer]> = {
      '/': [
        'text/html',
        () =>
          panelHtml({
            kind,
            title: 'test',
            cspSource: origin,
            scriptUri: `/${kind}.js`,
            styleUri: `/${kind}.css`,
            preludeUri: '/fake-vscode.js',
          }),
      ],
      '/fake-vscode.js': ['text/javascript', () => fakeApi],
      [`/${kind}.js`]: ['text/javascript', () => readFileSync(join(root, `dist/webview/${kind}.js`))],
      [`/${kind}.css`]: ['text/css', () => readFileSync(join(root, `dist/webview/${kind}.css`))],
    };
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** tsx compiles callbacks with esbuild's keepNames, which calls `__name`; the page needs it defined. */
export const keepNamesShim = 'window.__name = (f) => f;';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function openPanel(
  browser: Browser,
  kind: PanelBundle,
  theme: Record<string, string> = darkTheme,
  /** Device pixels per CSS pixel (a test measuring small marks paints them larger). */
  deviceScaleFactor = 1,
): Promise<{ page: Page; close(): Promise<void> }> {
  const { url, server } = await serve(kind);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor });
  await page.addInitScript(keepNamesShim);
  await page.goto(url);
  await setTheme(page, theme, 'vscode-dark');
  return {
    page,
    close: async () => {
      await page.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** As VS Code does: CSS variables on <html>, a theme class on <body>. */
export async function setTheme(page: Page, vars: Record<string, string>, bodyClass: string): Promise<void> {
  await page.evaluate(
    ([v, cls]) => {
      for (const [k, value] of Object.entries(v)) document.documentElement.style.setProperty(k, value);
      document.body.className = cls;
    },
    [vars, bodyClass] as const,
  );
}

export async function send(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

export async function posted(page: Page): Promise<PanelMessage[]> {
  return page.evaluate(() => (window as unknown as { __posted: PanelMessage[] }).__posted);
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Counts canvas pixels close to an `#rrggbb` colour inside the first canvas of `selector`. */
export async function countColor(page: Page, selector: string, hex: string): Promise<number> {
  return page.evaluate(
    ([sel, color]) => {
      const canvas = document.querySelector(`${sel} canvas`) as HTMLCanvasElement | null;
      if (!canvas) return -1;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          Math.abs((data[i] as number) - r) < 24 &&
          Math.abs((data[i + 1] as number) - g) < 24 &&
          Math.abs((data[i + 2] as number) - b) < 24 &&
          (data[i + 3] as number) > 128
        )
          n++;
      }
      return n;
    },
    [selector, hex] as const,
  );
}

/**
 * Resolves once an image the page requests now from `src` has failed or loaded. An image made from an injected
 * payload with that src was requested earlier, so by then its onerror/onload has had its turn: a test can then
 * assert that nothing ran, having waited for the event that would have shown it rather than for a fixed time.
 */
export async function imageSettled(page: Page, src: string): Promise<void> {
  await page.evaluate(
    (s) =>
      new Promise<void>((resolve) => {
        const probe = new Image();
        probe.onload = probe.onerror = () => resolve();
        probe.src = s;
      }),
    src,
  );
}
